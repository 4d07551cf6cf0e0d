// Faithful summaries: every date, number (with its unit: a dose, a lab value) and drug name in
// a summary bullet must be on the pages the bullet cites. Dates compare as ISO dates
// (3/4/2024 = March 4, 2024 = 2024-03-04; "March 2024" matches any date in that month),
// numbers by value (1,000 = 1000, 5.0 = 5, "five" = 5), units by one spelling (mcg/µg/ug,
// mL/cc, unit/IU, g/gm). A bullet with a claim not found, or with no cited page, is "check"
// with the claims not found listed as written. Dates are read by the extraction normalizer
// (shared/extraction/normalize), so fields and summaries agree on what a date is. Pure.
import { DRUG_NAMES } from '../../../../shared/clinical/drugs';
import { MEASURE_UNITS } from '../../../../shared/clinical/sig/lexicon';
import { parseDate, parseNumberWords, parseNumeral } from '../../../../shared/extraction/normalize';
import { fold } from '../../../../shared/extraction/text';
import type { BulletSupport, SummarySection } from '../../../../shared/summaries';

// Each pattern is a plain sequence (no nested repetition), so a hostile page cannot make it backtrack.
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_PATTERNS: readonly RegExp[] = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
  /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g,
  new RegExp(`\\b${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b`, 'gi'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH},? \\d{4}\\b`, 'gi'),
  new RegExp(`\\b${MONTH},? \\d{4}\\b`, 'gi'),
  /\b\d{1,2}\/\d{4}\b/g,
];

// A unit right after a number: "5 mg", "7.2%", "1.2 mg/dL", "140/90 mmHg" (each figure apart).
const UNIT = '(?:mg\\/dl|mg\\/kg|g\\/dl|mmol\\/l|meq\\/l|mcg|µg|μg|ug|mg|kg|gm|g|ml|cc|l|units?|iu|meq|mmol|mmhg|bpm|lbs?|cm|mm|%|°[cf])';
const NUMBER = new RegExp(`(?<![\\p{L}\\d.,])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:\\s?(${UNIT})(?![\\p{L}]))?`, 'giu');
const WORD = /\p{L}[\p{L}\p{N}'-]*/gu;

interface Claim {
  readonly kind: 'date' | 'number' | 'drug';
  /** As written in the bullet. */
  readonly text: string;
  readonly key: string;
}

/** What a cited text supports: its dates (ISO), numbers, number+unit pairs and words. */
interface Facts {
  readonly dates: Set<string>;
  readonly numbers: Set<number>;
  readonly pairs: Set<string>;
  readonly units: Set<string>;
  readonly words: Set<string>;
}

function unitKey(unit: string | undefined): string | null {
  if (!unit) return null;
  const u = unit.toLowerCase().replace('μ', 'µ');
  return MEASURE_UNITS[u] ?? u;
}

/** Finds dates; returns them with the text masked where they were, so their figures are not read again as numbers. */
function readDates(text: string): { dates: Array<{ text: string; iso: string }>; masked: string } {
  let masked = text;
  const dates: Array<{ text: string; iso: string }> = [];
  for (const pattern of DATE_PATTERNS) {
    // The text is rebuilt once per pattern, not once per date (a page of dates stays linear).
    const pieces: string[] = [];
    let from = 0;
    for (const m of masked.matchAll(pattern)) {
      const iso = parseDate(m[0]);
      if (!iso || !/^\d{4}-\d{2}/.test(iso)) continue;
      dates.push({ text: m[0], iso });
      pieces.push(masked.slice(from, m.index), ' '.repeat(m[0].length));
      from = m.index + m[0].length;
    }
    if (pieces.length > 0) masked = pieces.join('') + masked.slice(from);
  }
  return { dates, masked };
}

function readNumbers(text: string): Array<{ text: string; value: number; unit: string | null }> {
  const out: Array<{ text: string; value: number; unit: string | null }> = [];
  for (const m of text.matchAll(NUMBER)) {
    const value = parseNumeral(m[1]!);
    if (value !== null) out.push({ text: m[0].trim(), value, unit: unitKey(m[2]) });
  }
  return out;
}

export function factsOf(citedText: string): Facts {
  const folded = fold(citedText);
  const { dates, masked } = readDates(folded);
  const numbers = new Set<number>();
  const pairs = new Set<string>();
  const units = new Set<string>();
  for (const d of dates) {
    const [y, m, day] = d.iso.split('-').map(Number);
    [y, m, day].forEach((n) => n !== undefined && numbers.add(n));
  }
  for (const n of readNumbers(masked)) {
    numbers.add(n.value);
    if (n.unit) {
      pairs.add(`${n.value} ${n.unit}`);
      units.add(n.unit);
    }
  }
  const words = new Set<string>();
  for (const [w] of folded.matchAll(WORD)) {
    words.add(w);
    const spelled = parseNumberWords(w);
    if (spelled !== null) numbers.add(spelled);
  }
  return { dates: new Set(dates.map((d) => d.iso)), numbers, pairs, units, words };
}

/** The claims of a bullet, each as written in it (so the UI can mark it). */
export function claimsOf(bullet: string): Claim[] {
  const { dates, masked } = readDates(bullet);
  const claims: Claim[] = dates.map((d) => ({ kind: 'date', text: d.text, key: d.iso }));
  for (const n of readNumbers(masked)) claims.push({ kind: 'number', text: n.text, key: n.unit ? `${n.value} ${n.unit}` : String(n.value) });
  for (const [w] of masked.matchAll(WORD)) if (DRUG_NAMES.has(w.toLowerCase())) claims.push({ kind: 'drug', text: w, key: w.toLowerCase() });
  return claims;
}

function supported(claim: Claim, facts: Facts): boolean {
  switch (claim.kind) {
    case 'date':
      // A month ("2024-03") is supported by any date in it; a full date only by itself.
      return facts.dates.has(claim.key) || (claim.key.length === 7 && [...facts.dates].some((d) => d.startsWith(claim.key)));
    case 'number': {
      const [value, unit] = claim.key.split(' ');
      const n = Number(value);
      if (!unit) return facts.numbers.has(n);
      // The same figure with the same unit; or the figure bare with the unit stated elsewhere on the page.
      return facts.pairs.has(claim.key) || (facts.numbers.has(n) && ![...facts.pairs].some((p) => p.startsWith(`${n} `)) && facts.units.has(unit));
    }
    case 'drug':
      return facts.words.has(claim.key);
    default:
      return claim.kind satisfies never;
  }
}

/** Whether a bullet's claims are all on its cited pages; no cited page is never supported. */
export function checkBullet(text: string, citedTexts: readonly string[]): BulletSupport {
  const claims = claimsOf(text);
  const cited = citedTexts.filter((t) => t.trim() !== '');
  if (cited.length === 0) return { status: 'check', unsupported: claims.map((c) => c.text), claims: claims.length };
  const facts = factsOf(cited.join('\n'));
  const unsupported = [...new Set(claims.filter((c) => !supported(c, facts)).map((c) => c.text))];
  return { status: unsupported.length === 0 ? 'supported' : 'check', unsupported, claims: claims.length };
}

/** Every bullet with its support, checked against the text of the pages it cites. */
export function checkSections(sections: readonly SummarySection[], pageText: (page: number) => string): SummarySection[] {
  return sections.map((s) => ({ ...s, bullets: s.bullets.map((b) => ({ ...b, support: checkBullet(b.text, b.pages.map(pageText)) })) }));
}

/** The share of bullets whose claims are all on their cited pages; null with no bullet. */
export function faithfulnessOf(sections: readonly SummarySection[]): { bullets: number; supported: number; share: number | null } {
  const bullets = sections.flatMap((s) => s.bullets);
  const ok = bullets.filter((b) => b.support?.status === 'supported').length;
  return { bullets: bullets.length, supported: ok, share: bullets.length === 0 ? null : Math.round((ok / bullets.length) * 1000) / 1000 };
}
