// Splits a document's pages into chunks that fit a token budget, along page boundaries. A page
// longer than the budget is split at paragraph, line, sentence or word boundaries (characters as
// a last resort) and every part stays attributed to its page: nothing is dropped or truncated.
// Pure: tokens are counted by the injected counter (the model's tokenizer in the app, a
// character count in unit tests). Imports nothing from Node, electron or the engine.

export interface PageInput {
  readonly number: number;
  readonly text: string;
}

/** A page, or one part of a page too long for a chunk, as the model sees it. */
export interface Segment {
  readonly page: number;
  /** 1-based; `parts` is 1 for a whole page. */
  readonly part: number;
  readonly parts: number;
  readonly text: string;
  /** Tokens of the rendered segment (marker and separator included). */
  readonly tokens: number;
}

export interface Chunk {
  readonly index: number;
  readonly segments: readonly Segment[];
  readonly tokens: number;
  /** Distinct pages in the chunk, ascending. */
  readonly pages: readonly number[];
}

/** Token counts of several texts at once; batched because the real one is a round trip to the engine. */
export type TokenCounter = (texts: readonly string[]) => Promise<readonly number[]> | readonly number[];

export interface ChunkPlan {
  readonly chunks: readonly Chunk[];
  /** Total document tokens over all segments. */
  readonly tokens: number;
  readonly pagesWithoutText: readonly number[];
}

export function pageMarker(page: number, part = 1, parts = 1): string {
  return parts > 1 ? `[Page ${page}, part ${part} of ${parts}]` : `[Page ${page}]`;
}

export function renderSegment(segment: Pick<Segment, 'page' | 'part' | 'parts' | 'text'>): string {
  return `${pageMarker(segment.page, segment.part, segment.parts)}\n${segment.text}\n\n`;
}

/** The document text of a chunk: page markers, then each page's text. */
export function renderChunk(chunk: Pick<Chunk, 'segments'>): string {
  return chunk.segments.map(renderSegment).join('').trimEnd();
}

// Coarsest first. Each separator stays with the text before it, so the parts joined give the page back.
const SPLITTERS: ReadonlyArray<(text: string) => string[]> = [
  (t) => t.split(/(?<=\n[ \t]*\n)/), // paragraphs (and section breaks)
  (t) => t.split(/(?<=\n)/), // lines
  (t) => t.split(/(?<=[.!?;:。])\s+(?=\S)/), // sentences; the space is dropped, the counter still covers it
  (t) => t.split(/(?<=\s)(?=\S)/), // words
];

export async function chunkPages(
  pages: Iterable<PageInput>,
  options: { readonly budget: number; readonly count: TokenCounter },
): Promise<ChunkPlan> {
  const { budget, count } = options;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`The chunk budget must be a positive integer, not ${budget}.`);
  const withText: PageInput[] = [];
  const pagesWithoutText: number[] = [];
  for (const page of pages) {
    const text = page.text.trim();
    if (text === '') pagesWithoutText.push(page.number);
    else withText.push({ number: page.number, text });
  }

  const whole = await countAll(
    count,
    withText.map((p) => renderSegment({ page: p.number, part: 1, parts: 1, text: p.text })),
  );
  const segments: Segment[] = [];
  for (const [i, page] of withText.entries()) {
    if (whole[i]! <= budget) {
      segments.push({ page: page.number, part: 1, parts: 1, text: page.text, tokens: whole[i]! });
      continue;
    }
    // Room for a part's marker, so the parts still fit once numbered (more than 99 parts are caught below).
    const [markerTokens = 0] = await countAll(count, [`${pageMarker(page.number, 99, 99)}\n\n\n`]);
    const partBudget = budget - markerTokens;
    if (partBudget < 1) throw new RangeError(`A chunk budget of ${budget} tokens cannot hold a page marker.`);
    // Parts are sized without their marker; if a rendered part still comes out over, shrink and redo.
    for (let limit = partBudget, attempt = 0; ; attempt++) {
      const parts = await splitText(page.text, limit, count, 0);
      const rendered = parts.map((text, k) => renderSegment({ page: page.number, part: k + 1, parts: parts.length, text }));
      const counts = await countAll(count, rendered);
      const over = Math.max(...counts) - budget;
      if (over > 0 && attempt < 4 && limit - over - 1 >= 1) {
        limit -= over + 1;
        continue;
      }
      parts.forEach((text, k) => {
        segments.push({ page: page.number, part: k + 1, parts: parts.length, text, tokens: counts[k]! });
      });
      break;
    }
  }
  for (const s of segments) {
    if (s.tokens > budget) {
      throw new RangeError(`Page ${s.page} part ${s.part} has ${s.tokens} tokens after splitting; the budget is ${budget}.`);
    }
  }

  const groups = pack(segments.map((s) => s.tokens), budget);
  const chunks = groups.map(([from, to], index): Chunk => {
    const members = segments.slice(from, to);
    return {
      index,
      segments: members,
      tokens: members.reduce((n, s) => n + s.tokens, 0),
      pages: [...new Set(members.map((s) => s.page))],
    };
  });
  return { chunks, tokens: segments.reduce((n, s) => n + s.tokens, 0), pagesWithoutText };
}

