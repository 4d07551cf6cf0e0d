// `archive status` and `archive change-passphrase`, and the notice that shows a new archive's
// recovery key. They run with the archive closed: only the key store is read or re-wrapped.
import fs from 'node:fs';
import { AppError } from '../../../shared/errors';
import { archiveLayout } from '../services/archive/layout';
import { convertArchive, type ConvertPoint, type ConvertResult } from '../services/archive/convert';
import { archiveKeyStatus, folderKeyState } from '../services/keys/archive-keys';
import { changePassphrase, KEYSTORE_FILE, newKeyStore, unlockKeyStore } from '../services/keys/keystore';
import { parseRecoveryKey } from '../services/keys/recovery-key';
import type { OfflineContext } from './archive-command';
import { UsageError } from './commands';
import { currentPassphrase, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV } from './passphrase';
import { newPassphrase } from './passphrase';

type Subcommand = (ctx: OfflineContext) => Promise<number>;

/** `archive <sub>`: what each subcommand does. */
export const ARCHIVE_SUBCOMMANDS: Record<string, Subcommand> = {
  status: statusCommand,
  'change-passphrase': changePassphraseCommand,
  encrypt: encryptCommand,
  rekey: rekeyCommand,
};

export async function archiveCommand(ctx: OfflineContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  const run = sub ? ARCHIVE_SUBCOMMANDS[sub] : undefined;
  if (!run) throw new UsageError(`archive needs one of: ${Object.keys(ARCHIVE_SUBCOMMANDS).join(', ')}`);
  return run({ ...ctx, args: rest });
}

async function statusCommand({ archiveDir, out, args }: OfflineContext): Promise<number> {
  if (args.length > 0) throw new UsageError('archive status takes no arguments');
  const layout = archiveLayout(archiveDir);
  const status = { archiveDir: layout.root, exists: fs.existsSync(layout.database), ...archiveKeyStatus(layout.root) };
  out.result(status, () => {
    if (!status.exists && !status.encrypted) return `No archive in ${status.archiveDir} yet; a new one is encrypted unless made with --no-encryption.`;
    if (!status.encrypted) return `${status.archiveDir}: NOT ENCRYPTED. Anyone who can read this folder can read its documents.`;
    const sources = status.keySources.map((s) => (s === 'keychain' ? `the OS keychain (${status.keychainBackend})` : 'a passphrase')).join(' or ');
    return [
      `${status.archiveDir}: encrypted with ${status.cipher}.`,
      `The key opens with ${sources || 'the recovery key only'}${status.recoveryKey && status.keySources.length ? ', or the recovery key' : ''}; it is kept wrapped in ${KEYSTORE_FILE}.`,
      ...(status.kdf ? [`Passphrase key derivation: scrypt N=${status.kdf.N}, r=${status.kdf.r}, p=${status.kdf.p}.`] : []),
    ].join('\n');
  });
  return 0;
}

async function changePassphraseCommand({ archiveDir, out, args }: OfflineContext): Promise<number> {
  if (args.length > 0) throw new UsageError('archive change-passphrase takes no arguments');
  const root = archiveLayout(archiveDir).root;
  const current = await currentPassphrase(`Current passphrase (or recovery key) for ${root}: `);
  if (!current) throw new AppError('archive_locked', `Give the current passphrase or the recovery key: set ${PASSPHRASE_ENV} or run this on a terminal.`);
  const next = await newPassphrase('New passphrase: ', NEW_PASSPHRASE_ENV);
  if (!next) throw new AppError('invalid_request', `Give the new passphrase: set ${NEW_PASSPHRASE_ENV} or run this on a terminal.`);
  await changePassphrase(root, { passphrase: current }, next);
  out.result({ archiveDir: root, changed: true }, () => `The passphrase of ${root} is changed. The recovery key is still the same; the database and files were not touched.`);
  return 0;
}

/** Shown once, when a command made a new encrypted archive. */
export function recoveryKeyNotice(recoveryKey: string, archiveDir: string, savedTo: string | null): string {
  return [
    `Made a new encrypted archive in ${archiveDir}.`,
    `Its recovery key (shown only now; keep it somewhere safe, apart from this computer):`,
    ``,
    `    ${recoveryKey}`,
    ``,
    savedTo ? `It was also written to ${savedTo}.` : `Without it, a forgotten passphrase means the archive cannot be opened by anyone.`,
  ].join('\n');
}

