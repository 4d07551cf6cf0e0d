// Extraction templates: what a user may ask the model to find in a document. A template
// is a JSON file (resources/templates/*.json, or one the user writes), validated here with
// messages a template author can act on. Schemas first; types are inferred.
// Shared: pure TypeScript + zod, no Node, no DOM.
import { z } from 'zod';
import { domainSchema } from '../domain';
import { adapterNameSchema } from '../models';

/** Types a single value (a scalar field, or a table cell) can have. */
export const SCALAR_TYPES = ['text', 'date', 'number', 'money', 'duration', 'boolean', 'enum'] as const;
export const scalarTypeSchema = z.enum(SCALAR_TYPES);
export type ScalarType = z.infer<typeof scalarTypeSchema>;

export const FIELD_TYPES = [...SCALAR_TYPES, 'list', 'table'] as const;
export const fieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof fieldTypeSchema>;

/** Row property that holds a table row's evidence; no column may take its name. */
export const ROW_EVIDENCE_KEY = 'evidence';

// Keys become JSON property names the model writes, so they must be plain identifiers
// that start with a letter (an integer-like key would also break property order).
const KEY_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const keySchema = z
  .string()
  .max(64, { error: 'a key has at most 64 characters' })
  .regex(KEY_PATTERN, {
    error: (issue) =>
      `a key must be snake_case (lower-case letters, digits and single underscores, starting with a letter), got ${JSON.stringify(issue.input)}`,
  });

const labelSchema = z
  .string()
  .trim()
  .min(1, { error: 'a label must not be empty' })
  .max(120, { error: 'a label has at most 120 characters' });

const optionsSchema = z
  .array(z.string().trim().min(1, { error: 'an option must not be empty' }).max(120))
  .min(2, { error: 'an enum needs at least 2 options' })
  .max(50, { error: 'an enum has at most 50 options' });

/** A section heading is a few words; a bound keeps a hostile template from stretching the panel. */
export const SECTION_MAX_LENGTH = 40;

const columnBase = { key: keySchema, label: labelSchema, instructions: z.string().trim().max(1000).optional() };

export const tableColumnSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...columnBase, type: z.enum(['text', 'date', 'number', 'money', 'duration', 'boolean']) }),
    z.strictObject({ ...columnBase, type: z.literal('enum'), options: optionsSchema }),
  ],
  { error: `a column type must be one of ${SCALAR_TYPES.join(', ')}` },
);
export type TableColumn = z.infer<typeof tableColumnSchema>;

const fieldBase = {
  key: keySchema,
  label: labelSchema,
  /** What to look for, written for a small instruct model. */
  instructions: z
    .string()
    .trim()
    .min(1, { error: 'instructions must not be empty: tell the model what to look for' })
    .max(2000, { error: 'instructions have at most 2000 characters' }),
  /** Whether an abstractor expects this field to be filled (missing ones are called out). */
  required: z.boolean().default(false),
  /** Extra retrieval terms (BM25 query words) for finding the passages about this field. */
  synonyms: z
    .array(z.string().trim().min(1, { error: 'a synonym must not be empty' }).max(80))
    .max(30, { error: 'at most 30 synonyms' })
    .optional(),
  /**
   * Overrides whether the value must appear word for word in its evidence (see verify.ts).
   * Defaults to the type's rule: text-like values are extractive, boolean and enum are not.
   */
  extractive: z.boolean().optional(),
  /**
   * The heading the Extract panel lists this field under ("Patient", "Term & renewal").
   * Display only: never part of the prompt or the output schema, so setting it changes no
   * answer. Without it a field goes under the template's "Other fields".
   */
  section: z
    .string({ error: 'a section is a short label in words, like "Patient"' })
    .trim()
    .min(1, { error: 'a section must not be empty: leave it out for no section' })
    .max(SECTION_MAX_LENGTH, { error: `a section has at most ${SECTION_MAX_LENGTH} characters` })
    // One short line of words: a newline or a control character would break the heading.
    .regex(/^[^\p{Cc}\p{Cf}]*$/u, { error: 'a section is one line of plain words (no control characters)' })
    .optional(),
};

// Longest string the model may write for one value; a bound keeps generation finite.
const maxLengthSchema = z
  .number()
  .int({ error: 'maxLength must be an integer' })
  .min(8, { error: 'maxLength must be at least 8' })
  .max(4000, { error: 'maxLength must be at most 4000' })
  .optional();

/**
 * Clinical findings (problems, diagnoses, medications, allergies): each item is labelled
 * affirmed, negated, possible, hypothetical, historical or family (shared/clinical/assertion)
 * on the sentence it is quoted from. Lists and tables only; a table labels its first column.
 */
const assertionFlagSchema = z.boolean().optional();
/** Medications: each item's sig (dose, route, frequency…) is read by shared/clinical/sig. Lists and tables only. */
const sigFlagSchema = z.boolean().optional();

