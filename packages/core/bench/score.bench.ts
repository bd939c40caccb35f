/**
 * Scoring benchmark: a synthetic set of 8 areas / 40 criteria / 100 sub-criteria using every rule kind,
 * and 10,000 unit assessments. Prints units scored per second: every result held with its traces, scoring
 * assessments parsed beforehand and from documents (parse + score); from documents held without traces
 * (`trace: false`); and through to JSON text as the CLI and the HTTP API write each result (nothing held).
 * Then the memory the results hold, the ratio against a baseline run in the same process that adds up the
 * same leaf values as plain JS numbers, and against the floor of holding plain result trees at all (the
 * same trees copied into new plain nodes, held, with no scoring), and the floor of the JSON text itself (V8's
 * JSON.stringify of finished JSON objects). Run: npm run bench (in packages/core, or at the root).
 */
import {
  type Assessment,
  type AssessmentInput,
  type CriteriaSetInput,
  type CriterionInput,
  parseAssessment,
  parseCriteriaSet,
  type ResultNode,
  resultToJson,
  resultToJsonText,
  scoreAssessment,
  type UnitResult,
  unwrap,
} from '../src/index.js';
import { builtinRules } from '../src/subpaths/rules.js';

const UNITS = Number(process.env['BENCH_UNITS'] ?? 10_000);
const AREAS = 8;
const CRITERIA_PER_AREA = 5;
const SUB_CRITERIA = 100;

/** A small deterministic generator, so that every run scores the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Kind =
  | 'direct'
  | 'on-time'
  | 'met'
  | 'proportional'
  | 'tiers'
  | 'tasks'
  | 'share-completed'
  | 'count'
  | 'deduction'
  | 'levels'
  | 'survey'
  | 'conversion';
const KINDS = builtinRules.map((rule) => rule.kind as Kind);

function ruleFor(kind: Kind): Record<string, unknown> {
  switch (kind) {
    case 'direct':
      return { kind, step: 0.25 };
    case 'met':
      return { kind, threshold: 100 };
    case 'proportional':
      return { kind, threshold: 50 };
    case 'tiers':
      return {
        kind,
        tiers: [
          { min: 100, points: 1 },
          { min: 80, points: 0.5 },
        ],
      };
    case 'tasks':
      return { kind, lateWeight: 0.5 };
    case 'count':
      return { kind, pointsEach: 0.25 };
    case 'deduction':
      return { kind, perViolation: 0.25 };
    case 'conversion':
      return {
        kind,
        breakpoints: [
          { from: 0, points: 0 },
          { from: 100, points: 0.5 },
          { from: 150, points: 1 },
        ],
      };
    default:
      return { kind };
  }
}

function factsFor(kind: Kind, next: () => number): Record<string, unknown> {
  const int = (n: number) => Math.floor(next() * n);
  switch (kind) {
    case 'direct':
      return { score: (int(5) * 25) / 100 };
    case 'on-time':
      return { facts: { onTime: next() < 0.8 } };
    case 'met':
    case 'proportional':
    case 'tiers':
      return { facts: { count: 60 + int(10), total: 69 } };
    case 'tasks':
      return { facts: { onTime: int(20), late: int(10), unfinished: int(5) } };
    case 'share-completed':
      return { facts: { completed: 20 + int(10), total: 29 } };
    case 'count':
      return { facts: { count: int(6) } };
    case 'deduction':
      return { facts: { violations: int(3) } };
    case 'levels':
      return { facts: { level: ['excellent', 'good', 'completed', 'notCompleted'][int(4)] } };
    case 'survey':
      return { facts: { answers: { A: int(50), B: int(30), C: 1 + int(10), D: int(5) } } };
    case 'conversion':
      return { facts: { value: `${100 + int(50)},${int(10)}` } };
  }
}

function syntheticSet(): { set: CriteriaSetInput; leaves: { code: string; kind: Kind }[] } {
  const leaves: { code: string; kind: Kind }[] = [];
  const criteria: CriterionInput[] = [];
  let leafCount = 0;
  for (let a = 1; a <= AREAS; a++) {
    const children: CriterionInput[] = [];
    for (let c = 1; c <= CRITERIA_PER_AREA; c++) {
      const criterionIndex = (a - 1) * CRITERIA_PER_AREA + c;
      // 100 sub-criteria over 40 criteria: 2 or 3 each.
      const count =
        Math.round((criterionIndex * SUB_CRITERIA) / (AREAS * CRITERIA_PER_AREA)) -
        Math.round(((criterionIndex - 1) * SUB_CRITERIA) / (AREAS * CRITERIA_PER_AREA));
      const subs: CriterionInput[] = [];
      for (let s = 1; s <= count; s++) {
        const kind = KINDS[leafCount % KINDS.length]!;
        const code = `${a}.${c}.${s}`;
        leaves.push({ code, kind });
        subs.push({
          code,
          name: `Tiêu chí thành phần ${code}`,
          max: 1,
          rule: ruleFor(kind) as CriterionInput['rule'],
        });
        leafCount++;
      }
      children.push({ code: `${a}.${c}`, name: `Tiêu chí ${a}.${c}`, children: subs });
    }
    criteria.push({ code: String(a), name: `Lĩnh vực ${a}`, children });
  }
  return {
    set: {
      id: 'bench',
      title: 'Synthetic benchmark set',
      classes: [
        { label: 'Xuất sắc', min: 90 },
        { label: 'Tốt', min: 80 },
        { label: 'Khá', min: 65 },
        { label: 'Trung bình', min: 50 },
        { label: 'Yếu', min: 0 },
      ],
      criteria,
    },
    leaves,
  };
}

/** What issue 29 asks of this benchmark. */
const GOALS = { heldRatio: 100, kibPerUnit: 15 };
/**
 * The same figures at c6cf59e, before results were held compactly (issue 29), on this machine: ratios to
 * the float baseline of their own run, so that they compare with this run's ratios on a faster or slower day.
 */
