// The one API contract. Every call: a name `<domain>:<verb>` with request and response
// schemas. Every event: a name with a payload schema. Main registers handlers from
// this table, the preload exposes exactly these names, and the bridge serves them.
// Shared: no Node, no DOM.
import { z } from 'zod';
import {
  documentIdSchema,
  documentSchema,
  domainSchema,
  importOutcomeSchema,
  importProgressSchema,
  pageTextSchema,
  pageInfoSchema,
  searchDocumentMatchesSchema,
  searchHitSchema,
} from './domain';
import {
  runIdSchema,
  runInfoSchema,
  summaryDoneSchema,
  summaryProfileSchema,
  summaryProgressSchema,
  summaryRunSchema,
  summaryTokensSchema,
} from './summaries';
import {
  adapterChoiceSchema,
  adapterNameSchema,
  adapterSchema,
  adapterSelectionSchema,
  adapterTargetSchema,
  addModelResultSchema,
  catalogItemSchema,
  downloadProgressSchema,
  catalogDownloadSchema,
  urlDownloadSchema,
  hardwareSchema,
  memoryEstimateSchema,
  modelIdSchema,
  modelSchema,
} from './models';
import { extractionCalls, extractionEvents } from './extraction/api';
import { archiveCalls } from './archive-api';
import { documentCountsSchema, documentListRequestSchema, documentListResponseSchema } from './library';
import { jobCalls, jobEvents } from './jobs';
import { deadlineCalls } from './deadlines/api';
import { patientCalls } from './patients/api';
import { playbookCalls } from './playbooks/api';
import { clauseCalls } from './clauses/api';
import { definitionCalls } from './definitions/api';
import { pathHandleSchema, pathRefSchema } from './paths';
import { privacyCalls, privacyEvents } from './privacy';
import { welcomeCalls, welcomeEvents } from './welcome';
import { inferenceServerCalls } from './inference-server';
import { PDF_RANGE_MAX_BYTES } from './pdf-range';

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Req extends never ? never : Res) {
  return { request, response } as const;
}

/** PDF bytes travel as Uint8Array: structured clone over IPC, a base64 codec over the bridge. */
export const bytesSchema = z.instanceof(Uint8Array);

const byId = z.object({ id: documentIdSchema });

