// Assertion status of a clinical finding (ConText): affirmed, negated, possible,
// hypothetical, historical or family, computed on the sentence the finding is quoted from
// and the section heading that sentence falls under. Shared: no Node, no DOM.
import { modifiersOf } from './context';
import { findSections, sectionAt } from './sections';
import { sentences, tokenize } from './tokens';
import type { AssertionLabel, ModifierCategory } from './triggers';

export { ASSERTION_LABELS, DIRECTIONS, TRIGGERS, type AssertionLabel, type Direction, type Trigger } from './triggers';
export { findSections, type Section } from './sections';
export { sentences, tokenize } from './tokens';

export interface Assertion {
  readonly label: AssertionLabel;
  /** The trigger phrase that decided it, or "section: <heading>"; null when affirmed. */
  readonly cue: string | null;
  /** The sentence the label was computed on. */
  readonly sentence: string;
  readonly section: string | null;
}

// When several modifiers reach a finding: a negation is never overridden ("denies history
// of stroke"), another person's finding is not the patient's ("no" aside), and a condition
// or uncertainty outranks a past ("history of possible MI" is possible).
const PRIORITY: readonly ModifierCategory[] = ['negated', 'family', 'hypothetical', 'possible', 'historical'];

/** The assertion of the finding at [start, end) of a text (a page, or one sentence). */
export function assertionAt(text: string, start: number, end: number): Assertion {
  const sections = findSections(text);
  const cuts = sections.flatMap((s) => [s.start, s.bodyStart]);
  const bounds = sentences(text, cuts).find(([s, e]) => s <= start && start < e) ?? [start, end];
  const sentenceEnd = Math.max(bounds[1], end);
  const tokens = tokenize(text.slice(bounds[0], sentenceEnd), bounds[0]);
  let first = tokens.findIndex((t) => t.end > start);
  if (first < 0) first = tokens.length;
  let last = tokens.findIndex((t) => t.start >= end);
  if (last < 0) last = tokens.length;
  const modifiers = modifiersOf(tokens, first, Math.max(first + 1, last));
  const section = sectionAt(sections, bounds[0]);
  const sentence = text.slice(bounds[0], sentenceEnd).replace(/\s+/g, ' ').trim();
  for (const category of PRIORITY) {
    const hit = modifiers.find((m) => m.category === category);
    if (hit) return { label: category, cue: hit.cue, sentence, section: section?.heading ?? null };
    if (section?.category === category) return { label: category, cue: `section: ${section.heading}`, sentence, section: section.heading };
  }
  return { label: 'affirmed', cue: null, sentence, section: section?.heading ?? null };
}

/** The assertion of a target term in a text: its first occurrence (case-insensitive); null when absent. */
export function assertionOf(text: string, target: string): Assertion | null {
  const at = text.toLowerCase().indexOf(target.toLowerCase());
  return at < 0 ? null : assertionAt(text, at, at + target.length);
}
