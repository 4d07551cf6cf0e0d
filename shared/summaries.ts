// Summary runs as they cross the API: profiles, structured output with page citations, run
// metadata and streamed events. Schemas first; types are inferred. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from './domain';
import { appErrorSchema } from './errors';

export const SUMMARY_PROFILES = ['clinical', 'legal', 'general'] as const;
export const summaryProfileSchema = z.enum(SUMMARY_PROFILES);
export type SummaryProfile = z.infer<typeof summaryProfileSchema>;

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runIdSchema = z.number().int().positive();

/** Who asked for a model run: a person (the reader, the Extract tab, the CLI) or a batch job. */
export const RUN_PRIORITIES = ['interactive', 'batch'] as const;
export const runPrioritySchema = z.enum(RUN_PRIORITIES);
export type RunPriority = z.infer<typeof runPrioritySchema>;

/**
 * A run waiting for the model: its place in the line (1 = next) and the run that holds the
 * model now. Only sent while the run really waits; null once it has the model.
 */
export const modelWaitSchema = z.object({
  position: z.number().int().positive(),
  behind: z.object({
    runId: runIdSchema,
    kind: z.enum(['summary', 'extraction']),
    documentId: documentIdSchema,
    title: z.string(),
    priority: runPrioritySchema,
  }),
});
export type ModelWait = Readonly<z.infer<typeof modelWaitSchema>>;

/**
 * Whether every date, number (dose, lab value, with its unit) and drug name of a bullet is on
 * the pages it cites: "supported", or "check" with the claims not found, as written.
 */
export const bulletSupportSchema = z.object({
  status: z.enum(['supported', 'check']),
  unsupported: z.array(z.string()),
  /** Claims read in the bullet (dates, numbers, drug names). */
  claims: z.number().int().nonnegative(),
});
export type BulletSupport = Readonly<z.infer<typeof bulletSupportSchema>>;

export const summaryBulletSchema = z.object({
  text: z.string(),
  /** Pages this bullet rests on, ascending; every one was given to the model. */
  pages: z.array(z.number().int().positive()).min(1),
  /** Set on finished runs; absent on runs stored before the check existed. */
  support: bulletSupportSchema.optional(),
});
export type SummaryBullet = Readonly<z.infer<typeof summaryBulletSchema>>;

export const summarySectionSchema = z.object({
  key: z.string(),
  title: z.string(),
  bullets: z.array(summaryBulletSchema),
});
export type SummarySection = Readonly<z.infer<typeof summarySectionSchema>>;

export const summaryChunkSchema = z.object({
  index: z.number().int().nonnegative(),
  /** Pages given to the model in this chunk (a long page may appear in two chunks). */
  pages: z.array(z.number().int().positive()),
  /** Document tokens in the chunk, page markers included. */
  tokens: z.number().int().nonnegative(),
});
export type SummaryChunk = Readonly<z.infer<typeof summaryChunkSchema>>;

export const summaryPassSchema = z.object({
  kind: z.enum(['single', 'map', 'reduce']),
  /** Pages the model could cite in this pass. */
  pages: z.array(z.number().int().positive()),
  tokensIn: z.number().int().nonnegative(),
  /** Prompt tokens reused from the engine's cache (a shared prefix). */
  tokensCached: z.number().int().nonnegative(),
  tokensOut: z.number().int().nonnegative(),
  prefillMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
  truncated: z.boolean(),
});
export type SummaryPass = Readonly<z.infer<typeof summaryPassSchema>>;

export const summaryOutputSchema = z.object({
  mode: z.enum(['single', 'map-reduce']),
  sections: z.array(summarySectionSchema),
  citedPages: z.array(z.number().int().positive()),
  chunks: z.array(summaryChunkSchema),
  /** The most document tokens a chunk could hold in this run. */
  chunkBudget: z.number().int().nonnegative(),
  /** Pages with no text (scans awaiting OCR): not read, so never cited. */
  pagesWithoutText: z.array(z.number().int().positive()),
  /** Every generation of the run, in order. */
  passes: z.array(summaryPassSchema),
  /** Prompt tokens around the document in each kind of pass (system prompt, instruction, template). */
  promptOverhead: z.number().int().nonnegative(),
  /** Bullets left out of pass answers: cut off by the output limit, empty, or citing no given page. */
  droppedBullets: z.number().int().nonnegative(),
  /** Bullets whose claims are all on their cited pages, of all bullets; share null with none. */
  faithfulness: z.object({ bullets: z.number().int().nonnegative(), supported: z.number().int().nonnegative(), share: z.number().min(0).max(1).nullable() }).optional(),
});
export type SummaryOutput = Readonly<z.infer<typeof summaryOutputSchema>>;

export const runInfoSchema = z.object({
  id: runIdSchema,
  documentId: documentIdSchema,
  kind: z.enum(['summary', 'extraction']),
  profile: z.string(),
  promptVersion: z.string(),
  model: z.object({ sha256: z.string(), name: z.string() }).nullable(),
  settings: z.record(z.string(), z.unknown()),
  status: runStatusSchema,
  error: appErrorSchema.nullable(),
  tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
  timings: z.record(z.string(), z.number()),
  pagesRead: z.number().int().nonnegative(),
  pagesTotal: z.number().int().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunInfo = Readonly<z.infer<typeof runInfoSchema>>;

export const summaryRunSchema = runInfoSchema.extend({ output: summaryOutputSchema.nullable() });
export type SummaryRun = Readonly<z.infer<typeof summaryRunSchema>>;

export const SUMMARY_PHASES = ['queued', 'loading', 'reading', 'summarizing', 'merging', 'finished'] as const;
export const summaryPhaseSchema = z.enum(SUMMARY_PHASES);
export type SummaryPhase = z.infer<typeof summaryPhaseSchema>;

export const summaryProgressSchema = z.object({
  runId: runIdSchema,
  phase: summaryPhaseSchema,
  /** 1-based pass being worked on; 0 before the first. */
  chunk: z.number().int().nonnegative(),
  /** Passes planned, the merge passes of a map-reduce included once known; 0 until planned. */
  chunks: z.number().int().nonnegative(),
  pagesRead: z.number().int().nonnegative(),
  pagesTotal: z.number().int().nonnegative(),
  /** Set while the run waits for the model (before it starts, or paused for a person's run). */
  wait: modelWaitSchema.nullable().optional(),
});
export type SummaryProgress = Readonly<z.infer<typeof summaryProgressSchema>>;

/** Text generated since the previous event of the run, never the whole text again. */
export const summaryTokensSchema = z.object({ runId: runIdSchema, text: z.string() });
export type SummaryTokens = Readonly<z.infer<typeof summaryTokensSchema>>;

export const summaryDoneSchema = z.object({ runId: runIdSchema, status: runStatusSchema });
export type SummaryDone = Readonly<z.infer<typeof summaryDoneSchema>>;
