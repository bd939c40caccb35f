import { LAYERS as CORE_LAYERS, type Layer as CoreLayer, deadlineInstant, isDeadline } from '@cchc/core';
import { textInput } from '@cchc/core/internal';
import { REMEDIATION_STATUSES, type RemediationStatus } from '@cchc/core/remediation';
import { z } from 'zod';
import { parseRole } from './keys.js';

const deadline = z.string().refine(isDeadline, {
  message: 'a deadline is an ISO 8601 date (2022-08-12) or date-time with its offset',
});

/**
 * Texts follow the core's rule for a document's text (trimmed, NFC, no control or invisible characters,
 * at most `MAX_TEXT_LENGTH`): a NUL would be refused by PostgreSQL, a bidi override would mislead a reader.
 */
const longText = textInput;
/** A name or a line: at most 500 characters. */
const name = textInput.pipe(z.string().max(500));
const id = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,99}$/u, 'an id is letters, digits, ".", "_" and "-" (at most 100)');

/** A round as an admin writes it (`PUT /v1/rounds/{round}`). */
export const roundDocumentSchema = z
  .strictObject({
    title: name,
    period: z.union([name, z.int()]).transform(String),
    authority: z.strictObject({ name }),
    units: z
      .array(z.strictObject({ id, name, criteriaSet: id, group: name.optional() }))
      .min(1)
      .max(10_000)
      .refine((units) => new Set(units.map((unit) => unit.id)).size === units.length, {
        message: 'each unit appears once',
      }),
    /**
     * Appraisal passes: one (the default, as rounds were before), or two with the units' explanations
     * between them (`appraised-1`, then `appraised`, the pass ranked).
     */
    passes: z.union([z.literal(1), z.literal(2)]).optional(),
    deadlines: z
      .strictObject({
        self: deadline,
        /** Two passes: the end of the first appraisal, when the units' explanations open. */
        appraisal1: deadline.optional(),
        explanation: deadline.optional(),
        /** The last pass's deadline; `appraisal2` is its other name in a two-pass round. */
        appraisal: deadline.optional(),
        appraisal2: deadline.optional(),
        remediation: deadline.optional(),
      })
      .transform(({ appraisal2, ...deadlines }, context) => {
        const appraisal = deadlines.appraisal ?? appraisal2;
        if (appraisal === undefined) {
          context.addIssue({
            code: 'custom',
            path: ['appraisal'],
            message: 'the appraisal deadline is required',
          });
          return z.NEVER;
        }
        if (
          deadlines.appraisal !== undefined &&
          appraisal2 !== undefined &&
          appraisal2 !== deadlines.appraisal
        )
          context.addIssue({
            code: 'custom',
            path: ['appraisal2'],
            message: "appraisal2 is the last pass's deadline, which appraisal says otherwise",
          });
        return { ...deadlines, appraisal };
      }),
  })
  .superRefine((round, context) => {
    const { deadlines } = round;
    if ((round.passes ?? 1) === 1) {
      if (deadlines.appraisal1 !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['deadlines', 'appraisal1'],
          message: 'a first appraisal deadline needs "passes": 2',
        });
      return;
    }
    // Two passes follow each other: each phase closes at its deadline and opens the next.
    const order = [
      ['self', deadlines.self],
      ['appraisal1', deadlines.appraisal1],
      ['explanation', deadlines.explanation],
      ['appraisal', deadlines.appraisal],
    ] as const;
    for (const [name, value] of order)
      if (value === undefined)
        context.addIssue({
          code: 'custom',
          path: ['deadlines', name],
          message: `a round of two passes needs the ${name} deadline`,
        });
    for (let index = 1; index < order.length; index++) {
      const [name, value] = order[index]!;
      const [earlierName, earlier] = order[index - 1]!;
      if (value !== undefined && earlier !== undefined && deadlineInstant(value) < deadlineInstant(earlier))
        context.addIssue({
          code: 'custom',
          path: ['deadlines', name],
          message: `the ${name} deadline comes after the ${earlierName} deadline`,
        });
    }
  });
export type RoundDocument = z.output<typeof roundDocumentSchema>;
export type RoundInput = z.input<typeof roundDocumentSchema>;

/**
 * The layers a round stores: the unit's (`self`), and the appraisers' (`appraised`, the pass ranked). A
 * round of two passes keeps its first appraisal apart as `appraised-1`, frozen when explanations open.
 */
export const LAYERS = ['self', 'appraised-1', 'appraised'] as const;
export type Layer = (typeof LAYERS)[number];
/** `appraised-2`, the contract's name of a two-pass round's last pass, is `appraised`. */
export const layerNamed = (name: string): Layer | undefined =>
  name === 'appraised-2'
    ? 'appraised'
    : (LAYERS as readonly string[]).includes(name)
      ? (name as Layer)
      : undefined;
