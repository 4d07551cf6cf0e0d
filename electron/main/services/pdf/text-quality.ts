// Cheap checks on a page's text layer, run for every page at import: is there enough text,
// and does it read like text at all? A scan whose hidden OCR layer is garbage (Cyrillic read
// as Latin), or a font without a Unicode mapping, yields characters that are no use to search
// or to a model; such a page is sent to OCR, which keeps the PDF's text if it reads no better.
// Pure: no pdf.js, no Node.

/** Pages with fewer visible characters than this are treated as scans that need OCR. */
export const MIN_TEXT_CHARS = 16;

/** Too few words to judge: a short page is never called garbage. */
const MIN_TOKENS = 12;
/** Share of letters in implausible words above which a text layer is garbage. */
export const GARBAGE_SHARE = 0.25;

export function visibleChars(text: string): number {
  return text.replace(/\s+/g, '').length;
}

// lowercase then uppercase inside a word ("HoMep"), letters around digits ("H8norosbiH"),
// and symbols inside a word ("Hanoroo6nO>KeHVIS'I") are what bad OCR and broken fonts produce.
// Only ASCII symbols count: CJK and Thai run words together with their own punctuation.
const CASE_FLIP = /\p{Ll}\p{Lu}/u;
const DIGIT_INSIDE = /\p{Ll}\p{N}+\p{Ll}/u;
const SYMBOL_INSIDE = /[\p{L}\p{N}][!"#$%*+;<=>?[\\\]^_`{|}~]+[\p{L}\p{N}]/u;
// Private-use code points (symbol fonts), U+FFFD, and control characters other than blanks.
const UNMAPPED = /[\uE000-\uF8FF\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F]/gu;
const EDGE_PUNCTUATION = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;
// Addresses, file paths and identifiers (NM_005157.4, RM1557viii) are judged neither way.
const IDENTIFIER = /:\/\/|^www\.|[@_/\\]|^\p{Lu}+\d/u;
// Names like McDonald and MacArthur are the common lowercase-uppercase words of real text.
const NAME_PREFIX = /^(?:Mc|Mac|O'|D'|De|La|Le|Van|Von)\p{Lu}/u;

/**
 * The share (0-1) of a page's letters that sit in words no text would contain, counting
 * unmapped glyphs as bad. 0 for clean text; null when there are too few words to judge.
 */
export function garbageShare(text: string): number | null {
  let letters = 0;
  let bad = 0;
  let tokens = 0;
  for (const raw of text.split(/\s+/)) {
    const unmapped = raw.match(UNMAPPED)?.length ?? 0;
    const token = raw.replace(EDGE_PUNCTUATION, '');
    const size = token.length + unmapped;
    if (size === 0 || (unmapped === 0 && IDENTIFIER.test(token))) continue;
    tokens++;
    letters += size;
    const implausible =
      (CASE_FLIP.test(token) && !NAME_PREFIX.test(token)) ||
      DIGIT_INSIDE.test(token) ||
      SYMBOL_INSIDE.test(token);
    bad += implausible ? size : unmapped;
  }
  return tokens < MIN_TOKENS ? null : bad / letters;
}

/**
 * Any mark of an implausible word or an unmapped glyph, anywhere in the text. A word is a
 * piece of the text, so text without one has no bad word (about 3 pages in 4 of the corpus).
 */
const ANY_MARK = new RegExp([CASE_FLIP, DIGIT_INSIDE, SYMBOL_INSIDE, UNMAPPED].map((re) => re.source).join('|'), 'u');

/** Too little text, or text that reads as garbage: OCR should read the page. */
export function needsOcr(text: string): boolean {
  if (visibleChars(text) < MIN_TEXT_CHARS) return true;
  // Nothing to weigh word by word: the share of bad letters is 0.
  if (!ANY_MARK.test(text)) return false;
  const share = garbageShare(text);
  return share !== null && share >= GARBAGE_SHARE;
}
