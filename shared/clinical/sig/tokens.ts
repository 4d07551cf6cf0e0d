// Tokens of a medication sig, read in one pass over the characters (no regular expression
// that could backtrack): numbers ("1,000", "0.5", ".5", "½"), words (dotted abbreviations
// folded: "b.i.d." -> "bid"; "5mg" and "q4h" split at the digit), and single marks.
// Shared: no Node, no DOM.

export interface SigToken {
  /** Lower-cased, dots of abbreviations removed, dashes as "-". */
  readonly norm: string;
  readonly kind: 'num' | 'word' | 'mark';
  /** A number's value. */
  readonly value?: number;
  readonly start: number;
  readonly end: number;
}

const VULGAR: Readonly<Record<string, number>> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3 };
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);

export function tokenizeSig(text: string): SigToken[] {
  const tokens: SigToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i += 1;
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]) && !isDigit(text[i - 1]))) {
      const start = i;
      let digits = '';
      while (i < text.length) {
        const d = text[i]!;
        if (isDigit(d)) digits += d;
        // A thousands comma only before exactly three digits ("1,000"; "1,2" is two numbers).
        else if (d === ',' && isDigit(text[i + 1]) && isDigit(text[i + 2]) && isDigit(text[i + 3]) && !isDigit(text[i + 4]) && digits.length > 0) {
          /* skip the comma */
        } else if (d === '.' && isDigit(text[i + 1]) && !digits.includes('.')) digits += '.';
        else break;
        i += 1;
      }
      tokens.push({ norm: digits, kind: 'num', value: Number(digits.startsWith('.') ? `0${digits}` : digits), start, end: i });
    } else if (c in VULGAR) {
      tokens.push({ norm: c, kind: 'num', value: VULGAR[c]!, start: i, end: i + 1 });
      i += 1;
    } else if (isLetter(c)) {
      const start = i;
      let word = '';
      let dotted = false;
      let segment = 0;
      while (i < text.length) {
        const d = text[i]!;
        if (isLetter(d)) {
          word += d.toLowerCase();
          segment += 1;
        }
        // "b.i.d", "p.o.", "q.a.m.": a dot after one or two letters, between letters or
        // closing a dotted abbreviation ("tab.Take", text that lost its space, stays two words).
        else if (d === '.' && segment <= 2 && isLetter(text[i + 1])) {
          dotted = true;
          segment = 0;
        } else if (d === '.' && dotted) {
          i += 1;
          break;
        }
        // "B12", "D3" stay words; "q4h" and "x7" split so the number reads as one.
        else if (isDigit(d) && word !== 'q' && word !== 'x' && !VERB_LIKE.has(word)) word += d;
        else break;
        i += 1;
      }
      tokens.push({ norm: word, kind: 'word', start, end: i });
    } else {
      const norm = c === '–' || c === '—' || c === '‑' ? '-' : c === '×' ? 'x' : c;
      tokens.push({ norm, kind: norm === 'x' ? 'word' : 'mark', start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}

// Letter runs that a digit may follow without being one word with it ("every4h" is rare, but
// "x7d"/"q6h" are not; these two are handled above).
const VERB_LIKE: ReadonlySet<string> = new Set(['every', 'for']);