async function countAll(count: TokenCounter, texts: readonly string[]): Promise<number[]> {
  if (texts.length === 0) return [];
  const counts = await count(texts);
  if (counts.length !== texts.length) throw new Error(`The token counter returned ${counts.length} counts for ${texts.length} texts.`);
  return [...counts];
}

/** Parts of `text`, each within `limit` tokens (as counted alone), in order. */
async function splitText(text: string, limit: number, count: TokenCounter, level: number): Promise<string[]> {
  if (level >= SPLITTERS.length) return splitCharsUnder(text, limit, count);
  const units = SPLITTERS[level]!(text).filter((u) => u.trim() !== '');
  if (units.length <= 1) return splitText(text, limit, count, level + 1);
  const counts = await countAll(count, units);
  const parts: string[] = [];
  let current: number[] = []; // unit indexes
  let currentTokens = 0;
  const join = (idx: readonly number[]): string => idx.map((k) => units[k]!).join(level === 2 ? ' ' : '').trim();
  const flush = (carryHeading: boolean): void => {
    // A heading closing a part belongs with the section it opens, in the next part.
    const last = current.at(-1);
    const carry = carryHeading && level < 2 && current.length > 1 && last !== undefined && isHeading(units[last]!);
    const emitted = carry ? current.slice(0, -1) : current;
    if (join(emitted) !== '') parts.push(join(emitted));
    current = carry ? [last] : [];
    currentTokens = carry ? counts[last]! : 0;
  };
  for (const [i, unit] of units.entries()) {
    const tokens = counts[i]!;
    if (tokens > limit) {
      flush(false);
      parts.push(...(await splitText(unit, limit, count, level + 1)));
      continue;
    }
    if (currentTokens + tokens > limit) flush(true);
    if (currentTokens + tokens > limit) flush(false); // the carried heading and this unit do not fit together
    current.push(i);
    currentTokens += tokens;
  }
  flush(false);
  // Recount the packed parts: a join can cost more than its units counted alone.
  const recount = await countAll(count, parts);
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (recount[i]! <= limit) out.push(part);
    else out.push(...(await splitText(part, limit, count, level + 1)));
  }
  return out;
}

function isHeading(unit: string): boolean {
  const line = unit.trim();
  return line.length > 0 && line.length <= 80 && !line.includes('\n') && !/[.!?;:,]$/.test(line);
}

function splitChars(text: string, n: number): string[] {
  const chars = Array.from(text); // code points: never split a surrogate pair
  const size = Math.max(1, Math.ceil(chars.length / n));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** The last resort for a run of text without spaces longer than the budget. */
async function splitCharsUnder(text: string, limit: number, count: TokenCounter): Promise<string[]> {
  const [tokens = 0] = await countAll(count, [text]);
  if (tokens <= limit) return [text];
  const chars = Array.from(text);
  if (chars.length <= 1) throw new RangeError(`A single character needs ${tokens} tokens; the budget is ${limit}.`);
  const pieces = splitChars(text, Math.max(2, Math.ceil((tokens / limit) * 1.1)));
  const out: string[] = [];
  for (const piece of pieces) out.push(...(await splitCharsUnder(piece, limit, count)));
  return out;
}

/**
 * Contiguous groups [from, to) of the sizes, each within `budget`: the fewest groups greedy
 * packing gives, and of those the most even, so the last chunk is not a sliver.
 */
export function pack(sizes: readonly number[], budget: number): Array<[number, number]> {
  if (sizes.length === 0) return [];
  const greedy = (cap: number): Array<[number, number]> => {
    const groups: Array<[number, number]> = [];
    let start = 0;
    let sum = 0;
    sizes.forEach((size, i) => {
      if (i > start && sum + size > cap) {
        groups.push([start, i]);
        start = i;
        sum = 0;
      }
      sum += size;
    });
    groups.push([start, sizes.length]);
    return groups;
  };
  const fewest = greedy(budget).length;
  let lo = Math.max(...sizes);
  let hi = budget;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (greedy(mid).length <= fewest) hi = mid;
    else lo = mid + 1;
  }
  return greedy(lo);
}
