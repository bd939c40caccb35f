import { z } from 'zod';
import { Exact } from '../exact.js';
import {
  countInput,
  exactInput,
  isCount,
  isPlainObject,
  percentInput,
  readText,
  textInput,
} from './common.js';

/** What a field reader returns for a value it does not take as plainly valid. */
export const UNREAD: unique symbol = Symbol('unread');

/**
 * A field of a document object (an assessment, its entries, a rule's facts), declared once: its zod schema
 * is the contract (it validates, words the issues and gives the JSON Schema); its reader takes only plainly
 * valid values, without zod, for the hot path. A reader may pass on anything unusual: zod then decides.
 * Property tests check that they never disagree.
 */
export interface Field<Schema extends z.ZodType = z.ZodType> {
  readonly schema: Schema;
  readonly read: (value: unknown) => z.output<Schema> | typeof UNREAD;
}

/** Text that zod's `textInput` returns unchanged: not empty, nothing to trim or normalise. */
const isPlainText = (value: unknown): value is string => readText(value) === value;

/** A field's value is what its reader made of it, or UNREAD when zod must decide. */
type Read<Schema extends z.ZodType> = z.output<Schema> | typeof UNREAD;

export const countField: Field<typeof countInput> = {
  schema: countInput,
  read: (value) => (isCount(value) ? value : UNREAD),
};

export const positiveCountField: Field<ReturnType<typeof countInput.positive>> = {
  schema: countInput.positive(),
  read: (value) => (isCount(value) && value > 0 ? value : UNREAD),
};

export const booleanField: Field<z.ZodBoolean> = {
  schema: z.boolean(),
  read: (value) => (typeof value === 'boolean' ? value : UNREAD),
};

/** Text as `textInput` reads it: trimmed, in NFC. */
export const textField: Field<typeof textInput> = {
  schema: textInput,
  read: (value) => readText(value) ?? UNREAD,
};

export const decimalField: Field<typeof exactInput> = {
  schema: exactInput,
  read: (value) => Exact.parse(value) ?? UNREAD,
};

export const percentField: Field<typeof percentInput> = {
  schema: percentInput,
  read: (value) => {
    const percent = Exact.parse(value);
    return percent && !percent.isNegative() && percent.lte(100) ? percent : UNREAD;
  },
};

/** Counts by answer (`{ A: 12, B: 3 }`) with at least one above zero. */
export function countsByTextField(atLeastOne: string) {
  const someAboveZero = (counts: Readonly<Record<string, number>>): boolean =>
    Object.values(counts).some((count) => count > 0);
  const field: Field<z.ZodType<Record<string, number>>> = {
    schema: z.record(textInput, countInput).refine(someAboveZero, { message: atLeastOne }),
    read: (value) => {
      if (!isPlainObject(value)) return UNREAD;
      let aboveZero = false;
      for (const key in value) {
        const count = value[key];
        if (!Object.hasOwn(value, key) || !isPlainText(key) || key === '__proto__') return UNREAD;
        if (countField.read(count) === UNREAD) return UNREAD;
        aboveZero ||= (count as number) > 0;
      }
      // The counts as given: zod would build an equal object.
      return aboveZero ? (value as Record<string, number>) : UNREAD;
    },
  };
  return field;
}

/** At most this many groups in facts counted by group (a survey's respondent groups). */
export const MAX_GROUPS = 20;

/**
 * Counts by answer per group (`{ "Lãnh đạo sở": { A: 12 }, "Doanh nghiệp": { A: 3, B: 1 } }`), at most
 * `MAX_GROUPS` groups; whether each counts anyone is the rule's to say.
 */
export const countsByGroupField: Field<z.ZodType<Record<string, Record<string, number>>>> = {
  schema: z
    .record(textInput, z.record(textInput, countInput))
    .refine((groups) => Object.keys(groups).length > 0, { message: 'no group' })
    .refine((groups) => Object.keys(groups).length <= MAX_GROUPS, {
      message: `at most ${MAX_GROUPS} groups`,
    }),
  read: (value) => {
    if (!isPlainObject(value)) return UNREAD;
    let groups = 0;
    for (const group in value) {
      const counts = value[group];
      if (!Object.hasOwn(value, group) || !isPlainText(group) || group === '__proto__') return UNREAD;
      if (!isPlainObject(counts)) return UNREAD;
      for (const answer in counts) {
        if (!Object.hasOwn(counts, answer) || !isPlainText(answer) || answer === '__proto__') return UNREAD;
        if (countField.read(counts[answer]) === UNREAD) return UNREAD;
      }
      groups++;
    }
    return groups > 0 && groups <= MAX_GROUPS ? (value as Record<string, Record<string, number>>) : UNREAD;
  },
};

