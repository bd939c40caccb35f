import { z } from 'zod';

/** Asia/Ho_Chi_Minh keeps UTC+7 all year: a date alone is the end of that day there. */
const VIETNAM_OFFSET = '+07:00';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a deadline names: a date-time with its offset, or a date alone (the end of that day in Vietnam). */
export function deadlineInstant(text: string): Date {
  return new Date(DATE.test(text) ? `${text}T23:59:59.999${VIETNAM_OFFSET}` : text);
}

const deadline = z
  .string()
  .refine(
    (text) => (DATE.test(text) || DATE_TIME.test(text)) && !Number.isNaN(deadlineInstant(text).getTime()),
    { message: 'a deadline is an ISO 8601 date (2022-08-12) or date-time with its offset' },
  );

const name = z.string().trim().min(1).max(500);
const id = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,99}$/u, 'an id is letters, digits, ".", "_" and "-" (at most 100)');

/** A round as an admin writes it (`PUT /v1/rounds/{round}`). */
export const roundDocumentSchema = z.strictObject({
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
  deadlines: z.strictObject({
    self: deadline,
    explanation: deadline.optional(),
    appraisal: deadline,
    remediation: deadline.optional(),
  }),
});
export type RoundDocument = z.output<typeof roundDocumentSchema>;
export type RoundInput = z.input<typeof roundDocumentSchema>;

export const LAYERS = ['self', 'appraised'] as const;
export type Layer = (typeof LAYERS)[number];

/** `{ "layer": "self" | "appraised" }`: the body of lock and unlock. */
export const layerBodySchema = z.strictObject({ layer: z.enum(LAYERS) });

/** An explanation: a unit's answer, or an appraiser's request for one. */
export const explanationSchema = z.union([
  z.strictObject({ text: name.max(20_000), evidence: z.array(name).max(100).optional() }),
  z.strictObject({ request: name.max(20_000) }),
]);

export { id as idSchema };
