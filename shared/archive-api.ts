// Calls that act on the archive as a whole: backup, restore, and the ways out when it cannot
// be opened (recovery). Spread into `calls` in contract.ts. Shared: no Node, no DOM.
import { z } from 'zod';
import { pathRefSchema } from './paths';

/** A handle from main (desktop) or a path under --allow-dir (bridge): see shared/paths.ts. */
const folder = pathRefSchema;
/** Authenticates the backup of a plaintext archive (an encrypted archive's backups use its key). */
const passphrase = z.string().min(1).max(1024);

export const backupResultSchema = z.object({
  /** The backup folder that was written, <dest>/abstractor-backup-<stamp>. */
  path: z.string(),
  documents: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Documents left out because their file was missing or damaged in the archive. */
  skipped: z.number().int().nonnegative(),
});

export const restoreResultSchema = z.object({
  archiveDir: z.string(),
  restoredFrom: z.string(),
  /** Where the replaced archive was kept (<archive>.before-restore-<stamp>); null if there was none. */
  previousArchive: z.string().nullable(),
  documents: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  /** Jobs and watched folders the restore paused: nothing starts until the user resumes them. */
  pausedJobs: z.number().int().nonnegative(),
  pausedFolders: z.number().int().nonnegative(),
});

export const recoverActionSchema = z.enum(['chooseFolder', 'restore', 'startNew', 'quit']);
export type RecoverAction = z.infer<typeof recoverActionSchema>;

export const securityStatusSchema = z.object({
  /** The archive is encrypted (or, while locked, will be once opened). */
  encrypted: z.boolean(),
  /** What the user must do before the archive opens: unlock it, or choose the passphrase of a new one. */
  needsPassphrase: z.enum(['unlock', 'create']).nullable(),
  /** What opens the key besides the recovery key. */
  keySources: z.array(z.enum(['keychain', 'passphrase'])),
  /** The recovery key of the archive just made, until the user confirms it is saved; null otherwise. */
  recoveryKey: z.string().nullable(),
});
export type SecurityStatusData = z.infer<typeof securityStatusSchema>;

export type BackupResultData = z.infer<typeof backupResultSchema>;
export type RestoreResultData = z.infer<typeof restoreResultSchema>;

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response } as const;
}

export const archiveCalls = {
  /** Without `dest` the desktop app asks for a folder; a cancelled dialog fails with `cancelled`. */
  'archive:backup': call(z.object({ dest: folder.optional(), passphrase: passphrase.optional() }), backupResultSchema),
  /**
   * Closes the archive, replaces it with the backup (the old one is kept beside it) and opens
   * it again; the UI reloads afterwards. Without `path` the desktop app asks for the folder.
   */
  'archive:restore': call(z.object({ path: folder.optional(), passphrase: passphrase.optional() }), restoreResultSchema),
  /**
   * The ways out when the archive cannot be opened: open another folder (`path`, or a dialog),
   * restore a backup into this folder, start a new empty archive (the damaged one is moved
   * aside, never deleted), or quit. Answers with the archive that is open now.
   */
  'archive:recover': call(
    z.object({ action: recoverActionSchema, path: folder.optional(), passphrase: passphrase.optional() }),
    z.object({ archiveDir: z.string(), movedTo: z.string().nullable() }),
  ),
  /** Encryption: what the unlock screen and the header need. Answers while the archive is locked too. */
  'archive:security': call(z.object({}), securityStatusSchema),
  /**
   * Opens a locked archive with its passphrase (or recovery key), or makes a new encrypted
   * archive with this passphrase: `wrong_passphrase` when it does not fit.
   */
  'archive:unlock': call(z.object({ passphrase: z.string().min(1).max(1024) }), z.object({ archiveDir: z.string() })),
  /**
   * A new passphrase for the encrypted archive (or a first one beside the keychain), opened with
   * the current passphrase or the recovery key. Only the key store changes.
   */
  'archive:changePassphrase': call(
    z.object({ current: z.string().min(1).max(1024), next: z.string().min(8).max(1024) }),
    z.object({ changed: z.literal(true) }),
  ),
  /** The user has saved the recovery key: it is forgotten and never shown again. */
  'archive:recoveryKeySaved': call(z.object({}), z.object({ forgotten: z.boolean() })),
  /**
   * Encrypts the open plaintext archive in place (crash-safe; see `archive encrypt`), wrapped by
   * the keychain and/or the passphrase; the archive reopens and its new recovery key is shown once.
   */
  'archive:encrypt': call(
    z.object({ passphrase: z.string().min(8).max(1024).optional() }),
    z.object({ documents: z.number().int().nonnegative(), files: z.number().int().nonnegative() }),
  ),
} as const;
