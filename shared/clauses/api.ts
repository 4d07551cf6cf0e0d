// Clause comparison as it crosses the API: one field (clause type) of a template, its clause
// text from every contract side by side, word differences against a reference the person
// picks, and the clauses grouped into wording variants. Schemas first; types inferred.
// Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';
import { reviewStateSchema, templateNameSchema, verifyStatusSchema } from '../extraction/api';

/** The reference the clauses are compared with: one contract's clause, or a text (a playbook's standard wording). */
export const clauseReferenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('document'), documentId: documentIdSchema }),
  z.strictObject({ kind: z.literal('text'), text: z.string().trim().min(1).max(4000), label: z.string().trim().max(200).optional() }),
]);
export type ClauseReference = z.infer<typeof clauseReferenceSchema>;

export const diffPartSchema = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });

export const clauseSchema = z.object({
  documentId: documentIdSchema,
  title: z.string(),
  /** The field's value as stored (a person's edit wins). */
  value: z.string(),
  status: verifyStatusSchema,
  review: reviewStateSchema,
  /** The evidence grown to whole sentences on its page; null when the value cites nothing. */
  text: z.string().nullable(),
  evidence: z.array(z.object({ page: z.number().int().positive(), quote: z.string() })),
  /** Index into `variants`; null without text. */
  variant: z.number().int().nonnegative().nullable(),
  /** Word differences from the reference (null without text or reference). */
  diff: z.array(diffPartSchema).nullable(),
  /** Jaccard similarity of word shingles with the reference, 0..1. */
  similarity: z.number().min(0).max(1).nullable(),
});
export type Clause = z.infer<typeof clauseSchema>;

export const clauseVariantSchema = z.object({
  /** The clause that stands for the variant: the one most like the others. */
  documentId: documentIdSchema,
  text: z.string(),
  count: z.number().int().positive(),
  documentIds: z.array(documentIdSchema),
});

export const clauseComparisonSchema = z.object({
  field: z.object({ key: z.string(), label: z.string() }),
  reference: z.object({ text: z.string(), label: z.string(), documentId: documentIdSchema.nullable() }).nullable(),
  clauses: z.array(clauseSchema),
  /** Largest first. */
  variants: z.array(clauseVariantSchema),
});
export type ClauseComparison = z.infer<typeof clauseComparisonSchema>;

export const clauseCalls = {
  /** One field's clauses across contracts (all, or these), grouped and compared with the reference. */
  'clauses:compare': {
    request: z.strictObject({
      template: templateNameSchema,
      field: z.string().min(1).max(100),
      reference: clauseReferenceSchema.optional(),
      documentIds: z.array(documentIdSchema).max(10_000).optional(),
      /** How alike (Jaccard of word shingles, 0..1) clauses of one variant are on average. */
      threshold: z.number().min(0.05).max(1).optional(),
    }),
    response: clauseComparisonSchema,
  },
} as const;