/** What the core calls a stored layer's scores: both passes are appraisals. */
export const coreLayer = (layer: Layer): CoreLayer => (layer === 'self' ? 'self' : 'appraised');
/** The core's layers, for what reads documents as the core writes them. */
export { CORE_LAYERS };
/** The number of appraisal passes of a round (one unless it says two). */
export const passesOf = (round: Pick<RoundDocument, 'passes'>) => round.passes ?? 1;
/** The layer an appraisal starts from: the self-assessment, or (the second of two passes) the first. */
export const layerBefore = (round: Pick<RoundDocument, 'passes'>, layer: Layer): Layer =>
  layer === 'appraised' && passesOf(round) === 2 ? 'appraised-1' : 'self';

/** `{ "layer": "self" | "appraised-1" | "appraised" }` (or `appraised-2`): the body of lock and unlock. */
export const layerBodySchema = z.strictObject({ layer: z.enum([...LAYERS, 'appraised-2']) });

/** An explanation: a unit's answer, or an appraiser's request for one. */
export const explanationSchema = z.union([
  z.strictObject({
    text: longText,
    evidence: z.array(name).max(100).optional(),
    /** Files of the unit's library, by SHA-256, handed in with the answer. */
    files: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, 'a file is named by its SHA-256'))
      .max(20)
      .optional(),
  }),
  z.strictObject({ request: longText }),
]);

export { id as idSchema };

/**
 * A login as a person types it: letters (Vietnamese too), digits, ".", "_", "-" and "@", 3 to 64 of them,
 * kept in NFC. Two logins that differ only by case or by how their accents are encoded are one login
 * (`loginKey`).
 */
export const loginSchema = z
  .string()
  .transform((text) => text.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .regex(
        /^[\p{L}\p{N}][\p{L}\p{N}._@-]{2,63}$/u,
        'a login is 3 to 64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit',
      ),
  );
/** The one spelling of a login two accounts may not share: NFC, lower case. */
export const loginKey = (login: string) => login.normalize('NFC').trim().toLowerCase();

/** A unit of the register as an admin writes it (`PUT /v1/units/{id}`). */
export const unitDocumentSchema = z.strictObject({
  name,
  /** Such as "xã", "thị trấn", "phòng ban", "sở, ban, ngành". */
  group: name.optional(),
  /** The authority above it (the district of a commune, the province of a district). */
  parent: name.optional(),
  /** When it leaves the register: a date (after that day, in Vietnam) or an instant. */
  retired: deadline.optional(),
});
export type UnitDocument = z.output<typeof unitDocumentSchema>;

/** An account as an admin writes it (`PUT /v1/accounts/{login}`). */
export const accountDocumentSchema = z.strictObject({
  name,
  email: z.email().max(254).optional(),
  /** `admin`, `appraiser`, `appraiser:<codes>`, `unit:<id>` or `agency:<name>`, as for a key. */
  role: z.string().refine((text) => parseRole(text) !== undefined, {
    message: 'a role is admin, appraiser, appraiser:<codes>, unit:<id> or agency:<name>',
  }),
  /** When the account stops signing in: a date (after that day, in Vietnam) or an instant. */
  deactivated: deadline.optional(),
  /**
   * The authority the person works for and acts within (a district admin: its communes' rounds, register
   * and people). None: every authority.
   */
  authority: name.optional(),
});
export type AccountDocument = z.output<typeof accountDocumentSchema>;

const statusSchema = z.enum(REMEDIATION_STATUSES as readonly [RemediationStatus, ...RemediationStatus[]]);
const evidence = z.array(name).max(100);

/** A remediation task as an admin writes it (`PUT /v1/rounds/{round}/tasks/{task}`). */
export const taskDocumentSchema = z.strictObject({
  area: name,
  heading: name.optional(),
  text: longText,
  lead: z.array(name).min(1).max(100),
  leadText: name.optional(),
  units: z.array(id).max(10_000).optional(),
  deadline,
});
export type TaskDocument = z.output<typeof taskDocumentSchema>;

/** A unit's or agency's plan for one lost item (`PUT …/units/{unit}/remediation/{code}`). */
export const planDocumentSchema = z.strictObject({
  action: longText,
  status: statusSchema,
  due: deadline.optional(),
  evidence: evidence.optional(),
  note: longText.optional(),
});
export type PlanDocument = z.output<typeof planDocumentSchema>;

/** A lead agency's report on a task (`PUT …/tasks/{task}/reports/{agency}`). */
export const taskReportDocumentSchema = z.strictObject({
  status: statusSchema,
  note: longText.optional(),
  evidence: evidence.optional(),
});
export type TaskReportDocument = z.output<typeof taskReportDocumentSchema>;
