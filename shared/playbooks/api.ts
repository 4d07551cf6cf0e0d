// Playbooks as they cross the API: the library (built-in and the user's own), a run over
// contracts (each rule's outcome with its explanation and evidence) and its CSV / JSON export.
// Schemas first; types inferred. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';
import { OUTCOMES } from './evaluate';
import { playbookSchema } from './schema';

export const playbookNameSchema = z.string().min(1).max(64);

export const playbookSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  template: z.string(),
  version: z.number().int(),
  rules: z.number().int().nonnegative(),
  builtIn: z.boolean(),
});
export type PlaybookSummary = Readonly<z.infer<typeof playbookSummarySchema>>;

export const outcomeSchema = z.enum(OUTCOMES);

export const ruleResultSchema = z.object({
  rule: z.string(),
  title: z.string(),
  field: z.string(),
  outcome: outcomeSchema,
  explanation: z.string(),
  value: z.string().nullable(),
  evidence: z.array(z.object({ page: z.number().int().positive(), quote: z.string() })),
});
export type RuleResultData = Readonly<z.infer<typeof ruleResultSchema>>;

export const playbookReportSchema = z.object({
  playbook: playbookSummarySchema,
  /** When the values were read (ISO time). */
  at: z.string(),
  documents: z.array(
    z.object({
      documentId: documentIdSchema,
      title: z.string(),
      /** Outcome -> how many rules have it. */
      counts: z.record(outcomeSchema, z.number().int().nonnegative()),
      results: z.array(ruleResultSchema),
    }),
  ),
});
export type PlaybookReport = Readonly<z.infer<typeof playbookReportSchema>>;

const runRequest = z.object({
  name: playbookNameSchema,
  /** These contracts (in this order); all that have values of the playbook's template when absent. */
  documentIds: z.array(documentIdSchema).max(100_000).optional(),
});

export const playbookCalls = {
  'playbooks:list': { request: z.object({}), response: z.object({ items: z.array(playbookSummarySchema) }) },
  'playbooks:get': {
    request: z.object({ name: playbookNameSchema }),
    response: z.object({ playbook: playbookSchema, builtIn: z.boolean() }),
  },
  /** Creates or replaces a user playbook (validated; a built-in's name is refused: duplicate it under a new name). */
  'playbooks:save': { request: z.object({ playbook: z.unknown() }), response: z.object({ playbook: playbookSchema }) },
  'playbooks:delete': { request: z.object({ name: playbookNameSchema }), response: z.object({ deleted: z.boolean() }) },
  'playbooks:run': { request: runRequest, response: playbookReportSchema },
  /** The report of one contract went to the print dialog (printer or PDF): recorded in the access log. */
  'playbooks:printed': {
    request: z.object({ name: playbookNameSchema, documentId: documentIdSchema }),
    response: z.object({ recorded: z.boolean() }),
  },
  'playbooks:export': {
    request: runRequest.extend({ format: z.enum(['csv', 'json']) }),
    response: z.object({ fileName: z.string(), data: z.instanceof(Uint8Array) }),
  },
} as const;
