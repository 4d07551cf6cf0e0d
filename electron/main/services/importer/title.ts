// A document's title, cleanest source first: the PDF's own Title when it looks like a real title
// (not a tool's leftovers), else the first heading-like line of page 1, else the file name.
import path from 'node:path';

export function titleFromFileName(name: string): string {
  const stem = path.basename(name).replace(/\.pdf$/i, '');
  return stem.replace(/[_]+/g, ' ').trim() || name;
}

/** A metadata title is used only when it looks like a real title, not a tool's leftovers. */
export function titleFromMetadata(metadata: Record<string, string>): string | undefined {
  const title = metadata['Title']?.trim();
  if (!title || title.length < 4 || title.length > 200) return undefined;
  if (/^(untitled|microsoft word|enscript output|document\d*$)|^\(.*\)$|\.(docx?|pdf|rtf|odt|txt|html?|png|jpe?g|tiff?)$/i.test(title)) {
    return undefined;
  }
  return /\p{L}{3}/u.test(title) ? title : undefined;
}

const HEADING_LINES = 12; // a title sits near the top of the first page
const MAX_HEADING_WORDS = 14;
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
// Lines that head a page without naming the document: page numbers, dates, confidentiality stamps.
const NOT_A_TITLE = /^(page\s+\d+(\s+of\s+\d+)?|\d+(\s*\/\s*\d+)?|confidential|draft|execution (copy|version)|exhibit\s+\w+|table of contents)$/i;
const DATE_LIKE = /^[\d\s/.,-]+$|^\w+\s+\d{1,2},\s+\d{4}$/;

/** The first line of page 1 that reads like a heading, tidied (an all-caps line in title case); undefined when none does. */
export function titleFromHeading(pageText: string): string | undefined {
  const lines = pageText.slice(0, 4000).split('\n').slice(0, HEADING_LINES);
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line.length < 4 || line.length > 120) continue;
    if (NOT_A_TITLE.test(line) || DATE_LIKE.test(line)) continue;
    const words = line.split(' ');
    if (words.length > MAX_HEADING_WORDS) return undefined; // the page opens with prose, not a heading
    if (!/\p{L}{3}/u.test(line) || endsLikeProse(line)) continue;
    return isAllCaps(line) ? titleCase(words) : line;
  }
  return undefined;
}

/** A sentence's end, not a heading's: a trailing comma or colon, or a full stop after anything but a company suffix. */
function endsLikeProse(line: string): boolean {
  if (/[;:,]$/.test(line)) return true;
  return /\.$/.test(line) && !/\b(inc|ltd|co|corp|llc|llp)\.$/i.test(line);
}

function isAllCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length > 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function titleCase(words: readonly string[]): string {
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      // Short all-letter words in caps with a dot or digits (U.S., LLC, NDA) are kept as written.
      if (/^(llc|llp|inc|ltd|nda|usa|u\.s\.|uk|eu)\W*$/i.test(word)) return word;
      // Each part of a hyphenated word ("Non-Disclosure").
      return lower.replace(/(^\P{L}*|-)(\p{L})/gu, (_, pre: string, ch: string) => pre + ch.toUpperCase());
    })
    .join(' ');
}