/** --recovery-key-file: writes the recovery key owner-only, never over an existing file. */
export function saveRecoveryKey(file: string, recoveryKey: string, archiveDir: string): void {
  try {
    fs.writeFileSync(file, `Abstractor recovery key for ${archiveDir}\n${recoveryKey}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    throw new AppError('io_error', `Cannot write the recovery key to ${file}: ${(err as Error).message}`);
  }
}

/** The environment variable that stops `archive encrypt` / `rekey` with SIGKILL at a named point (the kill test). */
export const CONVERT_STOP_ENV = 'ABSTRACTOR_CONVERT_STOP';

function stopAt(point: ConvertPoint): void {
  if (process.env[CONVERT_STOP_ENV] === point) process.kill(process.pid, 'SIGKILL');
}

async function encryptCommand({ archiveDir, out, args, recoveryKeyFile }: OfflineContext): Promise<number> {
  if (args.length > 0) throw new UsageError('archive encrypt takes no arguments');
  const root = archiveLayout(archiveDir).root;
  const state = folderKeyState(root);
  if (state.kind === 'encrypted') throw new AppError('invalid_request', `${root} is already encrypted (archive rekey gives it a new key).`);
  if (state.kind === 'new') throw new AppError('not_found', `There is no archive in ${root} to encrypt.`);
  const passphrase = await newPassphrase(`Passphrase for the encrypted archive ${root}: `, PASSPHRASE_ENV);
  if (!passphrase) throw new AppError('invalid_request', `Give the new archive passphrase: set ${PASSPHRASE_ENV} or run this on a terminal.`);
  const next = await newKeyStore({ passphrase });
  out.info(`Encrypting ${root}: the database, then every file…`);
  const result = await convertArchive({ archiveDir: root, currentKey: null, next, checkpoint: stopAt });
  return converted(out, result, next.recoveryKey, recoveryKeyFile, 'encrypted');
}

async function rekeyCommand({ archiveDir, out, args, recoveryKeyFile }: OfflineContext): Promise<number> {
  if (args.length > 0) throw new UsageError('archive rekey takes no arguments');
  const root = archiveLayout(archiveDir).root;
  const state = folderKeyState(root);
  if (state.kind !== 'encrypted') throw new AppError('invalid_request', `${root} is not encrypted: archive encrypt gives it a key.`);
  const current = await currentPassphrase(`Current passphrase (or recovery key) for ${root}: `);
  if (!current) throw new AppError('archive_locked', `Give the current passphrase or the recovery key: set ${PASSPHRASE_ENV} or run this on a terminal.`);
  const currentKey = await unlockKeyStore(state.store, { passphrase: current });
  // The passphrase may stay; a recovery key typed to unlock never becomes the passphrase.
  const typedRecovery = parseRecoveryKey(current) !== null;
  const passphrase = process.env[NEW_PASSPHRASE_ENV] || (typedRecovery ? await newPassphrase('New passphrase: ', NEW_PASSPHRASE_ENV) : current);
  if (!passphrase) throw new AppError('invalid_request', `Give the new passphrase: set ${NEW_PASSPHRASE_ENV} or run this on a terminal.`);
  const next = await newKeyStore({ passphrase });
  out.info(`Re-keying ${root}: the database, then every file…`);
  const result = await convertArchive({ archiveDir: root, currentKey, next, checkpoint: stopAt });
  return converted(out, result, next.recoveryKey, recoveryKeyFile, 're-keyed');
}

function converted(out: OfflineContext['out'], result: ConvertResult, recoveryKey: string, savedTo: string | undefined, done: string): number {
  if (savedTo) saveRecoveryKey(savedTo, recoveryKey, result.archiveDir);
  out.info(
    [
      `${result.archiveDir} is ${done}: ${result.documents} documents, ${result.files} files${result.skipped ? ` (${result.skipped} files were already missing or damaged)` : ''}.`,
      `The old copy was overwritten and removed. Its new recovery key (shown only now; any earlier one no longer works):`,
      ``,
      `    ${recoveryKey}`,
      ``,
      savedTo ? `It was also written to ${savedTo}.` : `Keep it somewhere safe, apart from this computer.`,
    ].join('\n'),
  );
  out.result({ ...result, recoveryKeySaved: savedTo ?? null }, () => '');
  return 0;
}
