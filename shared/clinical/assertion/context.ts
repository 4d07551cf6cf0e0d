// The ConText matcher on one sentence: find the triggers (longest first; pseudo triggers
// consume their words), give each modifier a scope that ends at the sentence, a termination
// term or its maximum distance in tokens, and collect the categories whose scope covers the
// target. Shared: no Node, no DOM.
import { tokenize, type Token } from './tokens';
import { FILLER, MAX_SCOPE, TRIGGERS, type ModifierCategory, type Trigger } from './triggers';

interface Match {
  /** Token range [start, end). */
  readonly start: number;
  readonly end: number;
  readonly triggers: readonly Trigger[];
  readonly phrase: string;
}

// First token -> phrases starting with it, longest first.
const INDEX: ReadonlyMap<string, ReadonlyArray<{ words: string[]; triggers: Trigger[] }>> = (() => {
  const byPhrase = new Map<string, { words: string[]; triggers: Trigger[] }>();
  for (const t of TRIGGERS) {
    const words = tokenize(t.phrase).map((w) => w.text);
    const key = words.join(' ');
    const entry = byPhrase.get(key) ?? { words, triggers: [] };
    entry.triggers.push(t);
    byPhrase.set(key, entry);
  }
  const index = new Map<string, Array<{ words: string[]; triggers: Trigger[] }>>();
  for (const entry of byPhrase.values()) {
    const list = index.get(entry.words[0]!) ?? [];
    list.push(entry);
    index.set(entry.words[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
})();

export function findTriggers(tokens: readonly Token[]): Match[] {
  const matches: Match[] = [];
  let i = 0;
  while (i < tokens.length) {
    const hit = INDEX.get(tokens[i]!.text)?.find((e) => e.words.every((w, k) => tokens[i + k]?.text === w));
    if (!hit) {
      i += 1;
      continue;
    }
    matches.push({ start: i, end: i + hit.words.length, triggers: hit.triggers, phrase: hit.words.join(' ') });
    i += hit.words.length;
  }
  return matches;
}

export interface Modifier {
  readonly category: ModifierCategory;
  /** The trigger phrase as matched (lower case). */
  readonly cue: string;
}

/**
 * Modifiers whose scope covers the target tokens [targetStart, targetEnd) of a sentence.
 * A trigger inside the target ("no known allergies" as the value) modifies it too.
 */
export function modifiersOf(tokens: readonly Token[], targetStart: number, targetEnd: number): Modifier[] {
  const matches = findTriggers(tokens);
  const terminates = (m: Match, category: ModifierCategory): boolean =>
    m.triggers.some((t) => t.direction === 'terminate' && (t.ends === undefined || t.ends.includes(category)));
  // Whether a termination term for the category lies in the token range [from, to).
  const blocked = (from: number, to: number, category: ModifierCategory): boolean =>
    matches.some((m) => m.start >= from && m.end <= to && terminates(m, category));

  // Words between two token positions, punctuation and filler not counted.
  const distance = (from: number, to: number): number =>
    tokens.slice(from, to).filter((t) => /[\p{L}\p{N}]/u.test(t.text) && !FILLER.has(t.text)).length;

  const found: Modifier[] = [];
  for (const m of matches) {
    for (const t of m.triggers) {
      if (!t.category || t.direction === 'terminate' || t.direction === 'pseudo') continue;
      const reach = MAX_SCOPE[t.category];
      const inside = m.start >= targetStart && m.end <= targetEnd;
      const forward =
        (t.direction === 'forward' || t.direction === 'bidirectional') &&
        m.end <= targetStart &&
        distance(m.end, targetStart) < reach &&
        !blocked(m.end, targetStart, t.category);
      const backward =
        (t.direction === 'backward' || t.direction === 'bidirectional') &&
        m.start >= targetEnd &&
        distance(targetEnd, m.start) < reach &&
        !blocked(targetEnd, m.start, t.category);
      if (inside || forward || backward) found.push({ category: t.category, cue: m.phrase });
    }
  }
  return found;
}
