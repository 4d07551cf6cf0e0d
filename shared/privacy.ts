// Privacy at rest: the access log (who opened, searched, exported… which document, when), the
// app lock, and the privacy settings (lock idle time, how long kept archive copies live).
// Spread into `calls` and `events` in contract.ts. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from './domain';

export const ACCESS_ACTIONS = [
  'opened',
  'searched',
  'exported',
  'printed',
  'backed_up',
  'restored',
  'deleted',
  'value_changed',
  'locked',
  'unlocked',
] as const;
export const accessActionSchema = z.enum(ACCESS_ACTIONS);
export type AccessAction = z.infer<typeof accessActionSchema>;

export const ACCESS_CHANNELS = ['app', 'bridge', 'cli'] as const;
export type AccessChannel = (typeof ACCESS_CHANNELS)[number];

/**
 * One row of the access log. Never document text: a search is logged with its hit count, not
 * its query; a changed value with its field key, not the value. `title` is the document's
 * title at the time, or "deleted document #id" once the document is deleted.
 */
export const accessEntrySchema = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  user: z.string(),
  via: z.enum(ACCESS_CHANNELS),
  action: accessActionSchema,
  documentId: documentIdSchema.nullable(),
  title: z.string().nullable(),
  /** Counts, formats, field keys: never text from a document. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AccessEntry = z.infer<typeof accessEntrySchema>;

export const accessFilterSchema = z.object({
  documentId: documentIdSchema.optional(),
  action: accessActionSchema.optional(),
  /** ISO date or date-time: entries at or after it. */
  since: z.string().trim().min(1).max(40).optional(),
  until: z.string().trim().min(1).max(40).optional(),
  limit: z.number().int().positive().max(10_000).default(500),
});
export type AccessFilter = z.input<typeof accessFilterSchema>;

export const privacySettingsSchema = z.object({
  /** Seconds without input before the app locks itself (the UI shows minutes; default 15 min). */
  lockAfterSeconds: z.number().int().min(5).max(24 * 3600),
  /** Days a <archive>.before-restore-… or .damaged-… copy is kept before it is erased. */
  keptCopiesDays: z.number().int().min(0).max(3650),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const lockStateSchema = z.object({
  locked: z.boolean(),
  /**
   * What unlocking takes: the OS's user-presence check (Touch ID), the archive's passphrase or
   * recovery key, or, for a plaintext archive (which has no secret), a confirmation: there the
   * lock only screens the documents from view.
   */
  unlockWith: z.enum(['presence', 'passphrase', 'confirm']),
  /** Seconds without input before the app locks itself. */
  lockAfterSeconds: z.number().int().positive(),
});
export type LockState = z.infer<typeof lockStateSchema>;

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

export const privacyCalls = {
  'accessLog:list': call(accessFilterSchema, z.object({ entries: z.array(accessEntrySchema), total: z.number().int().nonnegative() })),
  /** The filtered log as CSV text (cells that a spreadsheet would run as a formula are neutralized). */
  'accessLog:csv': call(accessFilterSchema.omit({ limit: true }), z.object({ csv: z.string(), rows: z.number().int().nonnegative() })),
  'privacy:getSettings': call(z.object({}), privacySettingsSchema),
  'privacy:setSettings': call(privacySettingsSchema.partial(), privacySettingsSchema),
  'lock:state': call(z.object({}), lockStateSchema),
  /** Locks now (Ctrl+L, the menu). */
  'lock:lock': call(z.object({}), lockStateSchema),
  /** `passphrase` where unlockWith is 'passphrase'; fails with `wrong_passphrase`. */
  'lock:unlock': call(z.object({ passphrase: z.string().max(1024).optional() }), lockStateSchema),
  /** The page reports input (throttled) so the idle timer starts again. */
  'lock:activity': call(z.object({}), z.object({ locked: z.boolean() })),
} as const;

/** The calls a locked app still answers: none of them returns document content. */
export const CALLS_WHILE_LOCKED: ReadonlySet<string> = new Set(['app:info', 'lock:state', 'lock:lock', 'lock:unlock', 'lock:activity']);

export const privacyEvents = {
  'lock:changed': lockStateSchema,
} as const;

