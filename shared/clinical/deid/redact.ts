// Replaces detected identifiers. By default a bracketed type ("[NAME]"); with a surrogate
// book, a numbered stand-in that stays the same for the same value within one export
// ("[NAME 3]" every time "John Smith" is seen); with a date offset, full dates move by the
// patient's secret number of days instead (the offset is never written out). ZIPs keep the
// 3 digits Safe Harbor allows, ages over 89 become "90+", a date keeps only its year.
import { detectPhi } from './detect';
import { safeZip } from './zip3';
import type { KnownIdentifiers, PhiSpan, PhiType } from './types';

/** Same value → same surrogate, per type, for the life of the book (one export). */
export class SurrogateBook {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<PhiType, number>();
  surrogate(type: PhiType, value: string): string {
    const key = `${type}\u0000${value.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()}`;
    let s = this.byValue.get(key);
    if (!s) {
      const n = (this.counts.get(type) ?? 0) + 1;
      this.counts.set(type, n);
      s = `[${label(type)} ${n}]`;
      this.byValue.set(key, s);
    }
    return s;
  }
}

export interface DeidOptions {
  readonly known?: KnownIdentifiers;
  readonly surrogates?: SurrogateBook;
  /** Days to move every full date by; keep it secret (random per patient, never exported). */
  readonly dateShiftDays?: number;
}

export interface DeidResult {
  readonly text: string;
  readonly spans: readonly PhiSpan[];
}

const label = (type: PhiType): string => type.toUpperCase().replace('_', '-');

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A full calendar date in the common spellings, or null (month-day or month-year alone). */
export function parseFullDate(s: string): Date | null {
  let y: number;
  let m: number;
  let d: number;
  let r: RegExpMatchArray | null;
  if ((r = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s))) [y, m, d] = [+r[1]!, +r[2]!, +r[3]!];
  else if ((r = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s))) {
    [m, d, y] = [+r[1]!, +r[2]!, +r[3]!];
    if (m > 12) [m, d] = [d, m];
    if (y < 100) y += y > 30 ? 1900 : 2000;
  } else if ((r = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s))) [m, d, y] = [MONTHS.indexOf(r[1]!.toLowerCase()) + 1, +r[2]!, +r[3]!];
  else if ((r = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s/-]+([A-Za-z]{3})[a-z]*\.?,?[\s/-]+(\d{4})$/.exec(s))) [d, m, y] = [+r[1]!, MONTHS.indexOf(r[2]!.toLowerCase()) + 1, +r[3]!];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return m >= 1 && m <= 12 && date.getUTCDate() === d ? date : null;
}

function replacement(span: PhiSpan, options: DeidOptions): string {
  switch (span.type) {
    case 'zip':
      return safeZip(span.text.replace(/\D/g, ''));
    case 'age':
      return '90+';
    case 'date': {
      const full = parseFullDate(span.text.trim());
      if (full && options.dateShiftDays !== undefined) {
        return new Date(full.getTime() + options.dateShiftDays * 86_400_000).toISOString().slice(0, 10);
      }
      if (options.dateShiftDays === undefined) {
        const year = /\b(1[89]\d\d|2[01]\d\d)\b/.exec(span.text)?.[1] ?? (full ? String(full.getUTCFullYear()) : null);
        if (year) return `[DATE] ${year}`;
      }
      return '[DATE]';
    }
    default:
      return options.surrogates ? options.surrogates.surrogate(span.type, span.text) : `[${label(span.type)}]`;
  }
}

/** The text with every detected identifier replaced, and what was found. */
export function deidentify(text: string, options: DeidOptions = {}): DeidResult {
  const spans = detectPhi(text, options.known);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + replacement(s, options);
    at = s.end;
  }
  return { text: out + text.slice(at), spans };
}

/** A secret whole-day offset in ±[1, maxDays], from the platform's CSPRNG. */
export function randomDateShift(maxDays = 365): number {
  // shared/ is typed without DOM or Node; both give Web Crypto on globalThis.
  const { crypto } = globalThis as unknown as { crypto: { getRandomValues(a: Uint32Array): Uint32Array } };
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  const days = (n! % maxDays) + 1;
  return n! & 0x80000000 ? -days : days;
}
