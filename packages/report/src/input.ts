import { isDeadline, type Outcome } from '@cchc/core';
import { fail, fromZodIssues, isoDateInput, parseFast, succeed, textInput } from '@cchc/core/internal';
import { z } from 'zod';

const textList = z.array(textInput);

/** What a report says besides the results: the document's frame and the text an office writes. */
export const reportInputSchema = z
  .strictObject({
    issuer: textList
      .min(1)
      .meta({ description: 'The issuing body, one line each: ["ỦY BAN NHÂN DÂN", "HUYỆN KON RẪY"]' }),
    number: textInput.meta({
      description: 'The document number: "125/BC-UBND", or "/BC-UBND" before it is numbered',
    }),
    place: textInput.meta({ description: 'The place of issue in the place-date line: "Kon Rẫy"' }),
    date: isoDateInput
      .optional()
      .meta({ description: 'The date of issue; leave it out for a draft with blanks' }),
    year: z.int().min(1900).max(2200).optional().meta({ description: 'The year of a draft without a date' }),
    kind: textInput.default('BÁO CÁO'),
    title: textInput,
    legalBases: textList
      .optional()
      .meta({ description: "The legal bases; by default from the criteria sets' decisions" }),
    introduction: textInput.optional(),
    subject: z
      .strictObject({
        unit: textInput.meta({ description: 'The unit id of section I' }),
        label: textInput.meta({ description: 'How the sentences call it: "UBND huyện"' }),
        indexOwner: textInput.meta({
          description: 'Whose index: "huyện" in "Chỉ số cải cách hành chính của huyện"',
        }),
        heading: textInput.optional(),
      })
      .optional(),
    units: z
      .strictObject({
        ids: textList
          .optional()
          .meta({ description: 'The units of section II, in order; by default every other unit' }),
        heading: textInput.optional(),
      })
      .optional(),
    tasks: z
      .strictObject({
        heading: textInput.optional(),
        items: z.array(
          z.strictObject({
            area: textInput.optional(),
            heading: textInput,
            task: textInput,
            lead: textInput,
          }),
        ),
      })
      .optional(),
    implementation: z
      .strictObject({
        heading: textInput.optional(),
        items: z.array(
          z
            .strictObject({
              heading: textInput.optional(),
              text: textInput.meta({ description: 'The line; `{deadline}` where its deadline is written' }),
              deadline: z
                .string()
                .refine((text) => text === 'remediation' || isDeadline(text), {
                  message:
                    'a deadline is an ISO 8601 date (2022-08-12), a date-time with its offset, or "remediation"',
                })
                .optional()
                .meta({
                  description:
                    'Written where the text says `{deadline}` (12/8/2022). In a stored round, "remediation" is the round\'s deadline for remediation plans.',
                }),
            })
            .superRefine((item, ctx) => {
              const placed = item.text.includes('{deadline}');
              if (placed && item.deadline === undefined)
                ctx.addIssue({
                  code: 'custom',
                  path: ['deadline'],
                  message: 'the text says {deadline}: give the deadline',
                });
              if (!placed && item.deadline !== undefined)
                ctx.addIssue({
                  code: 'custom',
                  path: ['text'],
                  message: 'a deadline is given: say {deadline} where the text writes it',
                });
            }),
        ),
      })
      .optional(),
    closing: textInput.optional(),
    recipients: textList.optional(),
    signature: z.strictObject({ lines: textList, name: textInput }).optional(),
    include: z
      .strictObject({
        summary: z.boolean().default(true),
        ledger: z.boolean().default(true),
        gap: z.boolean().default(true),
        reconciliation: z.boolean().default(true),
      })
      .default({ summary: true, ledger: true, gap: true, reconciliation: true })
      .meta({ description: 'What the report adds to the classic sections; each may be switched off' }),
  })
  .superRefine((input, ctx) => {
    if (input.date === undefined && input.year === undefined) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'give the date, or the year of a draft' });
    }
  })
  .meta({ title: 'cchc report input', description: 'The text and frame of a PAR-index report.' });

export type ReportInputDocument = z.input<typeof reportInputSchema>;
export type ReportInput = z.output<typeof reportInputSchema>;

/** Checks a report input document; every issue carries its path. */
export function parseReportInput(input: unknown): Outcome<ReportInput> {
  const parsed = parseFast(reportInputSchema, input);
  if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));
  return succeed(parsed.data);
}
