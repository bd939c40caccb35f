/** A run of text with its emphasis. */
export interface Inline {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

/** One block of the report body. Renderers turn these into Markdown, text, HTML or DOCX. */
export type Block =
  | { readonly kind: 'heading'; readonly text: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly text: readonly Inline[] }
  | { readonly kind: 'item'; readonly text: readonly Inline[] }
  | {
      readonly kind: 'table';
      readonly caption: string;
      readonly header: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      /** A picture (a chart) as PNG, with its caption and the text that stands for it. */
      readonly kind: 'image';
      readonly caption: string;
      readonly alt: string;
      readonly png: Uint8Array;
      /** Its size in pixels: the document lays it out at the text's width, keeping this ratio. */
      readonly width: number;
      readonly height: number;
    };

/** A whole report, laid out as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP). */
export interface ReportModel {
  /** The issuing body, one line each, upper case (left of the header). */
  readonly issuer: readonly string[];
  /** `Số: …/BC-UBND`. */
  readonly number: string;
  /** `Kon Rẫy, ngày 12 tháng 7 năm 2022`. */
  readonly placeDate: string;
  /** `BÁO CÁO`. */
  readonly kind: string;
  /** The subject line under the kind. */
  readonly title: string;
  readonly body: readonly Block[];
  /** `Nơi nhận:` lines. */
  readonly recipients: readonly string[];
  /** Capacity lines (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, …) and the signer's name. */
  readonly signature: { readonly lines: readonly string[]; readonly name: string } | undefined;
  /** Tables and notes after the signature (`PHỤ LỤC`). */
  readonly appendix: readonly Block[];
  /** For document metadata: the date as `YYYY-MM-DD`, or the year alone. */
  readonly issuedOn: string;
}

/** The plain text of runs. */
export function plain(text: readonly Inline[]): string {
  return text.map((run) => run.text).join('');
}
