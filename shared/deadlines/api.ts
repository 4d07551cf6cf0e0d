// Deadlines as they cross the API: every contract's computed key dates (shared/deadlines/
// compute.ts) with the values and evidence they came from, and their CSV / iCalendar export.
// Schemas first; types inferred. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';
import { reviewStateSchema, verifyStatusSchema } from '../extraction/api';
import { DEADLINE_KINDS } from './compute';

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const deadlineInputSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string().nullable(),
  status: verifyStatusSchema,
  review: reviewStateSchema,
  evidence: z.array(z.object({ page: z.number().int().positive(), quote: z.string() })),
});

export const deadlineSchema = z.object({
  documentId: documentIdSchema,
  title: z.string(),
  parties: z.array(z.string()),
  id: z.string(),
  kind: z.enum(DEADLINE_KINDS),
  label: z.string(),
  date: isoDateSchema.nullable(),
  status: z.enum(['fact', 'needs_review']),
  reasons: z.array(z.string()),
  explanation: z.string(),
  inputs: z.array(deadlineInputSchema),
});
export type Deadline = z.infer<typeof deadlineSchema>;

const windowSchema = z.object({
  /** Only dates up to this many days after today (overdue ones included); all when absent. */
  within: z.number().int().nonnegative().max(36_500).optional(),
});

export const deadlineCalls = {
  /** Every contract's key dates, sorted by date (undated last). */
  'deadlines:list': {
    request: windowSchema,
    response: z.object({ asOf: isoDateSchema, deadlines: z.array(deadlineSchema) }),
  },
  'deadlines:export': {
    request: windowSchema.extend({ format: z.enum(['csv', 'ics']) }),
    response: z.object({ fileName: z.string(), data: z.instanceof(Uint8Array) }),
  },
} as const;

/** Dates a party must act by: missing one is "overdue"; other dates in the past are history. */
export const ACTION_KINDS: readonly Deadline['kind'][] = ['notice_deadline', 'option_deadline', 'option_window_opens'];

export function isOverdue(deadline: Pick<Deadline, 'date' | 'kind'>, asOf: string): boolean {
  return deadline.date !== null && deadline.date < asOf && ACTION_KINDS.includes(deadline.kind);
}

/** Dates from `asOf` to `asOf` + `days`, and overdue action dates. */
export function within<T extends Pick<Deadline, 'date' | 'kind'>>(deadlines: readonly T[], asOf: string, days: number): T[] {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  return deadlines.filter((x) => isOverdue(x, asOf) || (x.date !== null && x.date >= asOf && x.date <= last));
}
