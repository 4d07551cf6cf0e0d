// Domain records as they cross the API. Schemas first; types are inferred from them.
import { z } from 'zod';
import { appErrorSchema } from './errors';

export const DOMAINS = ['medical', 'legal', 'other'] as const;
export const domainSchema = z.enum(DOMAINS);
export type DocumentDomain = z.infer<typeof domainSchema>;

export const DOCUMENT_STATUSES = ['importing', 'ready', 'failed'] as const;
export const documentStatusSchema = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

export const documentIdSchema = z.number().int().positive();

export const pdfMetadataSchema = z.record(z.string(), z.string());

/** A run's state for the library: under way (queued or running), or how the latest finished one ended. */
export const WORK_STATES = ['none', 'running', 'done', 'failed'] as const;
export const workStateSchema = z.enum(WORK_STATES);
export type WorkState = z.infer<typeof workStateSchema>;

const fieldCountsSchema = z.object({
  /** Stored field values. */
  total: z.number().int().nonnegative(),
  /** Values a person edited, confirmed or cleared. */
  reviewed: z.number().int().nonnegative(),
  /** Values nobody reviewed yet that hold an answer (the Extract panel's "needs review"). */
  needsReview: z.number().int().nonnegative(),
});

/** What has been done with a document: summary, extraction (per template) and review. */
export const documentWorkSchema = z.object({
  summary: workStateSchema,
  extraction: workStateSchema,
  fields: fieldCountsSchema,
  templates: z.array(fieldCountsSchema.extend({ template: z.string(), state: workStateSchema })),
});
export type DocumentWork = z.infer<typeof documentWorkSchema>;

export const documentSchema = z.object({
  id: documentIdSchema,
  sha256: z.string(),
  title: z.string(),
  fileName: z.string(),
  domain: domainSchema,
  pageCount: z.number().int().nonnegative(),
  pagesNeedingOcr: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  metadata: pdfMetadataSchema,
  importedAt: z.string(),
  status: documentStatusSchema,
  error: appErrorSchema.nullable(),
  /** On the library list's rows (documents:list) only. */
  work: documentWorkSchema.optional(),
});
export type DocumentRecord = Readonly<z.infer<typeof documentSchema>>;

export const pageInfoSchema = z.object({
  number: z.number().int().positive(),
  width: z.number(),
  height: z.number(),
  hasTextLayer: z.boolean(),
  needsOcr: z.boolean(),
  chars: z.number().int().nonnegative(),
  /** Where the page text came from: the PDF's text layer, or OCR of the rendered page. */
  textSource: z.enum(['pdf', 'ocr']),
  /** Mean word confidence (0-100) of an OCR'd page; null for PDF text or a page OCR found blank. */
  ocrConfidence: z.number().min(0).max(100).nullable(),
});
export type PageInfo = Readonly<z.infer<typeof pageInfoSchema>>;

/** Below this mean word confidence an OCR'd page is flagged for a person to check. */
export const LOW_OCR_CONFIDENCE = 60;

/**
 * One positioned run of page text: characters [start, end) of the page text sit in the
 * box (x, y, w, h), in page units at scale 1 with the origin at the top left of the
 * page as displayed (its /Rotate applied).
 */
export const textSpanSchema = z.tuple([
  z.number(), // start
  z.number(), // end
  z.number(), // x
  z.number(), // y
  z.number(), // w
  z.number(), // h
]);
export type TextSpan = z.infer<typeof textSpanSchema>;

export const pageTextSchema = pageInfoSchema.extend({
  documentId: documentIdSchema,
  text: z.string(),
  spans: z.array(textSpanSchema),
});
export type PageText = Readonly<z.infer<typeof pageTextSchema>>;

export const searchHitSchema = z.object({
  documentId: documentIdSchema,
  title: z.string(),
  fileName: z.string(),
  page: z.number().int().positive(),
  snippet: z.string(),
  /** [start, end) ranges of `snippet` that matched the query. */
  highlights: z.array(z.tuple([z.number(), z.number()])),
});
export type SearchHit = Readonly<z.infer<typeof searchHitSchema>>;

/** One document of a search's hits and how many of its pages match. */
export const searchDocumentMatchesSchema = z.object({
  documentId: documentIdSchema,
  /** Matching pages of the document: exact when `exact`, else those among the hits (at least this many). */
  matches: z.number().int().nonnegative(),
  exact: z.boolean(),
});
export type SearchDocumentMatches = Readonly<z.infer<typeof searchDocumentMatchesSchema>>;

export const importOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('imported'), file: z.string(), document: documentSchema }),
  z.object({ kind: z.literal('duplicate'), file: z.string(), document: documentSchema }),
  z.object({
    kind: z.literal('failed'),
    file: z.string(),
    documentId: documentIdSchema.nullable(),
    error: appErrorSchema,
  }),
]);
export type ImportOutcome = Readonly<z.infer<typeof importOutcomeSchema>>;

export const importProgressSchema = z.object({
  /** Identifies one file within one import call; chosen by the caller or generated. */
  key: z.string(),
  file: z.string(),
  phase: z.enum(['queued', 'copying', 'reading', 'done', 'duplicate', 'failed']),
  documentId: documentIdSchema.nullable(),
  page: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  error: appErrorSchema.nullable(),
});
export type ImportProgress = Readonly<z.infer<typeof importProgressSchema>>;
