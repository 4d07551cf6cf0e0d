// Reading the model's answers: a JSON parser that keeps the complete part of an answer cut off
// by the token limit, citation checks against the pages given, and the merge that dedupes
// bullets across passes. Pure.
import type { SummaryBullet, SummaryProfile, SummarySection } from '../../../../shared/summaries';
import { PROFILES } from './profiles';

const INCOMPLETE = Symbol('incomplete');
type Parsed = unknown;

/**
 * Parses JSON that may stop anywhere: an unfinished object or array keeps its finished members
 * and is marked incomplete; an unfinished string or number is left out, since it may be cut.
 */
export function parsePartialJson(text: string): Parsed {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): Parsed | typeof INCOMPLETE => {
    ws();
    if (i >= text.length) return INCOMPLETE;
    const c = text[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) throw new SyntaxError(`Unexpected "${c}" at ${i}`);
    i += m[0].length;
    if (i >= text.length) return INCOMPLETE; // the number may go on
    return JSON.parse(m[0]) as Parsed;
  };
  const string = (): string | typeof INCOMPLETE => {
    let j = i + 1;
    while (j < text.length) {
      if (text[j] === '\\') j += 2;
      else if (text[j] === '"') {
        const s = JSON.parse(text.slice(i, j + 1)) as string;
        i = j + 1;
        return s;
      } else j++;
    }
    i = text.length;
    return INCOMPLETE;
  };
  const array = (): Parsed => {
    i++;
    const out: unknown[] = [];
    for (;;) {
      ws();
      if (i >= text.length) return markIncomplete(out);
      if (text[i] === ']') {
        i++;
        return out;
      }
      const v = value();
      if (v === INCOMPLETE) return markIncomplete(out);
      if (isIncomplete(v)) {
        out.push(v);
        return markIncomplete(out);
      }
      out.push(v);
      ws();
      if (text[i] === ',') i++;
    }
  };
  const object = (): Parsed => {
    i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      ws();
      if (i >= text.length) return markIncomplete(out);
      if (text[i] === '}') {
        i++;
        return out;
      }
      const key = string();
      if (key === INCOMPLETE) return markIncomplete(out);
      ws();
      if (text[i] === ':') i++;
      const v = value();
      if (v === INCOMPLETE) return markIncomplete(out);
      out[key] = v;
      if (isIncomplete(v)) return markIncomplete(out);
      ws();
      if (text[i] === ',') i++;
    }
  };
  const result = value();
  return result === INCOMPLETE ? undefined : result;
}

const incompleteValues = new WeakSet<object>();
function markIncomplete<T extends object>(value: T): T {
  incompleteValues.add(value);
  return value;
}
export function isIncomplete(value: unknown): boolean {
  return typeof value === 'object' && value !== null && incompleteValues.has(value);
}

export interface PassAnswer {
  /** Bullets by section key, each citing only allowed pages. */
  readonly sections: ReadonlyMap<string, SummaryBullet[]>;
  /** Bullets left out: unfinished, empty, or citing no page that was given. */
  readonly dropped: number;
  /** Citations removed because they named a page not given (the grammar should make this 0). */
  readonly invalidCitations: number;
}

/** The bullets of one pass's answer, keeping only citations of `allowedPages`. */
export function readAnswer(text: string, profileId: SummaryProfile, allowedPages: readonly number[]): PassAnswer {
  let parsed: unknown;
  try {
    parsed = parsePartialJson(text);
  } catch {
    parsed = undefined;
  }
  const allowed = new Set(allowedPages);
  const sections = new Map<string, SummaryBullet[]>();
  let dropped = 0;
  let invalidCitations = 0;
  const root = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  for (const { key } of PROFILES[profileId].sections) {
    const bullets: SummaryBullet[] = [];
    const list = Array.isArray(root[key]) ? (root[key] as unknown[]) : [];
    for (const item of list) {
      const b = (typeof item === 'object' && item !== null ? item : {}) as { text?: unknown; pages?: unknown };
      const textValue = typeof b.text === 'string' ? b.text.replace(/\s+/g, ' ').trim() : '';
      const cited = Array.isArray(b.pages) ? b.pages.filter((p): p is number => typeof p === 'number') : [];
      const pages = [...new Set(cited.filter((p) => allowed.has(p)))].sort((x, y) => x - y);
      invalidCitations += cited.filter((p) => !allowed.has(p)).length;
      if (textValue === '' || pages.length === 0) {
        dropped += 1;
        continue;
      }
      bullets.push({ text: textValue, pages });
    }
    sections.set(key, bullets);
  }
  return { sections, dropped, invalidCitations };
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Concatenates bullets per section in pass order; the same statement twice becomes one citing both pages. */
export function mergeAnswers(profileId: SummaryProfile, answers: readonly PassAnswer[]): SummarySection[] {
  return PROFILES[profileId].sections.map(({ key, title }) => {
    const byText = new Map<string, { text: string; pages: Set<number> }>();
    for (const answer of answers) {
      for (const bullet of answer.sections.get(key) ?? []) {
        const norm = normalize(bullet.text);
        if (norm === '') continue;
        const existing = byText.get(norm);
        if (existing) bullet.pages.forEach((p) => existing.pages.add(p));
        else byText.set(norm, { text: bullet.text, pages: new Set(bullet.pages) });
      }
    }
    const bullets = [...byText.values()].map((b) => ({ text: b.text, pages: [...b.pages].sort((x, y) => x - y) }));
    return { key, title, bullets };
  });
}

export function citedPagesOf(sections: readonly SummarySection[]): number[] {
  return [...new Set(sections.flatMap((s) => s.bullets.flatMap((b) => b.pages)))].sort((a, b) => a - b);
}

/** Map-pass notes as the document of a merge pass: one line per bullet, pages cited in the text. */
export function renderNotes(profileId: SummaryProfile, sections: readonly SummarySection[], label: string): string {
  const lines = [`[Notes on ${label}]`];
  for (const section of sections) {
    if (section.bullets.length === 0) continue;
    const title = PROFILES[profileId].sections.find((s) => s.key === section.key)?.title ?? section.title;
    lines.push(`${title}:`);
    for (const b of section.bullets) lines.push(`- ${b.text} (${b.pages.length > 1 ? 'pages' : 'page'} ${b.pages.join(', ')})`);
  }
  return lines.join('\n');
}