/** Bytes [begin, end) of a document's PDF: an end past the file is cut to it, a begin past it is refused. */
const pdfRangeRequestSchema = z
  .object({
    id: documentIdSchema,
    begin: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    end: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .refine((r) => r.end > r.begin, { message: 'end must be after begin', path: ['end'] })
  .refine((r) => r.end - r.begin <= PDF_RANGE_MAX_BYTES, { message: `at most ${PDF_RANGE_MAX_BYTES} bytes at once`, path: ['end'] });

export const calls = {
  'app:info': call(
    z.object({}),
    z.object({
      version: z.string(),
      archiveDir: z.string(),
      transport: z.enum(['ipc', 'bridge']),
      documentCount: z.number().int().nonnegative(),
      /** Whether the archive is encrypted at rest; the header marks a plaintext one. */
      encrypted: z.boolean(),
    }),
  ),
  /** A native file dialog drawn by main (desktop app only; the bridge answers `unsupported`): a handle, null when cancelled. */
  'app:pickFile': call(z.object({ purpose: z.enum(['model']) }), z.object({ picked: pathHandleSchema.nullable() })),
  /** A native folder dialog drawn by main (desktop app only; the bridge answers `unsupported`): a handle, null when cancelled. */
  'app:pickFolder': call(z.object({ purpose: z.enum(['batch', 'watch']) }), z.object({ picked: pathHandleSchema.nullable() })),
  /** One page of the library, sorted and filtered in SQL; pass `next` back as `after` for the page after. */
  'documents:list': call(documentListRequestSchema, documentListResponseSchema),
  /** How many documents there are, per status. */
  'documents:counts': call(z.object({}), documentCountsSchema),
  'documents:get': call(byId, z.object({ document: documentSchema, pages: z.array(pageInfoSchema) })),
  'documents:page': call(
    z.object({ id: documentIdSchema, page: z.number().int().positive() }),
    pageTextSchema,
  ),
  'documents:pdf': call(byId, z.object({ fileName: z.string(), data: bytesSchema })),
  /** Part of a document's PDF and the whole file's size: the reader loads what a page needs first. */
  'documents:pdfRange': call(pdfRangeRequestSchema, z.object({ size: z.number().int().nonnegative(), data: bytesSchema })),
  /**
   * The document as a new PDF of page images with every identifier found in its text blacked
   * out (no text layer, metadata or attachments kept); the bytes come back, never a path. A
   * PDF with a password needs it again (passwords are never stored).
   */
  'documents:exportDeidentifiedPdf': call(
    z.object({ id: documentIdSchema, password: z.string().max(1024).optional() }),
    z.object({
      fileName: z.string(),
      data: bytesSchema,
      pages: z.number().int().nonnegative(),
      identifiers: z.number().int().nonnegative(),
      boxes: z.number().int().nonnegative(),
      /** Pages blacked out whole: an identifier on them had no position. */
      wholePages: z.array(z.number().int().positive()),
    }),
  ),
  'documents:import': call(
    z.object({
      files: z
        .array(z.object({ key: z.string().min(1), name: z.string().min(1), data: bytesSchema }))
        .min(1),
      password: z.string().optional(),
    }),
    z.object({ outcomes: z.array(importOutcomeSchema) }),
  ),
  'documents:retry': call(
    z.object({ id: documentIdSchema, password: z.string().optional() }),
    z.object({ outcome: importOutcomeSchema }),
  ),
  'documents:update': call(
    z.object({ id: documentIdSchema, title: z.string().trim().min(1).optional(), domain: domainSchema.optional() }),
    z.object({ document: documentSchema }),
  ),
  /** What deleting a document erases with it, for the delete dialog to list. */
  'documents:deleteImpact': call(
    byId,
    z.object({
      summaries: z.number().int().nonnegative(),
      fieldValues: z.number().int().nonnegative(),
      corrections: z.number().int().nonnegative(),
    }),
  ),
  'documents:delete': call(byId, z.object({ deleted: z.boolean() })),
  'search:query': call(
    z.object({
      query: z.string().trim().min(1).max(500),
      limit: z.number().int().positive().max(500).default(50),
      documentId: documentIdSchema.optional(),
      domain: domainSchema.optional(),
    }),
    z.object({
      hits: z.array(searchHitSchema),
      /** Matching pages: exact when `totalExact`, else at least this many (ask search:count). */
      total: z.number().int().nonnegative(),
      totalExact: z.boolean(),
      /** 'newest': the query matched so many pages that only the newest matches were ranked. */
      ranking: z.enum(['relevance', 'newest']),
      /** Each document of the hits, in the order of its best hit, with its matching pages. */
      documents: z.array(searchDocumentMatchesSchema),
    }),
  ),
  /** The exact number of matching pages, for a query whose search only bounded it. */
  'search:count': call(
    z.object({ query: z.string().trim().min(1).max(500), documentId: documentIdSchema.optional(), domain: domainSchema.optional() }),
    z.object({ total: z.number().int().nonnegative() }),
  ),
  'models:list': call(z.object({}), z.object({ items: z.array(modelSchema), activeId: modelIdSchema.nullable() })),
  /** `path`: a handle from app:pickFile or a drop (desktop), or a path under --allow-dir (bridge). 'reference' uses the file where it is. */
  'models:add': call(
    z.object({ path: pathRefSchema, mode: z.enum(['copy', 'reference']).default('copy') }),
    addModelResultSchema,
  ),
  'models:remove': call(
    z.object({ id: modelIdSchema }),
    z.object({ removed: z.boolean(), deletedFile: z.boolean() }),
  ),
  'models:setActive': call(z.object({ id: modelIdSchema }), z.object({ model: modelSchema })),
  'models:estimate': call(
    z.object({ id: modelIdSchema, contextSize: z.number().int().positive().optional() }),
    memoryEstimateSchema,
  ),
  'models:catalog': call(z.object({}), z.object({ items: z.array(catalogItemSchema) })),
  /** A pinned catalog entry by id; resolves when the model is installed; progress arrives as `models:downloadProgress`. */
  'models:download': call(catalogDownloadSchema, addModelResultSchema),
  /**
   * A model from an https URL: the desktop app first shows the host and the full URL in a dialog
   * drawn by main; the bridge refuses it unless `serve` was started with --allow-downloads.
   */
  'models:downloadUrl': call(urlDownloadSchema, addModelResultSchema),
  'models:cancelDownload': call(z.object({ key: z.string().min(1) }), z.object({ cancelled: z.boolean() })),
  'models:hardware': call(z.object({}), hardwareSchema),
  /** LoRA adapters in the library and the one each template and summary profile runs with. */
  'models:adapters': call(z.object({}), z.object({ items: z.array(adapterSchema), choices: z.array(adapterChoiceSchema) })),
  /** `path`: as for models:add. The file must be a LoRA adapter (GGUF, general.type adapter). */
  'models:addAdapter': call(z.object({ path: pathRefSchema, name: adapterNameSchema }), adapterSchema),
  'models:removeAdapter': call(z.object({ name: adapterNameSchema }), z.object({ removed: z.boolean() })),
  'models:chooseAdapter': call(z.object({ target: adapterTargetSchema, selection: adapterSelectionSchema }), adapterChoiceSchema),
  /** Queues a summary and returns at once; progress, tokens and the end arrive as `summaries:*` events. */
  'summaries:start': call(
    z.object({ documentId: documentIdSchema, profile: summaryProfileSchema.optional() }),
    z.object({ runId: runIdSchema }),
  ),
  'summaries:cancel': call(z.object({ runId: runIdSchema }), z.object({ cancelled: z.boolean() })),
  /** Newest first, without their output. */
  'summaries:list': call(z.object({ documentId: documentIdSchema }), z.object({ runs: z.array(runInfoSchema) })),
  'summaries:get': call(z.object({ runId: runIdSchema }), z.object({ run: summaryRunSchema })),
  /** Templates and field extraction: schemas in shared/extraction/api.ts. */
  ...extractionCalls,
  /** Backup, restore and recovery: schemas in shared/archive-api.ts. */
  ...archiveCalls,
  ...jobCalls,
  /** Contract key dates and their CSV / iCalendar export: schemas in shared/deadlines/api.ts. */
  ...deadlineCalls,
  /** Documents grouped by patient, merges and splits, a patient's timeline and conflicts: shared/patients/api.ts. */
  ...patientCalls,
  /** Playbook review (standard positions checked against contracts' values): schemas in shared/playbooks/api.ts. */
  ...playbookCalls,
  /** One clause type compared across contracts: schemas in shared/clauses/api.ts. */
  ...clauseCalls,
  /** A contract's defined terms: schemas in shared/definitions/api.ts. */
  ...definitionCalls,
  /** Access log and privacy settings: schemas in shared/privacy.ts. */
  ...privacyCalls,
  /** The first-run welcome: its state, the recommended model and the sample documents (shared/welcome.ts). */
  ...welcomeCalls,
  /** The shared inference server (off by default): schemas in shared/inference-server.ts. */
  ...inferenceServerCalls,
} as const;

export const events = {
  'import:progress': importProgressSchema,
  'documents:changed': z.object({ ids: z.array(documentIdSchema) }),
  'summaries:progress': summaryProgressSchema,
  'summaries:tokens': summaryTokensSchema,
  'summaries:done': summaryDoneSchema,
  'models:downloadProgress': downloadProgressSchema,
  'models:changed': z.object({ activeId: modelIdSchema.nullable() }),
  ...extractionEvents,
  ...jobEvents,
  ...privacyEvents,
  ...welcomeEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
export type CallRequestParsed<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['response']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/**
 * The preload's own channel, outside the contract: it hands main the path of a File the user
 * dropped and gets a handle back (see electron/main/ipc/register.ts).
 */
export const DROPPED_PATH_CHANNEL = 'preload:droppedPath';

/** The IPC channel that carries an event (calls use their own names as channels). */
export const ipcEventChannel = (name: EventName) => `event:${name}`;
