// Section headings that set the context for the text under them ("Family history:",
// "Past medical history:"). Any other heading ends the previous section's context.
// Shared: no Node, no DOM.
import type { ModifierCategory } from './triggers';

const SECTION_CATEGORIES: ReadonlyArray<readonly [ModifierCategory, readonly string[]]> = [
  ['family', ['family history', 'family hx', 'fhx', 'fh', 'family medical history', 'family social history', 'family history of']],
  [
    'historical',
    [
      'past medical history', 'pmh', 'past history', 'medical history', 'past surgical history', 'psh', 'surgical history',
      'previous medical history', 'past medical and surgical history', 'past medical/surgical history', 'pmhx',
      'past psychiatric history', 'pph', 'prior history', 'history', 'past illnesses', 'previous illnesses',
      'past diagnoses', 'resolved problems', 'inactive problems', 'previous surgeries', 'prior surgeries',
    ],
  ],
  ['possible', ['differential diagnosis', 'differential diagnoses', 'differential', 'ddx', 'rule out', 'r/o']],
  ['hypothetical', ['discharge instructions', 'return precautions', 'patient instructions', 'warning signs', 'when to call', 'call your doctor if']],
];

const BY_NAME = new Map<string, ModifierCategory>(SECTION_CATEGORIES.flatMap(([c, names]) => names.map((n) => [n, c] as const)));

export interface Section {
  /** The heading as written, without its colon. */
  readonly heading: string;
  readonly category: ModifierCategory | null;
  readonly start: number;
  /** Where the section's text begins (after the colon). */
  readonly bodyStart: number;
}

const normalizeHeading = (h: string): string => h.toLowerCase().replace(/\s+/g, ' ').trim();

// "HEADING:" or "Known heading:" at a line start or after a sentence end (with or without a
// space: PDF text often has "vomiting.PAST MEDICAL HISTORY:"). Unknown headings
// count only in capitals, so "Mother: diabetes" stays a sentence.
const HEADING = /(^|\n|[.!?]\s*)([ \t]*)([\p{L}][\p{L}\p{N} /&,'()-]{0,48}?)\s*:(?!\d)/gu;

export function findSections(text: string): Section[] {
  const out: Section[] = [];
  for (const m of text.matchAll(HEADING)) {
    const heading = m[3]!.trim();
    const name = normalizeHeading(heading);
    const known = BY_NAME.get(name);
    const letters = heading.replace(/[^\p{L}]/gu, '');
    const capitals = letters.length >= 2 && letters === letters.toUpperCase();
    if (known === undefined && !capitals && !KNOWN_NEUTRAL.has(name)) continue;
    const start = m.index + m[1]!.length + m[2]!.length;
    out.push({ heading, category: known ?? null, start, bodyStart: m.index + m[0].length });
  }
  return out;
}

// Title-case headings that end a section's context without setting one.
const KNOWN_NEUTRAL = new Set([
  'history of present illness', 'hpi', 'chief complaint', 'cc', 'assessment', 'assessment and plan', 'plan', 'impression',
  'diagnosis', 'diagnoses', 'discharge diagnosis', 'discharge diagnoses', 'problem list', 'problems', 'active problems',
  'medications', 'current medications', 'allergies', 'review of systems', 'ros', 'physical exam', 'physical examination',
  'exam', 'social history', 'labs', 'laboratory', 'results', 'findings', 'hospital course', 'procedures', 'vitals',
  'vital signs', 'subjective', 'objective', 'reason for visit', 'indication', 'conclusion', 'recommendations',
]);

/** The section the position falls in, if any. */
export function sectionAt(sections: readonly Section[], position: number): Section | null {
  let found: Section | null = null;
  for (const s of sections) if (s.bodyStart <= position) found = s;
  return found;
}
