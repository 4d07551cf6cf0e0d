// The welcome's model recommendation and expected speed: pages a minute from a measured
// prompt-reading rate (this model's, or another real model's scaled by size), else a rough
// estimate that says so; the pick among the entries recommended for the computer.
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../shared/models';
import { expectedSpeed, parseParameters, recommendModel, TYPICAL_TOKENS_PER_PAGE, type MeasuredModel } from '../../electron/main/services/models/recommendation';

const AVX2 = { logicalCores: 2, cpuFeatures: { avx2: true, avx512: false, amx: false } };
const HARDWARE = { ...AVX2, totalRamBytes: 16e9, recommendationReason: 'Reason.' };

function item(over: Partial<CatalogItem> & Pick<CatalogItem, 'id' | 'parameters' | 'sizeClass'>): CatalogItem {
  return {
    name: over.id,
    family: 'qwen2.5',
    architecture: 'qwen2',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 1e9,
    pinned: true,
    ramBytes: 2e9,
    contextLength: 32768,
    license: 'Apache-2.0',
    url: 'https://example.invalid/x.gguf',
    fileName: 'x.gguf',
    notes: '',
    installedModelId: null,
    recordedSha256: null,
    recommended: true,
    ...over,
  };
}

function measured(catalogId: string | null, parameters: number, tokens: number, ms: number, pages = 0, prompt = tokens): MeasuredModel {
  return { catalogId, parameters, totals: { modelSha256: 'x', runs: 2, prefillTokens: tokens, prefillMs: ms, promptTokens: prompt, pagesRead: pages } };
}

describe('parseParameters', () => {
  it('reads the catalog’s sizes and refuses anything else', () => {
    expect(parseParameters('1.5B')).toBe(1.5e9);
    expect(parseParameters('360M')).toBe(3.6e8);
    expect(parseParameters(' 7B ')).toBe(7e9);
    for (const bad of ['', 'B', '1.5', '-3B', '1.5T', 'lots']) expect(parseParameters(bad), bad).toBeNull();
  });
});

describe('expectedSpeed', () => {
  const target = item({ id: 'qwen-1.5b', parameters: '1.5B', sizeClass: '1-2b' });

  it('estimates from cores and size before any run, and says it is an estimate', () => {
    const speed = expectedSpeed(target, AVX2, [])!;
    // 40 tokens/s per core-billion × 2 cores / 1.5B = 53.3 tokens/s; 500 tokens a page.
    expect(speed).toMatchObject({ basis: 'estimate', promptTokensPerSecond: 53, tokensPerPage: TYPICAL_TOKENS_PER_PAGE, pagesPerMinute: 6.4 });
    expect(speed.detail).toMatch(/estimate/);
  });

  it('gives Q8_0 the catalog’s speed-up only on a CPU with AVX-512 or AMX', () => {
    const q8 = { ...target, quantization: 'Q8_0' as const };
    expect(expectedSpeed(q8, AVX2, [])!.promptTokensPerSecond).toBe(53);
    expect(expectedSpeed(q8, { ...AVX2, cpuFeatures: { avx2: true, avx512: true, amx: null } }, [])!.promptTokensPerSecond).toBe(160);
  });

  it('uses this model’s own runs when there are some', () => {
    // 12,000 tokens in 40 s = 300 tokens/s; 12,000 prompt tokens over 20 pages = 600 a page → 30 pages a minute.
    const speed = expectedSpeed(target, AVX2, [measured('qwen-1.5b', 1.5e9, 12_000, 40_000, 20)])!;
    expect(speed).toMatchObject({ basis: 'measured', promptTokensPerSecond: 300, tokensPerPage: 600, pagesPerMinute: 30 });
  });

  it('scales another real model’s measured rate by the ratio of sizes', () => {
    // 3B at 100 tokens/s → 1.5B at 200 tokens/s.
    const speed = expectedSpeed(target, AVX2, [measured('llama-3b', 3e9, 10_000, 100_000)])!;
    expect(speed).toMatchObject({ basis: 'scaled', promptTokensPerSecond: 200, pagesPerMinute: 24 });
  });

  it('ignores runs of tiny models (their time is overhead, not weights)', () => {
    const speed = expectedSpeed(target, AVX2, [measured(null, 3e6, 100_000, 1000, 10, 30_000)])!;
    expect(speed).toMatchObject({ basis: 'estimate', tokensPerPage: TYPICAL_TOKENS_PER_PAGE });
  });

  it('has no figure for an entry whose size it cannot read and no run', () => {
    expect(expectedSpeed({ ...target, parameters: 'unknown' }, AVX2, [])).toBeNull();
  });
});

describe('recommendModel', () => {
  const small = item({ id: 'small', parameters: '0.5B', sizeClass: '0.5b' });
  const mid = item({ id: 'mid', parameters: '1.5B', sizeClass: '1-2b' });
  const big = item({ id: 'big', parameters: '3B', sizeClass: '3-4b' });
  const huge = item({ id: 'huge', parameters: '7B', sizeClass: '7-8b' });

  it('offers the largest recommended model that still reads 4 pages a minute', () => {
    // On 2 cores: 0.5B 19 p/m, 1.5B 6.4 p/m, 3B 3.2 p/m, 7B 1.4 p/m.
    const pick = recommendModel([small, mid, big, huge], HARDWARE, []);
    expect(pick.item?.id).toBe('mid');
    expect(pick.speed?.basis).toBe('estimate');
    expect(pick.totalRamBytes).toBe(16e9);
    // With 8 cores the 3B model reads 12.8 p/m, the 7B 5.5 p/m.
    expect(recommendModel([small, mid, big, huge], { ...HARDWARE, logicalCores: 8 }, []).item?.id).toBe('huge');
  });

  it('never offers an entry that is not recommended here, not pinned (no download by id) or not general', () => {
    const pick = recommendModel(
      [{ ...mid, recommended: false }, { ...big, pinned: false }, { ...small, domain: 'medical' }, huge],
      { ...HARDWARE, logicalCores: 64 },
      [],
    );
    expect(pick.item?.id).toBe('huge');
  });

  it('falls back to the fastest when none reads 4 pages a minute, and to none when nothing fits', () => {
    const slow = { ...HARDWARE, logicalCores: 1 };
    // 1 core: 3B 1.6 p/m, 7B 0.7 p/m.
    expect(recommendModel([big, huge], slow, []).item?.id).toBe('big');
    const none = recommendModel([{ ...big, recommended: false }], slow, []);
    expect(none).toMatchObject({ item: null, speed: null });
    expect(none.reason).toMatch(/No model/);
  });
});