/** A list of texts, each as `textInput` reads it. */
export const textListField: Field<z.ZodArray<typeof textInput>> = {
  schema: z.array(textInput),
  read: (value): Read<z.ZodArray<typeof textInput>> => {
    if (!Array.isArray(value)) return UNREAD;
    const texts: string[] = [];
    for (const item of value) {
      const text = readText(item);
      if (text === undefined) return UNREAD;
      texts.push(text);
    }
    return texts;
  },
};

/** How many files one entry may name: a dossier of an item is a handful of documents. */
export const MAX_FILES_PER_ENTRY = 100;
const FILE_HASH = /^[0-9a-f]{64}$/;

/** Evidence files by their SHA-256, lower-case hex, each once, at most `MAX_FILES_PER_ENTRY`. */
export const fileHashesField: Field<z.ZodArray<z.ZodString>> = {
  schema: z
    .array(z.string().regex(FILE_HASH, 'a file is named by its SHA-256, 64 lower-case hex digits'))
    .max(MAX_FILES_PER_ENTRY)
    .refine((hashes) => new Set(hashes).size === hashes.length, 'a file is named once'),
  read: (value) => {
    if (!Array.isArray(value) || value.length > MAX_FILES_PER_ENTRY) return UNREAD;
    if (!value.every((hash) => typeof hash === 'string' && FILE_HASH.test(hash))) return UNREAD;
    return new Set(value).size === value.length ? (value as string[]) : UNREAD;
  },
};

/** One of a few words. */
export function enumField<const Values extends readonly [string, ...string[]]>(
  values: Values,
): Field<z.ZodEnum<{ [K in Values[number]]: K }>> {
  const schema = z.enum(values) as unknown as z.ZodEnum<{ [K in Values[number]]: K }>;
  return {
    schema,
    read: (value) => (values.includes(value as string) ? (value as Values[number]) : UNREAD) as never,
  };
}

/** `true`, and nothing else. */
export const trueField: Field<z.ZodLiteral<true>> = {
  schema: z.literal(true),
  read: (value) => (value === true ? true : UNREAD),
};

/** A plain object of anything, kept as given (a rule reads it later): facts. */
export const recordField: Field<z.ZodRecord<z.ZodString, z.ZodUnknown>> = {
  schema: z.record(z.string(), z.unknown()),
  read: (value) =>
    isPlainObject(value) && !Object.hasOwn(value, '__proto__') ? (value as Record<string, unknown>) : UNREAD,
};

/** The same field, with a description for its JSON Schema. */
export function described<Schema extends z.ZodType>(
  field: Field<Schema>,
  description: string,
): Field<Schema> {
  return { schema: field.schema.meta({ description }) as Schema, read: field.read };
}

/**
 * A document object declared once, as fields: gives its zod schema (which validates it, words its issues
 * and gives its JSON Schema), a reader of plainly valid objects for the hot path (undefined for anything
 * else, which zod then decides), `shaped`, which lays out what zod read the way the reader does, and
 * `field`, the object as a field of another. Fields are required unless `optional` or `withDefault`.
 * Both give every declared key, in declaration order, so that what either reads has one shape.
 */
export function fieldsObject<const Shape extends Record<string, Field>>(shape: Shape) {
  const schemaShape = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, field.schema]),
  ) as SchemaShape<Shape>;
  type Output = z.output<z.ZodObject<SchemaShape<Shape>, z.core.$strict>>;
  const schema = z.strictObject(schemaShape);
  const keys = Object.keys(shape);
  const fields = new Map<string, Field>(Object.entries(shape));
  const required = keys.filter((key) => !isOptional(shape[key]!) && !hasDefault(shape[key]!));
  const defaulted = keys.filter((key) => hasDefault(shape[key]!));
  // Every object read has its keys set in one constructor: the engine then keeps them inside the object
  // (a plain {} grown key by key keeps most of them in a store of their own: +15 % memory per result).
  // Its prototype is Object's: what it makes are plain objects, which log and compare as such.
  function Shaped(this: Record<string, unknown>): void {
    for (const key of keys) this[key] = undefined;
  }
  Shaped.prototype = Object.prototype;
  const empty = (): Record<string, unknown> => new (Shaped as unknown as new () => Record<string, unknown>)();
  const read = (raw: unknown): Output | undefined => {
    if (!isPlainObject(raw)) return undefined;
    const object = empty();
    for (const key in raw) {
      // By own key only: `toString` is not a field.
      const field = fields.get(key);
      if (field === undefined || !Object.hasOwn(raw, key)) return undefined;
      const value = field.read(raw[key]);
      if (value === UNREAD) return undefined;
      object[key] = value;
    }
    for (const key of required) if (object[key] === undefined) return undefined;
    for (const key of defaulted) object[key] ??= (shape[key] as DefaultedField).makeDefault();
    return object as Output;
  };
  const shaped = (output: Output): Output => {
    const object = empty();
    for (const key of keys) object[key] = (output as Record<string, unknown>)[key];
    return object as Output;
  };
  const field: Field<typeof schema> = {
    schema,
    read: (value) => read(value) ?? UNREAD,
  };
  return { schema, read, shaped, field };
}

