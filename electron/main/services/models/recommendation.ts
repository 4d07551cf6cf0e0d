// The one model the welcome offers this computer, and how fast it should read: pages per
// minute from the prompt-reading rate. The rate is measured when this archive has finished
// runs of a real-sized model (of this model, or of another one scaled by size); before any
// run it is a rough estimate from the model's size and the CPU's cores, and says so.
// Pure: the caller brings the catalog, the hardware and the run totals. Plain Node.
import type { CatalogItem, Hardware } from '../../../../shared/models';
import type { Recommendation, Speed } from '../../../../shared/welcome';
import type { ModelRunTotals } from '../runs/run-store';

/** An installed model and what its finished runs cost here. */
export interface MeasuredModel {
  readonly catalogId: string | null;
  readonly parameters: number | null;
  readonly totals: ModelRunTotals;
}

export type SpeedHardware = Pick<Hardware, 'logicalCores' | 'cpuFeatures'>;

/**
 * Runs of smaller models say little about a real one: their time goes to overheads, not to the
 * weights (the test suites' random models have a few million parameters).
 */
const MIN_MEASURED_PARAMETERS = 100_000_000;

/** A dense typed page is 350-450 words, about 500 tokens for these models' tokenizers. */
export const TYPICAL_TOKENS_PER_PAGE = 500;

/**
 * A rule of thumb for llama.cpp's CPU prompt processing: prompt tokens per second per logical
 * core for a one-billion-parameter Q4_K_M model (a 7B Q4 model reads on the order of 150-200
 * tokens a second on a 32-thread desktop). Reading is compute-bound, so the rate scales with
 * the cores and inversely with the parameter count. Only used until a run is measured.
 */
const TOKENS_PER_SECOND_PER_CORE_BILLION = 40;

/** The catalog's own note: Q8_0 reads 3-5x faster than Q4_K_M on CPUs with AMX or AVX-512; the low end. */
const Q8_WIDE_SIMD_SPEEDUP = 3;

/** The recommended model should read at least this fast, or a smaller one is offered. */
const MIN_PAGES_PER_MINUTE = 4;

const SIZE_ORDER = ['0.5b', '1-2b', '3-4b', '7-8b'] as const;

/** '1.5B' → 1.5e9, '360M' → 3.6e8; null when the catalog's text does not say. */
export function parseParameters(text: string): number | null {
  const match = /^\s*([\d.]+)\s*([MB])\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  if (!Number.isFinite(value) || value <= 0) return null;
  return value * (match[2]!.toUpperCase() === 'B' ? 1e9 : 1e6);
}

function pagesPerMinute(tokensPerSecond: number, tokensPerPage: number): number {
  const perMinute = (tokensPerSecond * 60) / tokensPerPage;
  return perMinute >= 10 ? Math.round(perMinute) : Math.round(perMinute * 10) / 10;
}

/** Prompt tokens per page as this archive's runs of real models read them, or the typical figure. */
function tokensPerPage(measured: readonly MeasuredModel[]): { value: number; measured: boolean } {
  const real = measured.filter((m) => (m.parameters ?? 0) >= MIN_MEASURED_PARAMETERS);
  const tokens = real.reduce((n, m) => n + m.totals.promptTokens, 0);
  const pages = real.reduce((n, m) => n + m.totals.pagesRead, 0);
  return pages > 0 && tokens > 0 ? { value: Math.round(tokens / pages), measured: true } : { value: TYPICAL_TOKENS_PER_PAGE, measured: false };
}

function rate(m: MeasuredModel): number {
  return m.totals.prefillMs > 0 ? (m.totals.prefillTokens * 1000) / m.totals.prefillMs : 0;
}

