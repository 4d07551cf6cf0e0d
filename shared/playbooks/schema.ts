// Playbooks: a firm's standard positions, written as rules over one template's fields
// ("governing law is New York or Delaware", "renewal notice of at least 60 days"). A playbook
// is a JSON document (resources/playbooks/*.json, or one a user writes), validated here with
// messages its author can act on; evaluate.ts checks a contract's values against it.
// Shared: pure TypeScript + zod, no Node, no DOM.
//
// Hostile input: the text is bounded before it is parsed, keys that could reach an object's
// prototype ("__proto__", "constructor", "prototype") are refused wherever they appear, every
// object is strict (an unknown key or operator is an error), and every list and string is
// bounded, so a saved playbook is small and evaluating it is cheap.
import { z } from 'zod';
import { normalizeValue, parseDate, parseMoney } from '../extraction/normalize';
import { parsePeriod } from '../deadlines/terms';

/** The longest playbook text accepted, in characters (UTF-16 units), before parsing. */
export const MAX_PLAYBOOK_CHARS = 256 * 1024;
export const MAX_RULES = 200;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const slugSchema = z
  .string()
  .max(64, { error: 'a name has at most 64 characters' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: (issue) => `must be a lower-case slug like "firm-standard", got ${JSON.stringify(issue.input)}`,
  });

// A template field key, as templates.ts writes them.
const fieldKeySchema = z
  .string()
  .max(64, { error: 'a field key has at most 64 characters' })
  .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, {
    error: (issue) => `a field key is snake_case like "governing_law", got ${JSON.stringify(issue.input)}`,
  });

const titleSchema = z
  .string()
  .trim()
  .min(1, { error: 'a title must not be empty' })
  .max(200, { error: 'a title has at most 200 characters' });

const phraseSchema = z
  .string()
  .trim()
  .min(1, { error: 'a phrase must not be empty' })
  .max(200, { error: 'a phrase has at most 200 characters' });

const phrasesSchema = z.array(phraseSchema).min(1, { error: 'give at least 1 phrase' }).max(50, { error: 'at most 50 phrases' });

/** What a value is compared as: normalized by the same readers the extraction uses. */
export const COMPARE_KINDS = ['duration', 'money', 'date', 'number', 'months_of_fees'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];

const compareSchema = {
  kind: z.enum(COMPARE_KINDS, { error: `kind must be one of ${COMPARE_KINDS.join(', ')}` }),
  /** The standard, written as a person would: "60 days", "$1,000,000", "2025-01-01", "12 months". */
  value: phraseSchema,
  /**
   * Where the compared value is read: the field's value (default), or a period stated in its
   * evidence quotes (a yes/no clause field whose clause states how long, e.g. how long
   * confidentiality survives).
   */
  from: z.enum(['value', 'quote']).default('value'),
  /** With from "quote": words of the sentence that states the period ("survive"). */
  near: phrasesSchema.optional(),
};

export const CHECK_TYPES = ['present', 'absent', 'one_of', 'none_of', 'at_least', 'at_most'] as const;

export const checkSchema = z.discriminatedUnion(
  'type',
  [
    /** The clause must be there (a yes, or any value); with `mentions`, its quotes must say one of them. */
    z.strictObject({ type: z.literal('present'), mentions: phrasesSchema.optional() }),
    /** The clause must not be there (a no, or no value, as a reviewer confirmed). */
    z.strictObject({ type: z.literal('absent') }),
    /** The value names one of these (whole words, case and punctuation aside): "State of New York" names "New York". */
    z.strictObject({ type: z.literal('one_of'), values: phrasesSchema }),
    z.strictObject({ type: z.literal('none_of'), values: phrasesSchema }),
    z.strictObject({ type: z.literal('at_least'), ...compareSchema }),
    z.strictObject({ type: z.literal('at_most'), ...compareSchema }),
  ],
  { error: `a check type must be one of ${CHECK_TYPES.join(', ')}` },
);
export type PlaybookCheck = z.infer<typeof checkSchema>;

export const ruleSchema = z.strictObject({
  /** Stable within the playbook: results and the Table's columns are keyed by it. */
  id: slugSchema,
  title: titleSchema,
  field: fieldKeySchema,
  check: checkSchema,
  /** The firm's standard wording for this clause, for a reader (and for clause comparison). */
  standard: z.string().trim().max(4000, { error: 'standard text has at most 4000 characters' }).optional(),
});
export type PlaybookRule = z.infer<typeof ruleSchema>;

