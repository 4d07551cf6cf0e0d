// The library list as it crosses the API: one page at a time in a chosen order (keyset
// pagination), so neither side ever holds every row of a 100,000-document archive.
import { z } from 'zod';
import { documentIdSchema, documentSchema, DOCUMENT_STATUSES } from './domain';

export const DOCUMENT_SORT_KEYS = ['title', 'status', 'pages', 'domain', 'importedAt', 'summary', 'extraction', 'review'] as const;
export const documentSortKeySchema = z.enum(DOCUMENT_SORT_KEYS);
export type DocumentSortKey = z.infer<typeof documentSortKeySchema>;

export const documentSortSchema = z.object({
  key: documentSortKeySchema,
  direction: z.enum(['asc', 'desc']),
});
export type DocumentSort = z.infer<typeof documentSortSchema>;

export const DEFAULT_DOCUMENT_SORT: DocumentSort = { key: 'importedAt', direction: 'desc' };

/** Where the next page starts: the sort value and id of the last row of the page before. */
export const documentCursorSchema = z.object({
  value: z.union([z.string().max(2000), z.number()]),
  id: documentIdSchema,
});
export type DocumentCursor = z.infer<typeof documentCursorSchema>;

/** 'library': imported or importing; 'failed': the imports that need attention. */
export const documentViewSchema = z.enum(['all', 'library', 'failed']);
export type DocumentView = z.infer<typeof documentViewSchema>;

/** Documents by their work: fields to review, no extraction yet, a failed summary or extraction, pages needing OCR. */
export const DOCUMENT_WORK_FILTERS = ['needs_review', 'not_extracted', 'failed', 'ocr_needed'] as const;
export const documentWorkFilterSchema = z.enum(DOCUMENT_WORK_FILTERS);
export type DocumentWorkFilter = z.infer<typeof documentWorkFilterSchema>;

export const MAX_DOCUMENT_PAGE = 500;

export const documentListRequestSchema = z.object({
  view: documentViewSchema.default('all'),
  sort: documentSortSchema.default(DEFAULT_DOCUMENT_SORT),
  /** Kept when the title or file name contains it (case-insensitive for ASCII letters). */
  filter: z.string().max(200).default(''),
  /** Kept when its work matches (null: every document). */
  work: documentWorkFilterSchema.nullable().default(null),
  after: documentCursorSchema.nullable().default(null),
  limit: z.number().int().positive().max(MAX_DOCUMENT_PAGE).default(100),
});
export type DocumentListRequest = z.output<typeof documentListRequestSchema>;

export const documentListResponseSchema = z.object({
  items: z.array(documentSchema),
  /** null when this page is the last. */
  next: documentCursorSchema.nullable(),
  /** How many rows the whole list holds: on the first page only (null after), so later pages stay an index range. */
  total: z.number().int().nonnegative().nullable(),
});
export type DocumentListPage = z.output<typeof documentListResponseSchema>;

export const documentCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  byStatus: z.record(z.enum(DOCUMENT_STATUSES), z.number().int().nonnegative()),
});
export type DocumentCounts = z.output<typeof documentCountsSchema>;
