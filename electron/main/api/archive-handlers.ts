// The `archive:*` calls (backup, restore, recovery, encryption). They act on the archive as a whole, so
// the host that holds the services (Electron main, the bridge) implements them; without one
// (tests over bare handlers) they answer `unsupported`.
import type { BackupResultData, RecoverAction, RestoreResultData, SecurityStatusData } from '../../../shared/archive-api';
import { AppError } from '../../../shared/errors';
import type { Handlers } from './dispatcher';

type ArchiveCall = Extract<keyof Handlers, `archive:${string}`>;

export interface ArchiveControl {
  backup(dest: string | undefined): Promise<BackupResultData>;
  restore(backupPath: string | undefined): Promise<RestoreResultData>;
  recover(action: RecoverAction, path: string | undefined): Promise<{ archiveDir: string; movedTo: string | null }>;
  /** Encryption state for the unlock screen and the header. */
  security(): SecurityStatusData;
  /** Opens the locked archive (or makes the new encrypted one) with the passphrase or recovery key. */
  unlock(passphrase: string): Promise<{ archiveDir: string }>;
  recoveryKeySaved(): { forgotten: boolean };
}

export function createArchiveHandlers(control: ArchiveControl | undefined): Pick<Handlers, ArchiveCall> {
  const host = () => {
    if (!control) throw new AppError('unsupported', 'Backup and restore are not available here.');
    return control;
  };
  return {
    'archive:backup': ({ dest }) => host().backup(dest),
    'archive:restore': ({ path }) => host().restore(path),
    'archive:recover': ({ action, path }) => host().recover(action, path),
    'archive:security': () => host().security(),
    'archive:unlock': ({ passphrase }) => host().unlock(passphrase),
    'archive:recoveryKeySaved': () => host().recoveryKeySaved(),
  };
}
