// The extraction prompt: one system message, then the numbered document text FIRST and the
// field question LAST, so every question about the same text shares a byte-identical prefix
// (the engine reuses its KV cache). Also the per-field output schema and its length bound.
// Pure: no Node, no engine.
import type { JsonSchema } from '../../../../shared/extraction/output-schema';
import { templateToJsonSchema } from '../../../../shared/extraction/output-schema';
import type { TemplateField } from '../../../../shared/extraction/templates';
import type { ChatMessage } from '../llm/engine-protocol';

/** Bump when the wording or the schema rules change: stored with every run. */
export const PROMPT_VERSION = 'extract-2'; // 2: the definitions of defined terms the passage uses

const SYSTEM = [
  'You extract facts from one document. The document is shown as numbered lines: "[L12 p3] text" is line L12 on page 3.',
  'Answer with JSON only. For a value, first list in "evidence" the ids of the lines that state it, then write the value',
  'copied word for word from those lines (dates, amounts and periods exactly as written).',
  'If the document does not state it, give empty evidence and null (or an empty list). Never guess.',
].join(' ');

export const DOCUMENT_HEADER = 'Document:\n';

export const DEFINITIONS_HEADER = 'Defined terms used above, as the document defines them:\n';

/**
 * The document's definitions of terms the passage uses ("the Term" is answered with what the
 * contract defines), one line each; '' when there are none. Part of the shared prefix.
 */
export function definitionsBlock(definitions: readonly { term: string; definition: string; page: number }[]): string {
  if (definitions.length === 0) return '';
  return `\n\n${DEFINITIONS_HEADER}${definitions.map((d) => `- "${d.term}" (p${d.page}): ${d.definition}`).join('\n')}`;
}

export function buildMessages(documentText: string, question: string, definitions = ''): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${DOCUMENT_HEADER}${documentText}${definitions}\n\n---\n${question}` },
  ];
}

function typeHint(field: TemplateField): string {
  switch (field.type) {
    case 'text':
      return 'text copied from the document';
    case 'date':
      return 'a date, as written';
    case 'number':
      return 'a number';
    case 'money':
      return 'an amount of money, as written';
    case 'duration':
      return 'a period of time, as written';
    case 'boolean':
      return 'true when the document has it, citing the lines that show it';
    case 'enum':
      return `one of: ${field.options.join(', ')}`;
    case 'list':
      return 'a list, one item per value, each with its own evidence';
    case 'table':
      return `a table, one row per entry, columns: ${field.columns.map((c) => `${c.key} (${c.label})`).join(', ')}`;
    default:
      return field satisfies never;
  }
}

export function fieldQuestion(field: TemplateField): string {
  return `Field "${field.key}": ${field.label}, ${typeHint(field)}.\nWhat to find: ${field.instructions}\nAnswer with the JSON for "${field.key}" only.`;
}

export interface SchemaLimits {
  readonly maxListItems: number;
  readonly maxEvidence: number;
  /** Caps every string in the schema (a template's own limits still apply below it). */
  readonly maxValueChars?: number;
}

function capStrings(schema: JsonSchema, cap: number): JsonSchema {
  if ('oneOf' in schema) return { ...schema, oneOf: schema.oneOf.map((s) => capStrings(s, cap)) };
  if (!('type' in schema)) return schema;
  if (schema.type === 'string') return { ...schema, maxLength: Math.min(schema.maxLength ?? cap, cap), minLength: Math.min(schema.minLength ?? 0, cap) };
  if (schema.type === 'array') return { ...schema, items: capStrings(schema.items, cap) };
  if (schema.type === 'object') {
    return { ...schema, properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, capStrings(v, cap)])) };
  }
  return schema;
}

export function fieldSchema(field: TemplateField, evidenceIds: readonly string[], limits: SchemaLimits): JsonSchema {
  const schema = templateToJsonSchema({ fields: [field] }, { evidenceIds, maxListItems: limits.maxListItems, maxEvidence: limits.maxEvidence });
  return limits.maxValueChars !== undefined ? capStrings(schema, limits.maxValueChars) : schema;
}

/**
 * The longest JSON text the grammar allows, in characters: a string char may be a 6-char
 * escape, and each separator may carry a newline with indentation. Tokens are never more than
 * characters, so this bounds the output of even a model that never stops by itself.
 */
export function maxAnswerChars(schema: JsonSchema, depth = 0): number {
  const ws = 2 + depth * 4;
  if ('oneOf' in schema) return Math.max(...schema.oneOf.map((s) => maxAnswerChars(s, depth)));
  if ('enum' in schema) return Math.max(4, ...schema.enum.map((v) => JSON.stringify(v).length));
  if ('const' in schema) return JSON.stringify(schema.const).length;
  if (Array.isArray(schema.type)) return 24;
  switch (schema.type) {
    case 'string':
      return 2 + 6 * (schema.maxLength ?? 400);
    case 'number':
    case 'integer':
      return 40;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array':
      return 2 + ws + schema.maxItems * (maxAnswerChars(schema.items, depth + 1) + 1 + ws);
    case 'object':
      return 2 + ws + Object.entries(schema.properties).reduce((n, [k, v]) => n + k.length + 4 + 2 * ws + maxAnswerChars(v, depth + 1), 0);
    default:
      return 400;
  }
}