export const playbookSchema = z
  .strictObject({
    name: slugSchema,
    title: titleSchema,
    description: z.string().trim().max(2000, { error: 'a description has at most 2000 characters' }).default(''),
    /** The template whose fields the rules read ("contract"). */
    template: slugSchema,
    version: z.number().int({ error: 'version must be an integer' }).min(1, { error: 'version starts at 1' }).max(1_000_000),
    rules: z
      .array(ruleSchema)
      .min(1, { error: 'a playbook needs at least 1 rule' })
      .max(MAX_RULES, { error: `a playbook has at most ${MAX_RULES} rules` }),
  })
  .superRefine((playbook, ctx) => {
    const seen = new Set<string>();
    playbook.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}": ids must be unique` });
      seen.add(rule.id);
      const check = rule.check;
      if (check.type === 'at_least' || check.type === 'at_most') {
        if (readStandard(check.kind, check.value) === null) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'check', 'value'], message: `"${check.value}" cannot be read as ${KIND_WORDS[check.kind]}` });
        }
        if (check.from === 'quote' && check.kind !== 'duration') {
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'check', 'from'], message: 'from "quote" reads a period: use it with kind "duration"' });
        }
      }
    });
  });

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookInput = z.input<typeof playbookSchema>;

export const KIND_WORDS: Readonly<Record<CompareKind, string>> = {
  duration: 'a period (e.g. "60 days", "3 years")',
  money: 'an amount (e.g. "$1,000,000")',
  date: 'a date (e.g. "2025-01-01")',
  number: 'a number',
  months_of_fees: 'a number of months of fees (e.g. "12 months")',
};

/** A standard read by kind: a period, an amount, an ISO date or a number; null when unreadable. */
export type Standard =
  | { readonly kind: 'duration' | 'months_of_fees'; readonly period: NonNullable<ReturnType<typeof parsePeriod>> }
  | { readonly kind: 'money'; readonly amount: number; readonly currency: string | null }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'number'; readonly value: number };

export function readStandard(kind: CompareKind, text: string): Standard | null {
  switch (kind) {
    case 'duration':
    case 'months_of_fees': {
      const period = parsePeriod(text);
      return period === null ? null : { kind, period };
    }
    case 'money': {
      const money = parseMoney(text);
      return money === null ? null : { kind, amount: money.amount, currency: money.currency };
    }
    case 'date': {
      const date = parseDate(text);
      return date === null || date.length !== 10 ? null : { kind, date };
    }
    case 'number': {
      const value = normalizeValue('number', text).normalized;
      return value === null || !Number.isFinite(value) ? null : { kind, value };
    }
    default:
      return kind satisfies never;
  }
}

export type ParsePlaybookResult =
  | { readonly ok: true; readonly playbook: Playbook }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The first key anywhere in `value` that could reach a prototype, with where it is. */
function forbiddenKey(value: unknown, path: string, depth = 0): string | null {
  if (depth > 20) return `${path}: nested too deeply`;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = forbiddenKey(item, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const where = path === '' ? key : `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) return `${where}: the key "${key}" is not allowed`;
    const found = forbiddenKey((value as Record<string, unknown>)[key], where, depth + 1);
    if (found) return found;
  }
  return null;
}

function formatPath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
      node = Array.isArray(node) ? node[part] : undefined;
      const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && id !== '' && id.length <= 64) out += ` (${id})`;
    } else {
      out += out === '' ? String(part) : `.${String(part)}`;
      node = node !== null && typeof node === 'object' && Object.hasOwn(node, part) ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    }
  }
  return out;
}

/** Parses a playbook from JSON text or an already-parsed value; never throws. Every problem is listed. */
export function parsePlaybook(json: unknown): ParsePlaybookResult {
  let input = json;
  if (typeof json === 'string') {
    if (json.length > MAX_PLAYBOOK_CHARS) {
      return { ok: false, errors: [`the playbook is too large: ${json.length} characters, at most ${MAX_PLAYBOOK_CHARS}`] };
    }
    try {
      input = JSON.parse(json);
    } catch (err) {
      return { ok: false, errors: [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
    }
  }
  const forbidden = forbiddenKey(input, '');
  if (forbidden) return { ok: false, errors: [forbidden] };
  const result = playbookSchema.safeParse(input);
  if (result.success) return { ok: true, playbook: result.data };
  const errors = result.error.issues.slice(0, 50).map((issue) => {
    const where = formatPath(issue.path, input);
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  return { ok: false, errors: [...new Set(errors)] };
}
