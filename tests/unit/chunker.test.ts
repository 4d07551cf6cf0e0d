// The chunker with a character counter: budgets, page attribution, splitting of long pages,
// and that no text is ever dropped.
import { describe, expect, it } from 'vitest';
import { chunkPages, pack, pageMarker, renderChunk, type PageInput, type TokenCounter } from '../../electron/main/services/summaries/chunker';

const chars: TokenCounter = (texts) => texts.map((t) => t.length);
/** Words as tokens, a rough stand-in for a real tokenizer that still joins across boundaries. */
const words: TokenCounter = async (texts) => texts.map((t) => t.split(/\s+/).filter(Boolean).length);

const page = (number: number, text: string): PageInput => ({ number, text });
const filler = (n: number, label: string): string =>
  Array.from({ length: n }, (_, i) => `Sentence ${i + 1} of ${label} says something.`).join(' ');

/** All non-space characters of the pages, in order, to check nothing is lost or reordered. */
const squash = (s: string): string => s.replace(/\s+/g, '');

describe('chunkPages', () => {
  it('keeps a short document in one chunk', async () => {
    const plan = await chunkPages([page(1, 'Alpha.'), page(2, 'Beta.')], { budget: 1000, count: chars });
    expect(plan.chunks).toHaveLength(1);
    expect(plan.chunks[0]!.pages).toEqual([1, 2]);
    expect(renderChunk(plan.chunks[0]!)).toBe('[Page 1]\nAlpha.\n\n[Page 2]\nBeta.');
    expect(plan.tokens).toBe(plan.chunks[0]!.tokens);
  });

  it('packs whole pages into chunks within the budget, in page order', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => page(i + 1, filler(3, `page ${i + 1}`)));
    const plan = await chunkPages(pages, { budget: 600, count: chars });
    expect(plan.chunks.length).toBeGreaterThan(1);
    for (const chunk of plan.chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(600);
      expect(chunk.tokens).toBe(renderChunk(chunk).length + 2); // the separator after the last page counts too
      expect(chunk.segments.every((s) => s.parts === 1)).toBe(true);
    }
    expect(plan.chunks.flatMap((c) => c.pages)).toEqual(pages.map((p) => p.number));
    // Fewest chunks (no two neighbours would fit together), evenly filled: no sliver at the end.
    for (let i = 1; i < plan.chunks.length; i++) {
      expect(plan.chunks[i - 1]!.tokens + plan.chunks[i]!.tokens).toBeGreaterThan(600);
    }
    const sizes = plan.chunks.map((c) => c.tokens);
    expect(Math.min(...sizes)).toBeGreaterThan(Math.max(...sizes) * 0.6);
  });

  it('splits a page longer than the budget at sentence boundaries, attributed to its page', async () => {
    const long = filler(60, 'the long page');
    const plan = await chunkPages([page(1, 'Short first page.'), page(2, long), page(3, 'Short last page.')], {
      budget: 400,
      count: chars,
    });
    const parts = plan.chunks.flatMap((c) => c.segments).filter((s) => s.page === 2);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.every((p) => p.parts === parts.length)).toBe(true);
    for (const p of parts) {
      expect(p.tokens).toBeLessThanOrEqual(400);
      expect(p.text).toMatch(/^Sentence \d+ of the long page says something\.$|\.$/); // ends at a sentence
    }
    expect(renderChunk(plan.chunks.find((c) => c.segments.some((s) => s.page === 2 && s.part === 2))!)).toContain(
      pageMarker(2, 2, parts.length),
    );
    expect(squash(parts.map((p) => p.text).join(' '))).toBe(squash(long));
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(400);
  });

  it('prefers paragraph breaks, and cuts words or characters only as a last resort', async () => {
    const paragraphs = ['First section heading', filler(4, 'section one'), 'Second section heading', filler(4, 'section two')];
    const text = paragraphs.join('\n\n');
    const plan = await chunkPages([page(7, text)], { budget: 260, count: chars });
    const parts = plan.chunks.flatMap((c) => c.segments);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.some((p) => p.text.startsWith('Second section heading'))).toBe(true);
    expect(squash(parts.map((p) => p.text).join(''))).toBe(squash(text));

    const noSpaces = 'x'.repeat(2000);
    const hard = await chunkPages([page(1, noSpaces)], { budget: 300, count: chars });
    const hardParts = hard.chunks.flatMap((c) => c.segments);
    expect(hardParts.length).toBeGreaterThanOrEqual(7);
    expect(hardParts.every((p) => p.tokens <= 300)).toBe(true);
    expect(hardParts.map((p) => p.text).join('')).toBe(noSpaces);
  });

  it('never drops text: every page, every character, in order, whatever the budget', async () => {
    const pages = [
      page(1, filler(5, 'one')),
      page(2, `${filler(30, 'two')}\n\n${filler(30, 'two b')}`),
      page(3, 'tiny'),
      page(4, filler(80, 'four').replace(/ /g, '\n')),
    ];
    for (const budget of [60, 150, 400, 5000]) {
      const plan = await chunkPages(pages, { budget, count: words });
      const segments = plan.chunks.flatMap((c) => c.segments);
      for (const p of pages) {
        const text = segments.filter((s) => s.page === p.number).map((s) => s.text).join(' ');
        expect(squash(text)).toBe(squash(p.text));
      }
      for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(budget);
      expect(plan.chunks.map((c) => c.index)).toEqual(plan.chunks.map((_, i) => i));
    }
  });

  it('reports pages without text instead of sending empty pages', async () => {
    const plan = await chunkPages([page(1, 'Text.'), page(2, '   \n '), page(3, 'More.')], { budget: 100, count: chars });
    expect(plan.pagesWithoutText).toEqual([2]);
    expect(plan.chunks.flatMap((c) => c.pages)).toEqual([1, 3]);
  });

  it('counts in batches and accepts an async counter', async () => {
    const calls: number[] = [];
    const counter: TokenCounter = async (texts) => {
      calls.push(texts.length);
      return texts.map((t) => t.length);
    };
    await chunkPages(Array.from({ length: 50 }, (_, i) => page(i + 1, `Page ${i + 1} text.`)), { budget: 200, count: counter });
    expect(calls).toEqual([50]); // one call for fifty pages that need no splitting
  });

  it('refuses a budget that cannot hold anything', async () => {
    await expect(chunkPages([page(1, 'x')], { budget: 0, count: chars })).rejects.toThrow(RangeError);
    await expect(chunkPages([page(1, 'x'.repeat(50))], { budget: 5, count: chars })).rejects.toThrow(RangeError);
  });
});

describe('pack', () => {
  it('gives the fewest contiguous groups, as even as possible', () => {
    expect(pack([], 10)).toEqual([]);
    expect(pack([5, 5, 5, 5, 1], 10)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    // Greedy alone would give [9,1] [1,1,1,1,...]: balanced groups instead.
    const sizes = [4, 4, 4, 4, 4, 4, 4];
    const groups = pack(sizes, 20);
    expect(groups).toHaveLength(2);
    const sums = groups.map(([a, b]) => sizes.slice(a, b).reduce((x, y) => x + y, 0));
    expect(Math.max(...sums)).toBe(16);
  });
});