export const templateFieldSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...fieldBase, type: z.literal('text'), maxLength: maxLengthSchema }),
    z.strictObject({ ...fieldBase, type: z.enum(['date', 'number', 'money', 'duration', 'boolean']) }),
    z.strictObject({ ...fieldBase, type: z.literal('enum'), options: optionsSchema }),
    z.strictObject({ ...fieldBase, type: z.literal('list'), maxLength: maxLengthSchema, assertion: assertionFlagSchema, sig: sigFlagSchema }),
    z.strictObject({
      ...fieldBase,
      type: z.literal('table'),
      assertion: assertionFlagSchema,
      sig: sigFlagSchema,
      columns: z
        .array(tableColumnSchema)
        .min(1, { error: 'a table needs at least 1 column' })
        .max(20, { error: 'a table has at most 20 columns' }),
    }),
  ],
  { error: `a field type must be one of ${FIELD_TYPES.join(', ')}` },
);
export type TemplateField = z.infer<typeof templateFieldSchema>;

/** Whether a field's items carry an assertion status. */
export function hasAssertion(field: TemplateField): boolean {
  return (field.type === 'list' || field.type === 'table') && field.assertion === true;
}

interface Issue {
  path: (string | number)[];
  message: string;
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const keyOf = (v: unknown): string | undefined => {
  const key = asRecord(v).key;
  return typeof key === 'string' ? key : undefined;
};

/**
 * Rules across fields (unique keys, unique options, the reserved column name). Written
 * against unknown input so parseTemplate can report them together with shape errors,
 * which stop zod from running refinements.
 */
function invariantIssues(input: unknown): Issue[] {
  const issues: Issue[] = [];
  const fields = asArray(asRecord(input).fields);
  const uniqueKeys = (items: unknown[], report: (key: string, index: number) => Issue): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      if (key === undefined) return;
      if (seen.has(key)) issues.push(report(key, index));
      seen.add(key);
    });
  };
  const uniqueOptions = (options: unknown, path: (string | number)[]): void => {
    const seen = new Set<string>();
    for (const option of asArray(options)) {
      if (typeof option !== 'string') continue;
      const k = option.trim().toLowerCase();
      if (seen.has(k)) {
        issues.push({ path, message: `duplicate option "${option}" (options are matched without regard to case)` });
      }
      seen.add(k);
    }
  };

  uniqueKeys(fields, (key, i) => ({ path: ['fields', i, 'key'], message: `duplicate field key "${key}": keys must be unique` }));
  fields.forEach((field, i) => {
    const f = asRecord(field);
    uniqueOptions(f.options, ['fields', i, 'options']);
    const columns = asArray(f.columns);
    uniqueKeys(columns, (key, c) => ({
      path: ['fields', i, 'columns', c, 'key'],
      message: `duplicate column key "${key}" in table "${keyOf(field) ?? i}"`,
    }));
    columns.forEach((column, c) => {
      if (keyOf(column) === ROW_EVIDENCE_KEY) {
        issues.push({
          path: ['fields', i, 'columns', c, 'key'],
          message: `"${ROW_EVIDENCE_KEY}" is reserved for a row's evidence; rename the column`,
        });
      }
      uniqueOptions(asRecord(column).options, ['fields', i, 'columns', c, 'options']);
    });
  });
  return issues;
}

export const templateSchema = z
  .strictObject({
    /** Stable id, also the file name: "contract", "clinical-record". */
    name: z
      .string()
      .max(64, { error: 'a name has at most 64 characters' })
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
        error: (issue) => `name must be a lower-case slug like "clinical-record", got ${JSON.stringify(issue.input)}`,
      }),
    title: labelSchema,
    domain: domainSchema,
    version: z.number().int({ error: 'version must be an integer' }).min(1, { error: 'version starts at 1' }),
    description: z.string().trim().max(2000),
    fields: z
      .array(templateFieldSchema)
      .min(1, { error: 'a template needs at least 1 field' })
      .max(200, { error: 'a template has at most 200 fields' }),
    /** A LoRA adapter for this template's domain, by its name in the model library (never a path). */
    adapter: adapterNameSchema.optional(),
  })
  .superRefine((template, ctx) => {
    for (const issue of invariantIssues(template)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

export type ParseTemplateResult =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly errors: readonly string[] };

/** "fields[3] (allergy_status).options": the field key helps an author find the spot. */
function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
      node = Array.isArray(node) ? node[part] : undefined;
      const key = node !== null && typeof node === 'object' ? (node as { key?: unknown }).key : undefined;
      if (typeof key === 'string' && key !== '') out += ` (${key})`;
    } else {
      out += out === '' ? String(part) : `.${String(part)}`;
      node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    }
  }
  return out;
}

/** Parses a template from JSON text or an already-parsed value; never throws. */
export function parseTemplate(json: unknown): ParseTemplateResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (err) {
      return { ok: false, errors: [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
    }
  }
  const result = templateSchema.safeParse(input);
  if (result.success) return { ok: true, template: result.data };
  // Shape errors stop zod before the cross-field rules; run those too so an author sees
  // everything at once.
  const issues: { path: readonly PropertyKey[]; message: string }[] = [...result.error.issues, ...invariantIssues(input)];
  const errors = issues.map((issue) => {
    const where = formatPath(issue.path, input);
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  return { ok: false, errors: [...new Set(errors)] };
}
