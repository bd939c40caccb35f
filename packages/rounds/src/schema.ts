import { isDeadline, LAYERS, type Layer } from '@cchc/core';
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

// The layers are the core's: re-exported here, where the rounds' routes have always found them.
export { LAYERS, type Layer };

/** `{ "layer": "self" | "appraised" }`: the body of lock and unlock. */
export const layerBodySchema = z.strictObject({ layer: z.enum(LAYERS) });

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
