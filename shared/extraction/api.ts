// Field extraction as it crosses the API: stored field values with their grounding, review
// actions, the audit log, the template x documents grid and the streamed run events.
// Schemas first; types are inferred. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';
import { modelWaitSchema, runIdSchema, runInfoSchema, runStatusSchema } from '../summaries';
import { ASSERTION_LABELS } from '../clinical/assertion';
import { FIELD_TYPES, templateSchema } from './templates';
import { VERIFY_STATUSES } from './verify';

export const templateNameSchema = z.string().min(1).max(64);
export const verifyStatusSchema = z.enum(VERIFY_STATUSES);
export const valueSourceSchema = z.enum(['model', 'user']);
export type ValueSource = z.infer<typeof valueSourceSchema>;
export const REVIEW_STATES = ['none', 'edited', 'confirmed', 'cleared'] as const;
export const reviewStateSchema = z.enum(REVIEW_STATES);
export type ReviewState = z.infer<typeof reviewStateSchema>;

/** A box on the page in page units at scale 1, origin top left (as TextSpan). */
export const rectSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const evidenceSchema = z.object({
  page: z.number().int().positive(),
  /** [start, end) of the page text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  quote: z.string(),
  rects: z.array(rectSchema),
  /** The numbered line the model cited ("L12"); absent for a user's selection. */
  lineId: z.string().optional(),
  /** [start, end) of the whole cited line when the range above is narrowed to the value. */
  line: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).optional(),
  /** The cited page's OCR confidence (0-100) when its text came from OCR; absent for PDF text. */
  ocrConfidence: z.number().min(0).max(100).optional(),
});
export type Evidence = Readonly<z.infer<typeof evidenceSchema>>;

/** A scalar answer, a list item's text, or a table row (column key -> cell). */
export const jsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const fieldValueDataSchema = z.union([
  jsonScalarSchema,
  z.array(z.string()),
  z.array(z.record(z.string(), jsonScalarSchema)),
]);
export type FieldValueData = z.infer<typeof fieldValueDataSchema>;

export const assertionLabelSchema = z.enum(ASSERTION_LABELS);
/** A clinical item's assertion status: computed (ConText on its evidence sentence) or set by a person. */
export const itemAssertionSchema = z.object({
  label: assertionLabelSchema,
  /** The trigger or section heading that decided it; null when affirmed or set by a person. */
  cue: z.string().nullable(),
  source: z.enum(['context', 'user']),
});
export type ItemAssertion = Readonly<z.infer<typeof itemAssertionSchema>>;
/** Labels under which a finding is not the patient's problem: shown set apart, never as a problem. */
export const NOT_THE_PATIENTS: ReadonlySet<string> = new Set(['negated', 'family']);

/** One item of a list or row of a table, with its own grounding. */
export const fieldItemSchema = z.object({
  value: z.union([z.string(), z.record(z.string(), jsonScalarSchema)]),
  normalized: z.unknown(),
  status: verifyStatusSchema,
  evidence: z.array(evidenceSchema),
  /** On fields with `assertion: true` only. */
  assertion: itemAssertionSchema.optional(),
});
export type FieldItem = Readonly<z.infer<typeof fieldItemSchema>>;

/** A model answer that is not the current value: a suggestion, or an alternative from another pass. */
export const candidateSchema = z.object({
  value: fieldValueDataSchema,
  normalized: z.unknown(),
  status: verifyStatusSchema,
  evidence: z.array(evidenceSchema),
  items: z.array(fieldItemSchema).nullable(),
  runId: runIdSchema.nullable(),
});
export type Candidate = Readonly<z.infer<typeof candidateSchema>>;

/** De-identified export: numbered surrogates kept per value, and each patient's dates moved by a secret offset. */
export const exportDeidOptionsSchema = z
  .object({ surrogates: z.boolean().default(true), shiftDates: z.boolean().default(false) })
  .strict();
export type ExportDeidOptions = z.output<typeof exportDeidOptionsSchema>;

