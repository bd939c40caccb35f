/**
 * Reads the published figures out of the text of the Kon Rẫy 2021 report, so that golden tests compare
 * what cchc computes with what the document says, not with figures retyped by hand.
 */
export interface PublishedFigure {
  readonly achieved: string;
  readonly max: string;
}

export interface PublishedUnit {
  readonly name: string;
  readonly total: PublishedFigure;
  readonly index: string;
  readonly classification: string;
  /** Area figures in order of the report. */
  readonly areas: readonly PublishedFigure[];
}

export interface PublishedReport {
  readonly district: PublishedUnit & { readonly items: ReadonlyMap<string, PublishedFigure> };
  readonly communes: readonly PublishedUnit[];
}

/** "0,25/0.5" → { achieved: "0.25", max: "0.5" }: both separators, as the report mixes them. */
function figure(text: string): PublishedFigure {
  const [achieved = '', max = ''] = text.split('/').map((part) => part.trim().replace(',', '.'));
  return { achieved: String(Number(achieved)), max: String(Number(max)) };
}

const SCORE = String.raw`(\d+(?:[.,]\d+)?\/\d+(?:[.,]\d+)?)`;

export function readPublishedReport(text: string): PublishedReport {
  const [sectionOne = '', rest = ''] = text.split(/^II\. /m);
  const sectionTwo = rest.split(/^III\. /m)[0] ?? '';

  const total = new RegExp(
    String.raw`\*\*${SCORE} điểm\*\* \(Chỉ số [^:]+: ([\d,]+) điểm\), xếp loại ([^\s.,]+)`,
  ).exec(sectionOne);
  if (!total) throw new Error('district total not found');
  const areas = [
    ...sectionOne.matchAll(new RegExp(String.raw`^\d\. [^:]+: UBND huyện đạt(?: được)? ${SCORE} điểm`, 'gm')),
  ];
  const items = new Map<string, PublishedFigure>();
  for (const match of sectionOne.matchAll(
    new RegExp(
      String.raw`^- Tiêu chí (?:thành phần )?(?:số )?([\d.]+) về .*?UBND huyện đạt ${SCORE} điểm`,
      'gm',
    ),
  )) {
    items.set(match[1]!, figure(match[2]!));
  }

  const communes = sectionTwo
    .split(/^\d\. Đối với /m)
    .slice(1)
    .map((block) => {
      const head = new RegExp(
        String.raw`^(.+?): Tổng số điểm .*? là ${SCORE} điểm \(Chỉ số [^:]+: ([\d,]+) điểm\), xếp loại (\S+?),`,
      ).exec(block);
      if (!head) throw new Error(`commune line not understood: ${block.slice(0, 80)}`);
      return {
        name: head[1]!,
        total: figure(head[2]!),
        index: head[3]!.replace(',', '.'),
        classification: head[4]!,
        areas: [...block.matchAll(new RegExp(String.raw`^- Tiêu chí về .*? đạt ${SCORE} điểm`, 'gm'))].map(
          (m) => figure(m[1]!),
        ),
      };
    });

  return {
    district: {
      name: 'UBND huyện',
      total: figure(total[1]!),
      index: total[2]!.replace(',', '.'),
      classification: total[3]!,
      areas: areas.map((m) => figure(m[1]!)),
      items,
    },
    communes,
  };
}