/** The expected prompt-reading speed of `entry` on this computer. */
export function expectedSpeed(
  entry: Pick<CatalogItem, 'id' | 'parameters' | 'quantization' | 'name'>,
  hardware: SpeedHardware,
  measured: readonly MeasuredModel[],
): Speed | null {
  const params = parseParameters(entry.parameters);
  const perPage = tokensPerPage(measured);
  const pageNote = perPage.measured ? `${perPage.value} prompt tokens per page, as your runs read them` : `about ${perPage.value} tokens per page`;
  const own = measured.filter((m) => m.catalogId === entry.id && rate(m) > 0);
  if (own.length > 0) {
    const tokensPerSecond = own.reduce((n, m) => n + m.totals.prefillTokens, 0) / (own.reduce((n, m) => n + m.totals.prefillMs, 0) / 1000);
    const runs = own.reduce((n, m) => n + m.totals.runs, 0);
    return {
      pagesPerMinute: pagesPerMinute(tokensPerSecond, perPage.value),
      promptTokensPerSecond: Math.round(tokensPerSecond),
      tokensPerPage: perPage.value,
      basis: 'measured',
      detail: `Measured: ${runs} ${runs === 1 ? 'run' : 'runs'} of ${entry.name} on this computer read ${Math.round(tokensPerSecond)} prompt tokens a second (${pageNote}).`,
    };
  }
  if (params === null) return null;
  // The real model measured most, scaled by size: reading costs about the same per parameter.
  const other = measured
    .filter((m) => (m.parameters ?? 0) >= MIN_MEASURED_PARAMETERS && rate(m) > 0)
    .sort((a, b) => b.totals.prefillTokens - a.totals.prefillTokens)[0];
  if (other) {
    const tokensPerSecond = (rate(other) * other.parameters!) / params;
    return {
      pagesPerMinute: pagesPerMinute(tokensPerSecond, perPage.value),
      promptTokensPerSecond: Math.round(tokensPerSecond),
      tokensPerPage: perPage.value,
      basis: 'scaled',
      detail: `From a model measured on this computer (${Math.round(rate(other))} prompt tokens a second at ${(other.parameters! / 1e9).toFixed(1)}B parameters), scaled to ${entry.parameters}; ${pageNote}.`,
    };
  }
  const wideSimd = hardware.cpuFeatures.avx512 === true || hardware.cpuFeatures.amx === true;
  const speedup = entry.quantization === 'Q8_0' && wideSimd ? Q8_WIDE_SIMD_SPEEDUP : 1;
  const cores = Math.max(1, hardware.logicalCores);
  const tokensPerSecond = (TOKENS_PER_SECOND_PER_CORE_BILLION * cores * speedup) / (params / 1e9);
  return {
    pagesPerMinute: pagesPerMinute(tokensPerSecond, perPage.value),
    promptTokensPerSecond: Math.round(tokensPerSecond),
    tokensPerPage: perPage.value,
    basis: 'estimate',
    detail: `An estimate until your first run: ${cores} CPU ${cores === 1 ? 'core' : 'cores'} and ${entry.parameters} parameters, ${pageNote}, without a GPU. After a summary, the figure is measured.`,
  };
}

/**
 * Among the entries recommended for this computer that download by id: the largest general
 * model that still reads MIN_PAGES_PER_MINUTE, else the fastest. The catalog's order breaks ties.
 */
export function recommendModel(
  items: readonly CatalogItem[],
  hardware: SpeedHardware & Pick<Hardware, 'totalRamBytes' | 'recommendationReason'>,
  measured: readonly MeasuredModel[],
): Recommendation {
  const candidates = items
    .filter((i) => i.recommended && i.pinned && i.domain === 'general')
    .map((item) => ({ item, speed: expectedSpeed(item, hardware, measured) }));
  const size = (i: CatalogItem) => SIZE_ORDER.indexOf(i.sizeClass);
  type Candidate = (typeof candidates)[number];
  const pagesOf = (c: Candidate) => c.speed?.pagesPerMinute ?? 0;
  const largest = candidates
    .filter((c) => pagesOf(c) >= MIN_PAGES_PER_MINUTE)
    .reduce<Candidate | undefined>((best, c) => (!best || size(c.item) > size(best.item) ? c : best), undefined);
  const fastest = candidates.reduce<Candidate | undefined>((best, c) => (!best || pagesOf(c) > pagesOf(best) ? c : best), undefined);
  const pick = largest ?? fastest;
  const why = largest
    ? `Of the models that fit, this is the largest that should read at least ${MIN_PAGES_PER_MINUTE} pages a minute here.`
    : 'Of the models that fit, this one should read fastest here.';
  return {
    item: pick?.item ?? null,
    speed: pick?.speed ?? null,
    reason: pick
      ? `${hardware.recommendationReason} ${why}`
      : 'No model in the catalog fits this computer’s memory. You can still add a GGUF file of your own on the Models screen.',
    totalRamBytes: hardware.totalRamBytes,
  };
}
