// The Models screen's pure logic: download progress folded from events (speed, ETA, resume),
// catalog grouping and display formatting.
import { describe, expect, it } from 'vitest';
import type { CatalogItem, DownloadProgress } from '../../shared/models';
import {
  applyDownloadEvent,
  applyDownloadEvents,
  etaSeconds,
  formatDuration,
  fraction,
  isActive,
  markStarting,
  settle,
  type Downloads,
} from '../../renderer/src/features/models/download-state';
import { cpuFeatureList, formatContext, formatGb, formatParameters, groupCatalog } from '../../renderer/src/features/models/model-format';

const MB = 1024 * 1024;

function progress(downloadedBytes: number, state: DownloadProgress['state'] = 'downloading'): DownloadProgress {
  return { key: 'qwen', catalogId: 'qwen', downloadedBytes, totalBytes: 100 * MB, state, error: null };
}

describe('download state', () => {
  it('measures a smoothed speed and an ETA from events', () => {
    let downloads: Downloads = new Map();
    downloads = applyDownloadEvent(downloads, progress(0), 0);
    expect(downloads.get('qwen')!.speed).toBeNull();
    // Too close to the last sample: no speed yet.
    downloads = applyDownloadEvent(downloads, progress(1 * MB), 100);
    expect(downloads.get('qwen')!.speed).toBeNull();
    downloads = applyDownloadEvent(downloads, progress(10 * MB), 1000);
    const first = downloads.get('qwen')!;
    expect(first.speed).toBeCloseTo(10 * MB, -3);
    expect(etaSeconds(first)).toBeCloseTo(9, 0);
    expect(fraction(first)).toBeCloseTo(0.1);
    downloads = applyDownloadEvent(downloads, progress(30 * MB), 2000);
    // 0.7 × 10 MB/s + 0.3 × 20 MB/s
    expect(downloads.get('qwen')!.speed).toBeCloseTo(13 * MB, -3);
  });

  it('applies a batch in order and keeps entries per key', () => {
    const other = { ...progress(5 * MB), key: 'llama', catalogId: 'llama' };
    const downloads = applyDownloadEvents(new Map(), [progress(1 * MB), other, progress(2 * MB)], 0);
    expect(downloads.size).toBe(2);
    expect(downloads.get('qwen')!.downloadedBytes).toBe(2 * MB);
    expect(applyDownloadEvents(downloads, [], 5)).toBe(downloads);
  });

  it('starts at once, settles from the call, and resumes from the stopped bytes', () => {
    let downloads: Downloads = markStarting(new Map(), 'qwen', 'qwen', 0);
    expect(isActive(downloads.get('qwen'))).toBe(true);
    downloads = applyDownloadEvent(downloads, progress(40 * MB), 500);
    downloads = settle(downloads, 'qwen', 'cancelled', null);
    expect(downloads.get('qwen')).toMatchObject({ state: 'cancelled', downloadedBytes: 40 * MB, speed: null });
    expect(isActive(downloads.get('qwen'))).toBe(false);
    downloads = markStarting(downloads, 'qwen', 'qwen', 1000);
    expect(downloads.get('qwen')).toMatchObject({ state: 'connecting', downloadedBytes: 40 * MB, error: null });
    downloads = settle(downloads, 'qwen', 'failed', { code: 'download_failed', message: 'HTTP 503' });
    expect(downloads.get('qwen')!.error?.code).toBe('download_failed');
    expect(settle(new Map(), 'nope', 'done', null).size).toBe(0);
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(3 * 3600 + 7 * 60)).toBe('3 h 07 min');
  });
});

describe('model formatting', () => {
  const item = (id: string, sizeClass: CatalogItem['sizeClass'], approxBytes: number, recommended = false): CatalogItem => ({
    id,
    name: id,
    family: 'f',
    architecture: 'llama',
    sizeClass,
    parameters: '1B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes,
    pinned: false,
    ramBytes: 2 * 1024 ** 3,
    contextLength: 8192,
    license: 'Apache-2.0',
    url: 'https://example.invalid/x.gguf',
    fileName: 'x.gguf',
    notes: '',
    installedModelId: null,
    recordedSha256: null,
    recommended,
  });

  it('groups the catalog by size class in order, recommended first', () => {
    const groups = groupCatalog([item('big', '7-8b', 5), item('a', '1-2b', 2), item('b', '1-2b', 1), item('c', '1-2b', 3, true)]);
    expect(groups.map((g) => g.label)).toEqual(['1–2B', '7–8B']);
    expect(groups[0]!.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('formats parameters, memory, context and CPU features', () => {
    expect(formatParameters(494_000_000)).toBe('494M');
    expect(formatParameters(7_240_000_000)).toBe('7.2B');
    expect(formatParameters(null)).toBeNull();
    expect(formatGb(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatGb(32 * 1024 ** 3)).toBe('32 GB');
    expect(formatContext(8192)).toBe('8K tokens');
    expect(formatContext(null)).toBeNull();
    expect(cpuFeatureList({ avx2: true, avx512: false, amx: null })).toBe('AVX2 · no AVX512 · AMX unknown');
  });
});
