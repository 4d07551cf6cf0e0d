// Display formatting for models, the catalog and the hardware. Pure: no DOM, no React.
import type { CatalogItem, Hardware, ModelStorage } from '../../../../shared/models';
import { CATALOG_SIZE_CLASSES } from '../../../../shared/models';

export type SizeClass = (typeof CATALOG_SIZE_CLASSES)[number];

export const SIZE_CLASS_LABELS: Readonly<Record<SizeClass, string>> = {
  '0.5b': '0.5B',
  '1-2b': '1–2B',
  '3-4b': '3–4B',
  '7-8b': '7–8B',
};

export const SIZE_CLASS_HINTS: Readonly<Record<SizeClass, string>> = {
  '0.5b': 'Tiny and fast; rough summaries.',
  '1-2b': 'Small; runs on most laptops.',
  '3-4b': 'A good balance of quality and speed.',
  '7-8b': 'Best quality; needs plenty of memory.',
};

export interface CatalogGroup {
  readonly sizeClass: SizeClass;
  readonly label: string;
  readonly hint: string;
  readonly items: readonly CatalogItem[];
}

/** Groups in size order; recommended entries first inside a group. Empty groups are left out. */
export function groupCatalog(items: readonly CatalogItem[]): CatalogGroup[] {
  return CATALOG_SIZE_CLASSES.map((sizeClass) => ({
    sizeClass,
    label: SIZE_CLASS_LABELS[sizeClass],
    hint: SIZE_CLASS_HINTS[sizeClass],
    items: items
      .filter((item) => item.sizeClass === sizeClass)
      .sort((a, b) => Number(b.recommended) - Number(a.recommended) || a.approxBytes - b.approxBytes),
  })).filter((group) => group.items.length > 0);
}

/** 494_000_000 → "494M", 7_240_000_000 → "7.2B". */
export function formatParameters(parameters: number | null): string | null {
  if (parameters === null || parameters <= 0) return null;
  if (parameters >= 1e9) return `${(parameters / 1e9).toFixed(parameters >= 1e10 ? 0 : 1)}B`;
  if (parameters >= 1e6) return `${Math.round(parameters / 1e6)}M`;
  if (parameters >= 1e3) return `${Math.round(parameters / 1e3)}K`;
  return String(parameters);
}

/** Memory in GB with one decimal, as people read RAM sizes. */
export function formatGb(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return `${gb < 10 ? gb.toFixed(1) : Math.round(gb)} GB`;
}

export function formatContext(tokens: number | null): string | null {
  if (tokens === null) return null;
  return tokens >= 1024 && tokens % 1024 === 0 ? `${tokens / 1024}K tokens` : `${tokens.toLocaleString()} tokens`;
}

export const STORAGE_LABELS: Readonly<Record<ModelStorage, string>> = {
  copied: 'Copied into the archive',
  referenced: 'Used where it is',
  downloaded: 'Downloaded',
};

export function storageLabel(storage: ModelStorage): string {
  return STORAGE_LABELS[storage];
}

export function cpuFeatureList(features: Hardware['cpuFeatures']): string {
  const known = (['avx2', 'avx512', 'amx'] as const).map((name) => {
    const value = features[name];
    if (value === null) return `${name.toUpperCase()} unknown`;
    return value ? name.toUpperCase() : `no ${name.toUpperCase()}`;
  });
  return known.join(' · ');
}

export function gpuInUseLabel(inUse: Hardware['gpu']['inUse']): string {
  if (inUse === null) return 'Decided when a model loads';
  if (inUse === false) return 'CPU only';
  return inUse;
}
