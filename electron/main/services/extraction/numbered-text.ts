// A document as the model sees it for extraction: numbered lines with their pages,
// "[L12 p3] text". Every line keeps its [start, end) range in the page text, so a cited id
// maps back to exact words and, through the page's spans, to rectangles.
// Pure: no Node APIs, no database, no engine.

export interface NumberedLine {
  /** "L12": what the model cites; 1-based over the whole document. */
  readonly id: string;
  /** 0-based position in the document's line list. */
  readonly index: number;
  readonly page: number;
  /** [start, end) in the page text. */
  readonly start: number;
  readonly end: number;
  /** The line as shown to the model: inner whitespace collapsed. */
  readonly text: string;
}

export interface NumberingOptions {
  /** Longer lines are split at sentence, then word boundaries (default 320). */
  readonly maxLineChars?: number;
}

const DEFAULT_MAX_LINE_CHARS = 320;

export function lineId(index: number): string {
  return `L${index + 1}`;
}

export function renderLine(line: Pick<NumberedLine, 'id' | 'page' | 'text'>): string {
  return `[${line.id} p${line.page}] ${line.text}`;
}

/** The lines joined as one block of document text (what a prompt's prefix holds). */
export function renderLines(lines: readonly NumberedLine[]): string {
  return lines.map(renderLine).join('\n');
}

/** Splits [start, end) of `text` into pieces of at most `max` chars at the best boundary found. */
function splitLong(text: string, start: number, end: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  while (end - from > max) {
    const window = text.slice(from, from + max);
    // Prefer the last sentence end, then the last space, in the second half of the window.
    let cut = -1;
    for (const m of window.matchAll(/[.;:!?](?=\s)/g)) if ((m.index ?? 0) >= max / 2) cut = (m.index ?? 0) + 1;
    if (cut < 0) {
      const space = window.lastIndexOf(' ');
      cut = space >= max / 2 ? space : max;
    }
    const pieceEnd = from + cut;
    out.push([from, pieceEnd]);
    from = pieceEnd;
    while (from < end && /\s/.test(text.charAt(from))) from++;
  }
  if (end > from) out.push([from, end]);
  return out;
}

export function numberLines(
  pages: Iterable<{ readonly number: number; readonly text: string }>,
  options: NumberingOptions = {},
): NumberedLine[] {
  const max = Math.max(40, options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS);
  const lines: NumberedLine[] = [];
  for (const page of pages) {
    const text = page.text;
    for (const m of text.matchAll(/[^\n]+/g)) {
      let start = m.index ?? 0;
      let end = start + m[0].length;
      while (start < end && /\s/.test(text.charAt(start))) start++;
      while (end > start && /\s/.test(text.charAt(end - 1))) end--;
      if (end <= start) continue;
      for (const [s, e] of splitLong(text, start, end, max)) {
        const shown = text.slice(s, e).replace(/\s+/g, ' ');
        if (!/[\p{L}\p{N}]/u.test(shown)) continue; // rules, dots and bullets only: nothing to cite
        const index = lines.length;
        lines.push({ id: lineId(index), index, page: page.number, start: s, end: e, text: shown });
      }
    }
  }
  return lines;
}
