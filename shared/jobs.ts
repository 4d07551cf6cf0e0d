// The job queue as it crosses the API: jobs (import, OCR, summarize, extract) with their
// state and progress, batches ("process these files with template X") with an overall
// progress and ETA, per-file status, and watched folders. Schemas first; types inferred.
// Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from './domain';
import { appErrorSchema } from './errors';
import { pathRefSchema } from './paths';

export const JOB_KINDS = ['import', 'ocr', 'summarize', 'extract'] as const;
export const jobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof jobKindSchema>;

export const JOB_STATES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled'] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobStateSchema>;
/** States a job never leaves on its own. */
export const FINISHED_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];

export const jobIdSchema = z.number().int().positive();
export const batchIdSchema = z.number().int().positive();

export const jobSchema = z.object({
  id: jobIdSchema,
  batchId: batchIdSchema.nullable(),
  kind: jobKindSchema,
  state: jobStateSchema,
  priority: z.number().int(),
  /** The file name for an import, else the document's title. */
  label: z.string(),
  documentId: documentIdSchema.nullable(),
  /** Pages for import and OCR, questions or passes for model jobs. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  error: appErrorSchema.nullable(),
  /** What the job produced: { documentId } for an import, { runId } for a model job. */
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobInfo = z.infer<typeof jobSchema>;

/** One file of a batch and where its chain of jobs stands. */
export const batchFileSchema = z.object({
  file: z.string(),
  documentId: documentIdSchema.nullable(),
  /** done: every job of the file finished; failed: one failed (with its error). */
  state: z.enum(['waiting', 'working', 'paused', 'done', 'failed', 'cancelled']),
  /** The step running or last reached. */
  step: jobKindSchema,
  error: appErrorSchema.nullable(),
  jobIds: z.array(jobIdSchema),
  /** The job that failed (what "Enter password" runs again), when one did. */
  failedJobId: jobIdSchema.nullable(),
});
export type BatchFile = z.infer<typeof batchFileSchema>;

export const batchSchema = z.object({
  id: batchIdSchema,
  label: z.string(),
  template: z.string().nullable(),
  summarize: z.boolean(),
  createdAt: z.string(),
  state: z.enum(['active', 'paused', 'finished']),
  files: z.number().int().nonnegative(),
  counts: z.object({
    waiting: z.number(),
    working: z.number(),
    paused: z.number(),
    done: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    /** Failed or cancelled files a retry could finish (not a PNG, an empty file…). */
    retryable: z.number(),
    /** Failed files that wait for their PDF's password (retried with jobs:retryWithPassword, not counted as retryable). */
    needsPassword: z.number(),
  }),
  /** 0..1 over every step the batch will take, model steps weighted by their measured cost. */
  progress: z.number().min(0).max(1),
  /** Seconds left, once there is enough finished work to estimate from. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type BatchInfo = z.infer<typeof batchSchema>;

export const batchOptionsSchema = z.object({
  /** Extract this template from every imported document. */
  template: z.string().min(1).max(64).nullable().default(null),
  /** Summarize every imported document. */
  summarize: z.boolean().default(false),
  /** A model file instead of the active model. */
  modelPath: z.string().min(1).nullable().default(null),
});
export type BatchOptions = z.infer<typeof batchOptionsSchema>;

export const watchedFolderSchema = z.object({
  folder: z.string().min(1),
  template: z.string().nullable(),
  summarize: z.boolean(),
  modelPath: z.string().nullable(),
});
export type WatchedFolder = z.infer<typeof watchedFolderSchema>;

/**
 * Batch options as a request gives them: the model by its id in the library, never by a path
 * (main looks the path up).
 */
export const batchRequestOptionsSchema = batchOptionsSchema.omit({ modelPath: true }).extend({
  /** A model of the library instead of the active model. */
  modelId: z.number().int().positive().nullable().default(null),
});

/** What a restore paused: the jobs that were waiting in the backup and its watched folders. */
export const restoreHoldSchema = z.object({
  restoredFrom: z.string(),
  restoredAt: z.string(),
  jobIds: z.array(jobIdSchema),
  folders: z.array(z.string()),
});
export type RestoreHold = z.infer<typeof restoreHoldSchema>;

/** Which jobs a pause, resume or cancel applies to: some jobs, a batch, or everything unfinished. */
const jobSelectionSchema = z
  .object({ ids: z.array(jobIdSchema).optional(), batchId: batchIdSchema.optional(), all: z.boolean().optional() })
  .refine((s) => s.ids !== undefined || s.batchId !== undefined || s.all === true, 'Name jobs (ids), a batch (batchId) or all.');

export const jobCalls = {
  'jobs:list': {
    request: z.object({ batchId: batchIdSchema.optional(), limit: z.number().int().positive().max(100_000).default(1000) }),
    response: z.object({ jobs: z.array(jobSchema) }),
  },
  'jobs:pause': { request: jobSelectionSchema, response: z.object({ changed: z.number().int().nonnegative() }) },
  'jobs:resume': { request: jobSelectionSchema, response: z.object({ changed: z.number().int().nonnegative() }) },
  'jobs:cancel': { request: jobSelectionSchema, response: z.object({ changed: z.number().int().nonnegative() }) },
  /** Failed and cancelled jobs back to the queue (a file that needed a password keeps failing until retried with it). */
  'jobs:retry': { request: jobSelectionSchema, response: z.object({ changed: z.number().int().nonnegative() }) },
  /**
   * A job that failed for its PDF's password (an import, or OCR of a protected scan) run again
   * with the password the person typed; answers when that run ends (done, or failed again: a
   * wrong password is `password_incorrect`). The password is held in memory for that run only:
   * never in the job's row, never logged. `invalid_request` for a job that did not fail for a password.
   */
  'jobs:retryWithPassword': {
    request: z.object({ id: jobIdSchema, password: z.string().min(1).max(1024) }),
    response: z.object({ job: jobSchema }),
  },
  'batches:list': { request: z.object({}), response: z.object({ batches: z.array(batchSchema) }) },
  /** A finished batch off the list (its jobs with it; the documents it imported stay). */
  'batches:remove': { request: z.object({ id: batchIdSchema }), response: z.object({ removed: z.boolean() }) },
  'batches:get': {
    request: z.object({ id: batchIdSchema }),
    response: z.object({ batch: batchSchema, files: z.array(batchFileSchema) }),
  },
  /**
   * Files or folders on this machine (folders are walked for PDFs), or files sent as bytes.
   * `paths`: handles from app:pickFolder or a drop (desktop), or paths under --allow-dir (bridge).
   */
  'batches:start': {
    request: z.object({
      paths: z.array(pathRefSchema).max(1000).default([]),
      files: z.array(z.object({ name: z.string().min(1), data: z.instanceof(Uint8Array) })).default([]),
      options: batchRequestOptionsSchema.default({ template: null, summarize: false, modelId: null }),
    }),
    response: z.object({ batch: batchSchema }),
  },
  /** Queues OCR of a document's pages that have no usable text; no job when none needs it. */
  'documents:ocr': { request: z.object({ id: documentIdSchema }), response: z.object({ jobIds: z.array(jobIdSchema) }) },
  'watch:list': {
    request: z.object({}),
    response: z.object({ folders: z.array(watchedFolderSchema.extend({ /** Held since a restore: not watched until resumed. */ paused: z.boolean() })) }),
  },
  /** What the last restore paused and the user has not resumed yet; null when nothing is held. */
  'jobs:restoreHold': { request: z.object({}), response: z.object({ hold: restoreHoldSchema.nullable() }) },
  /** Resumes what the restore paused: its jobs go back to the queue and its folders are watched again. */
  'jobs:releaseRestoreHold': {
    request: z.object({}),
    response: z.object({ jobs: z.number().int().nonnegative(), folders: z.number().int().nonnegative() }),
  },
  /** `folder`: a handle from app:pickFolder (desktop), or a path under --allow-dir (bridge). */
  'watch:add': {
    request: z.object({ folder: pathRefSchema, template: z.string().nullable(), summarize: z.boolean(), modelId: z.number().int().positive().nullable().default(null) }),
    response: z.object({ folder: watchedFolderSchema }),
  },
  'watch:remove': { request: z.object({ folder: z.string().min(1) }), response: z.object({ removed: z.boolean() }) },
} as const;

export const jobEvents = {
  /** Jobs whose state or progress changed (progress at most a few times a second). */
  'jobs:changed': z.object({ jobs: z.array(jobSchema) }),
  'batches:changed': z.object({ batch: batchSchema }),
} as const;
