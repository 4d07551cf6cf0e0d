// The `archive:*` calls (backup, restore, recovery, encryption). They act on the archive as a whole, so
// the host that holds the services (Electron main, the bridge) implements them; without one
// (tests over bare handlers) they answer `unsupported`.
import type { BackupResultData, RecoverAction, RestoreResultData, SecurityStatusData } from '../../../shared/archive-api';
import { AppError } from '../../../shared/errors';
import type { Handlers } from './dispatcher';
import type { PathAccess } from './path-access';

type ArchiveCall = Extract<keyof Handlers, `archive:${string}`>;

export interface ArchiveControl {
  /** `passphrase` authenticates the backup of a plaintext archive. */
  backup(dest: string | undefined, passphrase?: string): Promise<BackupResultData>;
  restore(backupPath: string | undefined, passphrase?: string): Promise<RestoreResultData>;
  recover(action: RecoverAction, path: string | undefined, passphrase?: string): Promise<{ archiveDir: string; movedTo: string | null }>;
  /** Encryption state for the unlock screen and the header. */
  security(): SecurityStatusData;
  /** Opens the locked archive (or makes the new encrypted one) with the passphrase or recovery key. */
  unlock(passphrase: string): Promise<{ archiveDir: string }>;
  recoveryKeySaved(): { forgotten: boolean };
  /** `archive encrypt` in the app: the open plaintext archive encrypted in place. */
  encrypt(passphrase: string | undefined): Promise<{ documents: number; files: number }>;
  changePassphrase(current: string, next: string): Promise<{ changed: true }>;
}

/** Without a folder in the request the host asks in its own dialog (desktop app only). */
export function createArchiveHandlers(control: ArchiveControl | undefined, paths: PathAccess): Pick<Handlers, ArchiveCall> {
  const host = () => {
    if (!control) throw new AppError('unsupported', 'Backup and restore are not available here.');
    return control;
  };
  const resolve = (ref: string | undefined) => (ref === undefined ? Promise.resolve(undefined) : paths.resolve(ref));
  return {
    'archive:backup': async ({ dest, passphrase }) => host().backup(await resolve(dest), passphrase),
    'archive:restore': async ({ path, passphrase }) => host().restore(await resolve(path), passphrase),
    'archive:recover': async ({ action, path, passphrase }) => host().recover(action, await resolve(path), passphrase),
    'archive:security': () => host().security(),
    'archive:unlock': ({ passphrase }) => host().unlock(passphrase),
    'archive:recoveryKeySaved': () => host().recoveryKeySaved(),
    'archive:encrypt': ({ passphrase }) => host().encrypt(passphrase),
    'archive:changePassphrase': ({ current, next }) => host().changePassphrase(current, next),
  };
}