export const fieldResultSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  value: fieldValueDataSchema,
  /** By type (normalize.ts); for a list or table, one entry per item. */
  normalized: z.unknown(),
  status: verifyStatusSchema,
  source: valueSourceSchema,
  review: reviewStateSchema,
  evidence: z.array(evidenceSchema),
  items: z.array(fieldItemSchema).nullable(),
  /** Differing values other passes found; kept, never silently dropped. */
  alternatives: z.array(candidateSchema),
  /** A new model value that a re-run could not apply because a person edited or confirmed this one. */
  suggestion: candidateSchema.nullable(),
  runId: runIdSchema.nullable(),
  updatedAt: z.string().nullable(),
});
export type FieldResult = Readonly<z.infer<typeof fieldResultSchema>>;

export const templateSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  domain: z.string(),
  version: z.number().int(),
  description: z.string(),
  fields: z.number().int().nonnegative(),
  builtIn: z.boolean(),
});
export type TemplateSummary = Readonly<z.infer<typeof templateSummarySchema>>;

export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  documentId: documentIdSchema,
  template: z.string(),
  field: z.string(),
  action: z.enum(['extract', 'suggest', 'edit', 'confirm', 'clear', 'add']),
  oldValue: fieldValueDataSchema,
  newValue: fieldValueDataSchema,
  source: valueSourceSchema,
  runId: runIdSchema.nullable(),
  at: z.string(),
});
export type AuditEntry = Readonly<z.infer<typeof auditEntrySchema>>;

export const gridCellSchema = z.object({
  /** For a field with assertion status: the patient's items only (not negated, not family). */
  value: fieldValueDataSchema,
  /** Items of such a field that are not the patient's (negated, family), with their label. */
  setApart: z.array(z.object({ text: z.string(), label: assertionLabelSchema })).optional(),
  /** For a medication field (`sig: true`): each listed item's sig read into one normalized line. */
  sigs: z.array(z.string()).optional(),
  status: verifyStatusSchema,
  review: reviewStateSchema,
  hasSuggestion: z.boolean(),
  alternatives: z.number().int().nonnegative(),
  pages: z.array(z.number().int().positive()),
});
export type GridCell = Readonly<z.infer<typeof gridCellSchema>>;

export const gridRowSchema = z.object({
  documentId: documentIdSchema,
  title: z.string(),
  /** The latest extraction run of this template on the document, if any. */
  run: z.object({ id: runIdSchema, status: runStatusSchema, finishedAt: z.string().nullable() }).nullable(),
  /** Field key -> cell; fields never extracted are absent. */
  cells: z.record(z.string(), gridCellSchema),
});

export const gridSchema = z.object({
  template: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), type: z.enum(FIELD_TYPES) })),
  rows: z.array(gridRowSchema),
});
export type Grid = Readonly<z.infer<typeof gridSchema>>;

export const MAX_GRID_PAGE = 500;
/** One page of the Table: the template's domain's documents, extracted or not, in id order. */
export const gridPageSchema = gridSchema.extend({
  rows: z.array(gridRowSchema.extend({ /** An extraction job of this template is waiting or running for it. */ queued: z.boolean() })),
  /** Pass back as `after` for the next page; null on the last. */
  next: documentIdSchema.nullable(),
  /** Rows in all pages; with the first page only. */
  total: z.number().int().nonnegative().nullable(),
});
export type GridPage = Readonly<z.infer<typeof gridPageSchema>>;
export type GridPageRow = GridPage['rows'][number];

export const EXTRACTION_PHASES = ['queued', 'loading', 'reading', 'retrieving', 'extracting', 'finished'] as const;
export const extractionProgressSchema = z.object({
  runId: runIdSchema,
  documentId: documentIdSchema,
  template: z.string(),
  phase: z.enum(EXTRACTION_PHASES),
  /** Field questions answered so far and planned in all. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  pass: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  field: z.string().nullable(),
  /** Set while the run waits for the model (before it starts, or paused for a person's run). */
  wait: modelWaitSchema.nullable().optional(),
});
export type ExtractionProgress = Readonly<z.infer<typeof extractionProgressSchema>>;
export const extractionTokensSchema = z.object({ runId: runIdSchema, field: z.string(), text: z.string() });
export const extractionDoneSchema = z.object({ runId: runIdSchema, documentId: documentIdSchema, status: runStatusSchema });