/** The same field, which may be left out. */
export function optional<Schema extends z.ZodType>(
  field: Field<Schema>,
): Field<z.ZodOptional<Schema>> & { readonly optional: true } {
  return { schema: field.schema.optional(), read: field.read, optional: true };
}

interface DefaultedField extends Field {
  readonly makeDefault: () => unknown;
}

/** The same field, which when left out is read as `makeDefault()`. */
export function withDefault<Schema extends z.ZodType>(
  field: Field<Schema>,
  makeDefault: () => z.core.util.NoUndefined<z.output<Schema>>,
): Field<z.ZodDefault<Schema>> & DefaultedField {
  return {
    schema: field.schema.default(makeDefault),
    read: field.read as Field<z.ZodDefault<Schema>>['read'],
    makeDefault,
  };
}

const isOptional = (field: Field): boolean => 'optional' in field;
const hasDefault = (field: Field): field is DefaultedField => 'makeDefault' in field;

/** A problem that a check across fields finds (count above total), with the field it concerns. */
export interface FactsProblem {
  readonly message: string;
  readonly path?: string[];
}

type SchemaShape<Shape extends Record<string, Field>> = { [K in keyof Shape]: Shape[K]['schema'] };

/**
 * The facts of a rule: an object of fields, and optionally a check across them. Gives the rule's `facts`
 * schema and `readFacts`, its reader for the hot path, both from this one declaration.
 */
export function factsObject<const Shape extends Record<string, Field>>(
  shape: Shape,
  problem?: (facts: z.output<z.ZodObject<SchemaShape<Shape>, z.core.$strict>>) => FactsProblem | undefined,
) {
  const schemaShape = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, field.schema]),
  ) as SchemaShape<Shape>;
  type Facts = z.output<z.ZodObject<SchemaShape<Shape>, z.core.$strict>>;
  const base = z.strictObject(schemaShape);
  const facts = problem
    ? base.check((payload) => {
        const found = problem(payload.value as Facts);
        if (found) payload.issues.push({ code: 'custom', input: payload.value, ...found });
      })
    : base;
  // A rule's facts have a few fields: a key is found by comparing it with each, which for so few is faster
  // than hashing it (a document's keys and these are the same interned strings).
  const keys = Object.keys(shape);
  const reads = keys.map((key) => shape[key]!.read);
  const requiredAt = keys.map((key) => !isOptional(shape[key]!));
  const required = requiredAt.filter(Boolean).length;
  const readFacts = (raw: unknown): Facts | undefined => {
    if (!isPlainObject(raw)) return undefined;
    let requiredSeen = 0;
    let changed = false;
    for (const key in raw) {
      const at = keys.indexOf(key);
      if (at < 0 || !Object.hasOwn(raw, key)) return undefined;
      const value = raw[key];
      const read = reads[at]!(value);
      if (read === UNREAD) return undefined;
      changed ||= read !== value;
      if (requiredAt[at]) requiredSeen++;
    }
    if (requiredSeen !== required) return undefined;
    // Counts, flags and plain text read as they are: the facts object itself is then what zod would build.
    // Decimals read as Exact values need an object of their own.
    const facts = (changed ? readAll(raw) : raw) as Facts;
    return problem?.(facts) ? undefined : facts;
  };
  const readAll = (raw: Record<string, unknown>): Record<string, unknown> => {
    const read: Record<string, unknown> = {};
    for (const key in raw) read[key] = reads[keys.indexOf(key)]!(raw[key]);
    return read;
  };
  return { facts: facts as z.ZodType<Facts>, readFacts };
}
