// `backup <dest>` and `restore <backup>`, and the advice printed when the archive cannot be
// opened at all. restore runs with the archive closed: it is how a damaged archive is fixed.
import type { ErrorCode } from '../../../shared/errors';
import { APP_VERSION } from '../app-version';
import { backupArchive } from '../services/archive/backup';
import { restoreArchive } from '../services/archive/restore';
import { AccessLog } from '../services/archive/access-log';
import { archiveLayout } from '../services/archive/layout';
import { openDatabase } from '../db/open';
import { migrate } from '../db/migrate';
import { ArchiveKeys } from '../services/keys/archive-keys';
import { currentPassphrase, terminalPassphrase } from './passphrase';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { CLI_COMMAND } from './invocation';
import type { Output } from './output';

export async function backupCommand({ services, out, args, passphraseEnv }: CommandContext): Promise<number> {
  const dest = args[0];
  if (!dest || args.length > 1) throw new UsageError('backup needs one destination folder');
  // An encrypted archive authenticates its backups with its key; a plaintext one needs a passphrase.
  const passphrase = services.files.encrypted ? undefined : backupPassphrase(passphraseEnv);
  out.info(`Backing up ${services.layout.root}…`);
  const result = await backupArchive({ db: services.db, layout: services.layout, keys: services.files.keys, passphrase, dest, appVersion: APP_VERSION });
  services.accessLog.record({ action: 'backed_up', via: 'cli', detail: { documents: result.documents } });
  out.result(result, () =>
    [
      `Backed up ${result.documents} documents (${result.files} files, ${megabytes(result.bytes)}) to ${result.path}`,
      ...(result.skipped > 0 ? [`Left out ${result.skipped} documents whose file is missing or damaged; see manifest.json.`] : []),
      `Restore it with: ${CLI_COMMAND} restore "${result.path}"`,
    ].join('\n'),
  );
  return 0;
}

export interface OfflineContext {
  readonly archiveDir: string;
  readonly out: Output;
  readonly args: readonly string[];
  readonly passphraseEnv?: string;
  /** archive encrypt / rekey: --recovery-key-file. */
  readonly recoveryKeyFile?: string;
}

export async function restoreCommand({ archiveDir, out, args, passphraseEnv }: OfflineContext): Promise<number> {
  const from = args[0];
  if (!from || args.length > 1) throw new UsageError('restore needs one backup folder (abstractor-backup-…)');
  out.info(`Checking the backup ${from}…`);
  const result = await restoreArchive({
    archiveDir,
    backup: from,
    passphrase: passphraseEnv ? backupPassphrase(passphraseEnv) : undefined,
    // An encrypted backup opens with the passphrase or recovery key of the key store it carries.
    askPassphrase: () => currentPassphrase(`Passphrase (or recovery key) of the backup ${from}: `),
  });
  await recordRestore(result.archiveDir).catch((err: unknown) => out.info(`The restore is not in the access log: ${(err as Error).message}`));
  out.result(result, () =>
    [
      `Restored ${result.documents} documents from ${result.restoredFrom} into ${result.archiveDir}.`,
      result.previousArchive ? `The archive it replaced is kept at ${result.previousArchive}.` : 'There was no archive there before.',
      ...(result.pausedJobs + result.pausedFolders > 0
        ? [`Paused until you resume them: ${result.pausedJobs} waiting jobs and ${result.pausedFolders} watched folders (jobs resume --all, or the Batches screen).`]
        : []),
    ].join('\n'),
  );
  return 0;
}

/** The restored archive's access log gets the restore (its schema is brought up to date first). */
async function recordRestore(archiveDir: string): Promise<void> {
  const key = await new ArchiveKeys({ askPassphrase: terminalPassphrase(), encryptNew: false }).keyFor(archiveDir);
  const db = openDatabase(archiveLayout(archiveDir).database, { key });
  try {
    migrate(db);
    new AccessLog(db).record({ action: 'restored', via: 'cli' });
  } finally {
    db.close();
  }
}

/** The backup passphrase from the variable named by --passphrase-env (never from a flag: shell history). */
function backupPassphrase(envName: string | undefined): string {
  const value = envName ? process.env[envName] : undefined;
  if (!value) {
    throw new UsageError(
      envName
        ? `--passphrase-env ${envName}: the variable ${envName} is not set`
        : 'this archive is not encrypted: its backups are protected by a passphrase; put it in an environment variable and name it with --passphrase-env VAR',
    );
  }
  return value;
}

/** What to do when the archive cannot be opened, for the CLI and `npm run serve`. */
export function archiveAdvice(code: ErrorCode, archiveDir: string, command = CLI_COMMAND): string {
  const other = `use another archive folder with --archive DIR (or ABSTRACTOR_ARCHIVE=DIR)`;
  switch (code) {
    case 'archive_corrupt':
      return [
        `The archive folder is ${archiveDir}; nothing in it was changed. What to do:`,
        `  - restore a backup into it:  ${command} restore <abstractor-backup-folder> --archive "${archiveDir}"`,
        `  - or ${other}`,
        `  - or move the folder aside (keep it: the PDFs in its files/ are intact) to start a new empty archive there`,
      ].join('\n');
    case 'archive_from_future':
      return `The archive folder is ${archiveDir}; it was left unchanged. Update Abstractor to open it, or ${other}.`;
    case 'archive_locked':
      return `The archive in ${archiveDir} is encrypted. Set ABSTRACTOR_PASSPHRASE (or run on a terminal to be asked); its recovery key works in place of the passphrase.`;
    case 'wrong_passphrase':
      return `Nothing in ${archiveDir} was changed. Try again, or use the recovery key in place of the passphrase.`;
    case 'archive_in_use':
      return `Close the other Abstractor window or command using ${archiveDir}, then try again.`;
    case 'io_error':
      return `Check that ${archiveDir} exists and is writable, or ${other}.`;
    default:
      return '';
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