const docTemplate = { documentId: documentIdSchema, template: templateNameSchema };
const fieldRef = { ...docTemplate, field: z.string().min(1) };

export const extractionCalls = {
  'templates:list': { request: z.object({}), response: z.object({ items: z.array(templateSummarySchema) }) },
  'templates:get': {
    request: z.object({ name: templateNameSchema }),
    response: z.object({ template: templateSchema, builtIn: z.boolean() }),
  },
  /** Creates or replaces a user template (a built-in's name is refused: copy it under a new name). */
  'templates:save': {
    request: z.object({ template: z.unknown() }),
    response: z.object({ template: templateSchema }),
  },
  'templates:delete': { request: z.object({ name: templateNameSchema }), response: z.object({ deleted: z.boolean() }) },
  'extraction:start': { request: z.object(docTemplate), response: z.object({ runId: runIdSchema }) },
  'extraction:cancel': { request: z.object({ runId: runIdSchema }), response: z.object({ cancelled: z.boolean() }) },
  'extraction:get': {
    request: z.object(docTemplate),
    response: z.object({ fields: z.array(fieldResultSchema), run: runInfoSchema.nullable() }),
  },
  'extraction:edit': { request: z.object({ ...fieldRef, value: fieldValueDataSchema }), response: z.object({ field: fieldResultSchema }) },
  'extraction:confirm': { request: z.object(fieldRef), response: z.object({ field: fieldResultSchema }) },
  'extraction:clear': { request: z.object(fieldRef), response: z.object({ field: fieldResultSchema }) },
  /** A value the model missed, from a selection of page text. */
  'extraction:addFromSelection': {
    request: z.object({
      ...fieldRef,
      page: z.number().int().positive(),
      start: z.number().int().nonnegative(),
      end: z.number().int().positive(),
      value: jsonScalarSchema.optional(),
    }),
    response: z.object({ field: fieldResultSchema }),
  },
  /** A person's assertion status for one item of a list or table (kept across re-runs like an edit). */
  'extraction:setAssertion': {
    request: z.object({ ...fieldRef, item: z.number().int().nonnegative(), label: assertionLabelSchema }),
    response: z.object({ field: fieldResultSchema }),
  },
  /** Takes the pending model suggestion as the value. */
  'extraction:acceptSuggestion': { request: z.object(fieldRef), response: z.object({ field: fieldResultSchema }) },
  'extraction:audit': {
    request: z.object({ documentId: documentIdSchema, template: templateNameSchema.optional(), field: z.string().optional() }),
    response: z.object({ entries: z.array(auditEntrySchema) }),
  },
  'extraction:grid': {
    request: z.object({ template: templateNameSchema, documentIds: z.array(documentIdSchema).optional() }),
    response: gridSchema,
  },
  /** The Table a page at a time; without a template, the one with the most runs in the archive. */
  'extraction:gridPage': {
    request: z.object({
      template: templateNameSchema.optional(),
      after: documentIdSchema.nullable().default(null),
      limit: z.number().int().positive().max(MAX_GRID_PAGE).default(100),
    }),
    response: gridPageSchema,
  },
  /** Queues an extraction job per document (one already waiting or running is not doubled). */
  'extraction:queue': {
    request: z.object({ template: templateNameSchema, documentIds: z.array(documentIdSchema).min(1).max(MAX_GRID_PAGE) }),
    response: z.object({ jobIds: z.array(z.number().int().positive()) }),
  },
  'extraction:export': {
    request: z.object({
      template: templateNameSchema,
      format: z.enum(['csv', 'json']),
      documentIds: z.array(documentIdSchema).optional(),
      /** Safe Harbor identifiers removed from every value and quote (shared/clinical/deid). */
      deidentify: exportDeidOptionsSchema.optional(),
    }),
    response: z.object({ fileName: z.string(), data: z.instanceof(Uint8Array) }),
  },
} as const;

export const extractionEvents = {
  'extraction:progress': extractionProgressSchema,
  'extraction:tokens': extractionTokensSchema,
  'extraction:done': extractionDoneSchema,
} as const;
