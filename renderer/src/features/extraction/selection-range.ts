// Maps selected text back to a character range of the stored page text, for "Add from
// selection". The pdf.js text layer is built from the PDF's own text runs, which need not
// match the archive's page text character for character (spaces, line breaks, hyphens), so
// the selected string is searched in the page text ignoring whitespace, and of several
// matches the one nearest the selection's estimated position wins. In the extracted-text
// panel the offsets are direct and no search is needed. Pure: no DOM.

/** The text without whitespace and, for each kept character, its index in the original. */
function compact(text: string): { chars: string; index: number[] } {
  let chars = '';
  const index: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) continue;
    chars += c.toLowerCase();
    index.push(i);
  }
  return { chars, index };
}

/**
 * [start, end) of `selected` in `pageText`, whitespace ignored and case folded. `hint` is the
 * selection's approximate start as a fraction (0..1) of the page's text; null when absent.
 */
export function locateSelection(pageText: string, selected: string, hint: number | null): readonly [number, number] | null {
  const needle = compact(selected).chars;
  if (needle.length === 0) return null;
  const hay = compact(pageText);
  const target = hint === null ? 0 : hint * hay.chars.length;
  let best: number | null = null;
  for (let at = hay.chars.indexOf(needle); at !== -1; at = hay.chars.indexOf(needle, at + 1)) {
    if (best === null || Math.abs(at - target) < Math.abs(best - target)) best = at;
  }
  if (best === null) return null;
  const start = hay.index[best]!;
  const end = hay.index[best + needle.length - 1]! + 1;
  return [start, end];
}

/** A selection ready for `extraction:addFromSelection`. */
export interface PageSelection {
  readonly page: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly source: 'pdf' | 'text';
}
