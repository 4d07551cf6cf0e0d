// Splits a text into plain and highlighted parts from [start, end) ranges, for rendering
// <mark> without innerHTML. Pure.

export interface TextPart {
  readonly text: string;
  readonly marked: boolean;
  readonly start: number;
}

export function splitByRanges(text: string, ranges: readonly (readonly [number, number])[]): TextPart[] {
  const sorted = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const parts: TextPart[] = [];
  let at = 0;
  for (const [s, e] of sorted) {
    const from = Math.max(s, at);
    if (e <= from) continue;
    if (from > at) parts.push({ text: text.slice(at, from), marked: false, start: at });
    parts.push({ text: text.slice(from, e), marked: true, start: from });
    at = e;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false, start: at });
  return parts;
}
