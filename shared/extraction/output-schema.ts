// The JSON schema of the model's answer for one template, which the engine turns into a
// node-llama-cpp grammar (`llama.createGrammarForJsonSchema`). Shared: no Node, no DOM.
//
// Only the subset node-llama-cpp 3.x turns into GBNF is used (checked against
// dist/utils/gbnfJson of 3.21.1): type (string|number|integer|boolean|null, object, array),
// enum, const, oneOf, properties, additionalProperties, items, minItems/maxItems,
// minLength/maxLength, description. NOT anyOf (it is not recognized: the value would become
// `null`), NOT pattern, and `format` only as date|time|date-time. node-llama-cpp also
// treats every listed property as required and emits properties in insertion order, so the
// order below is the order the model writes. `required` and `additionalProperties: false`
// are written out anyway so the schema means the same to a standard validator.
import type { ScalarType, TableColumn, Template, TemplateField } from './templates';
import { ROW_EVIDENCE_KEY } from './templates';

export type JsonSchema =
  | { readonly type: 'string'; readonly minLength?: number; readonly maxLength?: number; readonly description?: string }
  | { readonly type: 'number' | 'integer' | 'boolean' | 'null'; readonly description?: string }
  | { readonly type: readonly ('number' | 'integer' | 'boolean' | 'null' | 'string')[]; readonly description?: string }
  | { readonly enum: readonly (string | number | boolean | null)[]; readonly description?: string }
  | { readonly const: string | number | boolean | null; readonly description?: string }
  | { readonly oneOf: readonly JsonSchema[]; readonly description?: string }
  | {
      readonly type: 'array';
      readonly items: JsonSchema;
      readonly minItems?: number;
      readonly maxItems: number;
      readonly description?: string;
    }
  | {
      readonly type: 'object';
      readonly properties: Readonly<Record<string, JsonSchema>>;
      readonly required: readonly string[];
      readonly additionalProperties: false;
      readonly description?: string;
    };

export interface OutputSchemaOptions {
  /** Ids of the numbered lines/sentences the model was shown; evidence may cite only these. */
  readonly evidenceIds: readonly string[] | readonly number[];
  /** Most items in a list field and rows in a table field (default 12). */
  readonly maxListItems?: number;
  /** Most evidence ids per value, list item or row (default 3). */
  readonly maxEvidence?: number;
}

export const DEFAULT_MAX_LIST_ITEMS = 12;
export const DEFAULT_MAX_EVIDENCE = 3;

// Longest string per value. A random-weight model must still stop: every string and array
// in the schema is bounded, and node-llama-cpp bounds numbers (16 digits) and whitespace.
export const MAX_LENGTH: Readonly<Record<ScalarType | 'list' | 'cell', number>> = {
  text: 400,
  date: 60,
  number: 0, // written as a JSON number
  money: 80,
  duration: 80,
  boolean: 0,
  enum: 0,
  list: 200,
  cell: 160,
};

function object(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/**
 * A present value, never null. Dates, money and durations are strings copied as written
 * ("thirty (30) days", "January 5, 2021"): a small model copies far more reliably than it
 * converts, and normalize.ts does the conversion. Numbers are JSON numbers.
 */
function presentValue(type: ScalarType, options: readonly string[] | undefined, maxLength: number): JsonSchema {
  switch (type) {
    case 'text':
    case 'date':
    case 'money':
    case 'duration':
      return { type: 'string', minLength: 1, maxLength };
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...(options ?? [])] };
    default:
      return type satisfies never;
  }
}

function nullable(schema: JsonSchema): JsonSchema {
  if ('enum' in schema) return { enum: [...schema.enum, null] };
  if ('type' in schema && (schema.type === 'number' || schema.type === 'boolean')) return { type: [schema.type, 'null'] };
  return { oneOf: [schema, { type: 'null' }] };
}

function columnValue(column: TableColumn): JsonSchema {
  const max = Math.min(MAX_LENGTH.cell, MAX_LENGTH[column.type] || MAX_LENGTH.cell);
  return nullable(presentValue(column.type, column.type === 'enum' ? column.options : undefined, max));
}

/**
 * Output schema for a template. Per field:
 * - scalar: `{ evidence: [ids], value }`, where empty evidence forces `value: null` (not
 *   found) and cited evidence forces a non-null value. The grammar thus never lets the model
 *   write a value it cites nothing for.
 * - list: `[{ evidence, value }]`, each item with evidence; an empty list is "not found".
 * - table: `[{ evidence, ...cells }]`, each row with evidence, each cell nullable.
 *
 * Evidence comes BEFORE the value on purpose: the model writes in property order, so it
 * first commits to the lines it relies on and then writes a value conditioned on those
 * lines (copying), rather than writing a value first and then hunting for a line that
 * seems to fit it (rationalizing).
 */
export function templateToJsonSchema(template: Pick<Template, 'fields'>, options: OutputSchemaOptions): JsonSchema {
  const ids = [...new Set<string | number>(options.evidenceIds)];
  const maxItems = Math.max(1, Math.floor(options.maxListItems ?? DEFAULT_MAX_LIST_ITEMS));
  const maxEvidence = Math.max(1, Math.floor(options.maxEvidence ?? DEFAULT_MAX_EVIDENCE));

  // With nothing to cite nothing can be found: every field collapses to its empty form.
  const noEvidence: JsonSchema = { type: 'array', items: { type: 'null' }, maxItems: 0 };
  const cited: JsonSchema =
    ids.length === 0 ? noEvidence : { type: 'array', items: { enum: ids }, minItems: 1, maxItems: maxEvidence };
  const emptyEvidence: JsonSchema = ids.length === 0 ? noEvidence : { type: 'array', items: { enum: ids }, maxItems: 0 };

  const fieldSchema = (field: TemplateField): JsonSchema => {
    switch (field.type) {
      case 'list': {
        const item = object({
          evidence: cited,
          value: { type: 'string', minLength: 1, maxLength: field.maxLength ?? MAX_LENGTH.list },
        });
        return { type: 'array', items: item, maxItems: ids.length === 0 ? 0 : maxItems };
      }
      case 'table': {
        const row: Record<string, JsonSchema> = { [ROW_EVIDENCE_KEY]: cited };
        for (const column of field.columns) row[column.key] = columnValue(column);
        return { type: 'array', items: object(row), maxItems: ids.length === 0 ? 0 : maxItems };
      }
      default: {
        const maxLength = (field.type === 'text' ? field.maxLength : undefined) ?? MAX_LENGTH[field.type];
        const absent = object({ evidence: emptyEvidence, value: { type: 'null' } });
        if (ids.length === 0) return absent;
        const present = object({
          evidence: cited,
          value: presentValue(field.type, field.type === 'enum' ? field.options : undefined, maxLength),
        });
        return { oneOf: [absent, present] };
      }
    }
  };

  const properties: Record<string, JsonSchema> = {};
  for (const field of template.fields) properties[field.key] = fieldSchema(field);
  return object(properties);
}

/** The model's answer for one field, as the schema above allows it. */
export type EvidenceId = string | number;
export interface CitedValue<V = string | number | boolean | null> {
  readonly evidence: readonly EvidenceId[];
  readonly value: V;
}
export type TableRowOutput = { readonly evidence: readonly EvidenceId[] } & Readonly<
  Record<string, string | number | boolean | null | readonly EvidenceId[]>
>;
export type FieldOutput = CitedValue | readonly CitedValue<string>[] | readonly TableRowOutput[];
export type ExtractionOutput = Readonly<Record<string, FieldOutput>>;