const BEFORE = { heldRatio: 818.6, toJsonRatio: 899, kibPerUnit: 63 };

/**
 * Turns of the timed loops whose median is printed. Five: the first scoring turn is always slower (the heap
 * grows to hold the results), and this machine's pace wanders, so that with three a single slow turn
 * besides the first decided the figure.
 */
const TURNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Turns of the loops through to JSON text and of its floor. */
const JSON_TURNS = 3;

/** The median of the seconds that `run` takes, in `turns` turns. */
function medianOfTurns(turns: number, run: () => void): number {
  const seconds: number[] = [];
  for (let turn = 0; turn < turns; turn++) seconds.push(timed(run));
  return median(seconds);
}

/** The heap in use and the array buffers outside it (a scored unit's figures are a typed array). */
function heldBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Seconds that `run` takes. */
function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function main(): void {
  const { set: setDocument, leaves } = syntheticSet();
  const set = unwrap(parseCriteriaSet(setDocument));
  const next = random(2021);
  const documents: AssessmentInput[] = [];
  for (let u = 0; u < UNITS; u++) {
    const entries: NonNullable<AssessmentInput['entries']> = {};
    for (const leaf of leaves) entries[leaf.code] = factsFor(leaf.kind, next) as never;
    if (u % 10 === 0) entries[leaves[u % leaves.length]!.code] = { notApplicable: true };
    documents.push({
      criteriaSet: 'bench',
      unit: { id: `u${u}`, name: `Đơn vị ${u}` },
      period: 2021,
      entries,
    });
  }

  // Warm-up, so that every run is measured with optimised code.
  for (let i = 0; i < 500; i++) unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[i]!))));

  // 1. The scoring loop: assessments parsed beforehand and settled (the parse's garbage collected before
  // the clock starts, as the baseline's inputs are), every result held (its traces on demand). The median
  // of the turns, each from an empty heap of results, as this machine's pace wanders between turns.
  globalThis.gc?.();
  const heapBefore = heldBytes();
  let parsed: Assessment[] | undefined = documents.map((document) => unwrap(parseAssessment(document)));
  globalThis.gc?.();
  let peakRss = process.memoryUsage().rss;
  let results: UnitResult[] = [];
  const scoringTurns: number[] = [];
  for (let turn = 0; turn < TURNS; turn++) {
    results = new Array(UNITS);
    globalThis.gc?.();
    scoringTurns.push(
      timed(() => {
        for (let u = 0; u < UNITS; u++) {
          results[u] = unwrap(scoreAssessment(set, parsed![u]!));
          if (u % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }
      }),
    );
  }
  const scoring = median(scoringTurns);
  parsed = undefined;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  globalThis.gc?.();
  // What the results hold, the entries of their assessments included.
  const heapHeld = heldBytes() - heapBefore;

  // 2. From documents: parsing and scoring, every result held.
  results = new Array(UNITS);
  globalThis.gc?.();
  const fromDocuments = timed(() => {
    for (let u = 0; u < UNITS; u++) {
      results[u] = unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[u]!))));
    }
  });

  // 2b. From documents, results held without their traces (`trace: false`).
  results = new Array(UNITS);
  globalThis.gc?.();
  const heapBeforeBare = heldBytes();
  const withoutTraces = timed(() => {
    for (let u = 0; u < UNITS; u++) {
      results[u] = unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[u]!)), { trace: false }));
    }
  });
  globalThis.gc?.();
  const heapHeldBare = heldBytes() - heapBeforeBare;
  results = new Array(UNITS);
  for (let u = 0; u < UNITS; u++)
    results[u] = unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[u]!))));

  // Every trace is available: read them all for a sample, and check one against its figure.
  let traced = 0;
  const readTraces = (node: ResultNode): void => {
    if (node.trace.length > 0) traced++;
    node.children.forEach(readTraces);
  };
  for (let u = 0; u < UNITS; u += 97) results[u]!.nodes.forEach(readTraces);

  // Baseline: the same leaf values (as scored above) added up as plain JS numbers, per area and in total.
  const leafValues: Float64Array[] = results.map((result) => {
    const values: number[] = [];
    const collect = (node: ResultNode): void => {
      if (node.children.length === 0)
        values.push(node.status === 'scored' ? Number(node.achieved!.toString()) : Number.NaN);
      node.children.forEach(collect);
    };
    result.nodes.forEach(collect);
    return Float64Array.from(values);
  });
  const areaOf = leaves.map((leaf) => Number(leaf.code.split('.')[0]) - 1);
  let sink = 0;
  const baselineRun = () => {
    for (let u = 0; u < UNITS; u++) {
      const values = leafValues[u]!;
      const achieved = new Float64Array(AREAS);
      const max = new Float64Array(AREAS);
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        if (Number.isNaN(value)) continue;
        achieved[areaOf[i]!]! += value;
        max[areaOf[i]!]! += 1;
      }
      let total = 0;
      let totalMax = 0;
      for (let a = 0; a < AREAS; a++) {
        total += achieved[a]!;
        totalMax += max[a]!;
      }
      sink += Math.round((total / totalMax) * 10_000) / 100;
    }
  };
  baselineRun();
  // Twenty runs a turn (one is too short to time), the median turn, as for the scoring.
  const baselineRounds = 20;
  const baselineSeconds =
    medianOfTurns(TURNS, () => {
      for (let r = 0; r < baselineRounds; r++) baselineRun();
    }) / baselineRounds;

  const perSecond = (seconds: number) => Math.round(UNITS / seconds).toLocaleString('en');
  const baselineSpeed = UNITS / baselineSeconds;
  // 3. Through to JSON text, as the CLI and the HTTP API write each result: nothing held (the results
  // above are let go first), every figure and trace read.
  const firstTrace = results[0]!.nodes[0]!.children[0]!.children[0]!.trace;
  const template = results[0]!.nodes;
  results = [];
  globalThis.gc?.();

  // The floor of held plain results: copying a result's tree into new frozen plain nodes with a trace
  // string of their own, 10,000 times, held. No scoring: what holding results as plain data costs here.
  const copy = (node: ResultNode, unit: number): ResultNode =>
    Object.freeze({
      ...node,
      trace: `${node.trace} ${unit}`,
      children: node.children.map((child) => copy(child, unit)),
    });
  let copies: (readonly ResultNode[])[] = new Array(UNITS);
  globalThis.gc?.();
  const floor = timed(() => {
    for (let u = 0; u < UNITS; u++) copies[u] = template.map((node) => copy(node, u));
  });
  copies = [];
  globalThis.gc?.();
  // Through to JSON text, and its floor below: the median of three turns each (nothing is held, so no turn
  // grows the heap), as a single turn was at the mercy of this machine's pace.
  let written = 0;
  const toJson = medianOfTurns(JSON_TURNS, () => {
    written = 0;
    for (let u = 0; u < UNITS; u++) {
      const result = unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[u]!))));
      written += Buffer.byteLength(resultToJsonText(result));
    }
  });
  // The same through JSON objects (resultToJson, then JSON.stringify), as callers did before resultToJsonText.
  let writtenAsObjects = 0;
  const toJsonObjects = timed(() => {
    for (let u = 0; u < UNITS; u++) {
      const result = unwrap(scoreAssessment(set, unwrap(parseAssessment(documents[u]!))));
      writtenAsObjects += Buffer.byteLength(JSON.stringify(resultToJson(result)));
    }
  });
  if (writtenAsObjects !== written)
    throw new Error('resultToJsonText and resultToJson wrote different texts');
  // The floor of writing this text at all: V8's own JSON.stringify of finished JSON objects (made before
  // the clock starts, a thousand units written ten times each), nothing parsed or scored.
  const finished = documents
    .slice(0, 1000)
    .map((document) => resultToJson(unwrap(scoreAssessment(set, unwrap(parseAssessment(document))))));
  let writtenFinished = 0;
  const stringifyOnly = medianOfTurns(JSON_TURNS, () => {
    for (let u = 0; u < UNITS; u++)
      writtenFinished += Buffer.byteLength(JSON.stringify(finished[u % finished.length]));
  });
  if (writtenFinished === 0) throw new Error('nothing written');

  console.log(
    `@cchc/core scoring benchmark (${UNITS} units × ${leaves.length} sub-criteria, ${KINDS.length} rule kinds)`,
  );
  console.log(
    `  scoring (parsed assessments, exact, results held): ${perSecond(scoring)} units/s  (${(scoring * 1000).toFixed(0)} ms, median of ${scoringTurns.map((turn) => (turn * 1000).toFixed(0)).join(', ')})`,
  );
  console.log(
    `  from documents (parse + score, results held):      ${perSecond(fromDocuments)} units/s  (${(fromDocuments * 1000).toFixed(0)} ms)`,
  );
  console.log(
    `  from documents, trace: false (results held):     ${perSecond(withoutTraces)} units/s  (${mib(heapHeldBare)} held)`,
  );
  console.log(
    `  to JSON text (parse + score + resultToJsonText, not held): ${perSecond(toJson)} units/s  (${(written / UNITS / 1024).toFixed(1)} KiB a unit); through JSON objects: ${perSecond(toJsonObjects)} units/s`,
  );
  console.log(`  baseline (same leaf values, plain floats):         ${perSecond(baselineSeconds)} units/s`);
  console.log(
    `  floor of held plain results (copying the trees, no scoring): ${perSecond(floor)} units/s; scoring / floor: ${((floor / scoring) * 100).toFixed(0)} %`,
  );
  const ratio = (seconds: number) => baselineSpeed / (UNITS / seconds);
  console.log(
    `  ratio baseline/scoring: ${ratio(scoring).toFixed(1)}× (goal ≤ ${GOALS.heldRatio}×; ${BEFORE.heldRatio}× before compact results), baseline/from documents: ${ratio(fromDocuments).toFixed(1)}×`,
  );
  console.log(
    `  to JSON text: ${ratio(toJson).toFixed(1)}× the baseline; ${(BEFORE.toJsonRatio / ratio(toJson)).toFixed(1)}× the rate before compact results (${BEFORE.toJsonRatio}× the baseline then; goal ≥ 4×)`,
  );
  console.log(
    `  floor of the text itself (JSON.stringify of finished JSON objects, nothing scored): ${perSecond(stringifyOnly)} units/s, ${ratio(stringifyOnly).toFixed(1)}× the baseline = ${(BEFORE.toJsonRatio / ratio(stringifyOnly)).toFixed(1)}× the rate before; to JSON text / floor: ${((stringifyOnly / toJson) * 100).toFixed(0)} %`,
  );
  console.log(
    `  memory: ${mib(heapHeld)} held (heap and array buffers) by ${UNITS} results, ${(heapHeld / UNITS / 1024).toFixed(1)} KiB a unit (goal ≤ ${GOALS.kibPerUnit}; ${BEFORE.kibPerUnit} before), peak RSS ${mib(peakRss)}`,
  );
  console.log(`  traces read: ${traced} (sample of every 97th unit); first: ${firstTrace}`);
  if (sink === -1) console.log('');
}

main();
