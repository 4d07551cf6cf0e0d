// Models as they cross the API: installed models, the catalog of recommended downloads,
// memory estimates, hardware and download progress. Shared: no Node, no DOM.
import { z } from 'zod';
import { appErrorSchema } from './errors';
import { summaryProfileSchema } from './summaries';

export const MODEL_STORAGES = ['copied', 'referenced', 'downloaded'] as const;
export const modelStorageSchema = z.enum(MODEL_STORAGES);
export type ModelStorage = z.infer<typeof modelStorageSchema>;

export const modelIdSchema = z.number().int().positive();

export const modelSchema = z.object({
  id: modelIdSchema,
  sha256: z.string(),
  name: z.string(),
  fileName: z.string(),
  path: z.string(),
  storage: modelStorageSchema,
  bytes: z.number().int().nonnegative(),
  architecture: z.string(),
  parameters: z.number().int().nonnegative().nullable(),
  /** e.g. 'Q4_K_M', 'Q8_0', 'F32'; null when the header does not say. */
  quantization: z.string().nullable(),
  contextLength: z.number().int().positive().nullable(),
  hasChatTemplate: z.boolean(),
  catalogId: z.string().nullable(),
  addedAt: z.string(),
  active: z.boolean(),
  /** The file is gone (a referenced file moved, a disk unplugged): the row stays until removed. */
  missing: z.boolean(),
});
export type ModelRecord = Readonly<z.infer<typeof modelSchema>>;

export const memoryEstimateSchema = z.object({
  modelBytes: z.number().nonnegative(),
  /** Weights plus the context (KV cache and compute buffers) at `contextSize`, all on the CPU. */
  estimatedRamBytes: z.number().nonnegative(),
  /** Only when a GPU estimate is known; the engine decides offloading when it loads. */
  estimatedVramBytes: z.number().nonnegative().optional(),
  contextSize: z.number().int().positive(),
  freeRamBytes: z.number().nonnegative(),
  totalRamBytes: z.number().nonnegative(),
  fits: z.boolean(),
});
export type MemoryEstimate = Readonly<z.infer<typeof memoryEstimateSchema>>;

export const CATALOG_SIZE_CLASSES = ['0.5b', '1-2b', '3-4b', '7-8b'] as const;
export const CATALOG_QUANTIZATIONS = ['Q4_K_M', 'Q8_0'] as const;
export const catalogQuantizationSchema = z.enum(CATALOG_QUANTIZATIONS);
export type CatalogQuantization = z.infer<typeof catalogQuantizationSchema>;

export const catalogEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  /** The GGUF's general.architecture: what llama.cpp runs it as (Mistral and SmolLM2 are 'llama'). */
  architecture: z.string(),
  sizeClass: z.enum(CATALOG_SIZE_CLASSES),
  parameters: z.string(),
  domain: z.enum(['general', 'medical', 'legal']),
  quantization: catalogQuantizationSchema,
  /** Approximate download size, for display and a sanity check of an unpinned download. */
  approxBytes: z.number().int().positive(),
  /**
   * Pinned: `url` names a commit (an immutable `resolve/<commit>/` URL) and the exact size and
   * the publisher's SHA-256 are known; the download must match them. Unpinned entries point at
   * the moving `main` and are never downloaded by id: only through the confirmed URL download.
   */
  pinned: z.boolean(),
  bytes: z.number().int().positive().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** RAM to run it at an 8K context on the CPU, roughly. */
  ramBytes: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  license: z.string(),
  url: z.string(),
  fileName: z.string(),
  notes: z.string(),
});
export type CatalogEntry = Readonly<z.infer<typeof catalogEntrySchema>>;

export const catalogItemSchema = catalogEntrySchema.extend({
  /** The installed model made from this entry, if any. */
  installedModelId: modelIdSchema.nullable(),
  /** For an entry without a published digest: the SHA-256 of its first complete download, which later downloads must match. */
  recordedSha256: z.string().nullable(),
  recommended: z.boolean(),
});
export type CatalogItem = Readonly<z.infer<typeof catalogItemSchema>>;

export const hardwareSchema = z.object({
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  logicalCores: z.number().int().nonnegative(),
  totalRamBytes: z.number().nonnegative(),
  freeRamBytes: z.number().nonnegative(),
  /** null: this platform does not tell us cheaply. */
  cpuFeatures: z.object({
    avx2: z.boolean().nullable(),
    avx512: z.boolean().nullable(),
    amx: z.boolean().nullable(),
  }),
  gpu: z.object({
    /** GPU backends node-llama-cpp may try on this platform; the real one is found when a model loads. */
    candidates: z.array(z.string()),
    /** The backend of the loaded model: a name, false for CPU only, null when nothing is loaded. */
    inUse: z.union([z.string(), z.literal(false)]).nullable(),
    note: z.string(),
  }),
  recommendedQuantization: catalogQuantizationSchema,
  recommendationReason: z.string(),
});
export type Hardware = Readonly<z.infer<typeof hardwareSchema>>;

export const DOWNLOAD_STATES = ['connecting', 'downloading', 'verifying', 'done', 'failed', 'cancelled'] as const;
export const downloadStateSchema = z.enum(DOWNLOAD_STATES);
export type DownloadState = z.infer<typeof downloadStateSchema>;

export const downloadProgressSchema = z.object({
  /** The catalog id, or the URL for a download outside the catalog. */
  key: z.string(),
  catalogId: z.string().nullable(),
  downloadedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  state: downloadStateSchema,
  error: appErrorSchema.nullable(),
});
export type DownloadProgress = Readonly<z.infer<typeof downloadProgressSchema>>;

/** A catalog download names the entry, nothing else: the URL comes from the catalog in main. */
export const catalogDownloadSchema = z.object({ catalogId: z.string().min(1).max(200) }).strict();

/** A download from a URL the user typed: https only; the desktop app asks in a dialog drawn by main. */
export const urlDownloadSchema = z.object({ url: z.string().min(1).max(2048) }).strict();

export const addModelResultSchema = z.object({ model: modelSchema, duplicate: z.boolean() });
export type AddModelResult = Readonly<z.infer<typeof addModelResultSchema>>;

/** A LoRA adapter's name in the model library: a short slug, never a path. */
export const adapterNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: 'an adapter is named by a short lower-case name like "contracts-v1"' });

export const adapterSchema = z.object({ name: adapterNameSchema, architecture: z.string(), bytes: z.number().int().nonnegative() });
export type AdapterRecordData = Readonly<z.infer<typeof adapterSchema>>;

/** What an adapter is chosen for: extraction with a template, or summaries with a profile. */
export const adapterTargetSchema = z.union([
  z.strictObject({ template: z.string().min(1).max(64) }),
  z.strictObject({ profile: summaryProfileSchema }),
]);
export type AdapterTarget = z.infer<typeof adapterTargetSchema>;

export const adapterChoiceSchema = z.object({
  target: adapterTargetSchema,
  /** The adapter runs for the target use; null: none. */
  adapter: adapterNameSchema.nullable(),
  /** Where it comes from: a stored choice, the template's own, or nothing chosen. */
  source: z.enum(['chosen', 'template', 'none']),
});
export type AdapterChoice = Readonly<z.infer<typeof adapterChoiceSchema>>;

/** Use this adapter, none, or go back to the default (the template's own adapter, if any). */
export const adapterSelectionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('adapter'), name: adapterNameSchema }),
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('default') }),
]);
