// `archive encrypt` and `archive rekey`: the archive re-made under a new key, crash-safe.
// The new archive is built beside the old one (.<name>.converting: the database copied with
// VACUUM INTO and re-keyed in place with PRAGMA rekey, every file re-encrypted under the new
// key, the new key store), then a journal (.<name>.convert.json) records that it is complete,
// and two renames swap it in; the old folder is overwritten with random bytes and removed.
// finishConversion, run before every open, completes a swap the journal announced or throws
// away a build without one: killed at any point, the next start finds the old archive intact
// or the new one complete. Plain Node: must not import electron.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../../shared/errors';
import { ARCHIVE_CIPHER, applyKey } from '../../db/open';
import { writeKeyStore, type KeyStore } from '../keys/keystore';
import { decryptStream, encryptStream } from './crypto/chunked-file';
import { deriveSubKeys, type SubKeys } from './crypto/keys';
import { storedFile } from './crypto/stored-file';
import { shredFile, shredTree } from './erase';
import { exists } from './backup-manifest';
import { archiveLayout } from './layout';
import { ensurePrivateDir } from './private-files';

/** Where a conversion may stop; the kill test stops the process at each (ABSTRACTOR_CONVERT_STOP). */
export const CONVERT_POINTS = ['database', 'files', 'built', 'moved-aside', 'swapped', 'shredding'] as const;
export type ConvertPoint = (typeof CONVERT_POINTS)[number];

export interface ConvertOptions {
  readonly archiveDir: string;
  /** The key the archive has now; null for a plaintext archive (`archive encrypt`). */
  readonly currentKey: Buffer | null;
  /** The new key and the key store that wraps it (keystore.newKeyStore). */
  readonly next: { readonly key: Buffer; readonly store: KeyStore };
  readonly nativeBinding?: string;
  /** Called at each point (in order); a test or the kill script may end the process there. */
  readonly checkpoint?: (point: ConvertPoint) => void | Promise<void>;
  readonly onProgress?: (filesDone: number, filesTotal: number) => void;
}

export interface ConvertResult {
  readonly archiveDir: string;
  readonly documents: number;
  readonly files: number;
  /** Documents whose file was missing or damaged: their rows are kept, their file is not. */
  readonly skipped: number;
}

interface Journal {
  readonly format: 'abstractor-convert';
  readonly staging: string;
  readonly aside: string;
}

function names(archiveDir: string) {
  const root = archiveLayout(archiveDir).root;
  const parent = path.dirname(root);
  const base = path.basename(root);
  return {
    root,
    parent,
    staging: path.join(parent, `.${base}.converting`),
    aside: path.join(parent, `.${base}.converted-old`),
    journal: path.join(parent, `.${base}.convert.json`),
  };
}

export async function convertArchive(options: ConvertOptions): Promise<ConvertResult> {
  const { currentKey, next, nativeBinding, checkpoint = () => undefined } = options;
  await finishConversion(options.archiveDir);
  const at = names(options.archiveDir);
  const layout = archiveLayout(at.root);
  const source = openExclusive(layout.database, currentKey, nativeBinding);
  let result: Omit<ConvertResult, 'archiveDir'>;
  try {
    await shredTree(at.staging); // a build a crash cut short
    ensurePrivateDir(at.staging);
    const target = archiveLayout(at.staging);
    source.prepare('VACUUM INTO ?').run(target.database);
    rekeyFile(target.database, currentKey, next.key, nativeBinding);
    await checkpoint('database');
    result = await reencryptFiles(source, layout.files, target.files, currentKey, next.key, options.onProgress, checkpoint);
    writeKeyStore(at.staging, next.store, { replace: true });
  } catch (err) {
    source.close();
    await shredTree(at.staging).catch(() => undefined);
    if (err instanceof AppError) throw err;
    throw new AppError('io_error', `Cannot build the converted archive beside ${at.root}: ${(err as Error).message}`);
  }
  // From here on the new archive is complete: the journal makes every later start finish the swap.
  const journal: Journal = { format: 'abstractor-convert', staging: at.staging, aside: at.aside };
  await writeDurably(at.journal, JSON.stringify(journal));
  source.close();
  await checkpoint('built');
  await swapIn(at, checkpoint);
  return { ...result, archiveDir: at.root };
}

/**
 * Completes or discards a conversion a crash interrupted. Without a journal a half-built
 * folder is thrown away (the old archive was never touched); with one the new archive is
 * complete, so the swap is finished and the old folder erased. Safe to call at every open.
 */
export async function finishConversion(archiveDir: string): Promise<void> {
  const at = names(archiveDir);
  const journal = await fs.readFile(at.journal, 'utf8').catch(() => null);
  if (journal === null) {
    await shredTree(at.staging);
    return;
  }
  await swapIn(at, () => undefined);
}

async function swapIn(at: ReturnType<typeof names>, checkpoint: (point: ConvertPoint) => void | Promise<void>): Promise<void> {
  if (await exists(at.staging)) {
    if ((await exists(at.root)) && !(await exists(at.aside))) await fs.rename(at.root, at.aside);
    await checkpoint('moved-aside');
    if (await exists(at.root)) throw new AppError('io_error', `Cannot finish converting ${at.root}: both the old and the new archive are there.`);
    await fs.rename(at.staging, at.root);
    await syncDir(at.parent);
  }
  await checkpoint('swapped');
  // Models are not part of the conversion: they move over as they are.
  const models = path.join(at.aside, 'models');
  if ((await exists(models)) && !(await exists(path.join(at.root, 'models')))) await fs.rename(models, path.join(at.root, 'models'));
  // The old database first (the most to hide), then the rest.
  await shredFile(path.join(at.aside, 'archive.sqlite'));
  await checkpoint('shredding');
  await shredTree(at.aside);
  await fs.rm(at.journal, { force: true });
  await syncDir(at.parent);
}

/** The archive's database, opened so that no other process can use it until it is closed. */
function openExclusive(file: string, key: Buffer | null, nativeBinding: string | undefined): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0, nativeBinding });
    if (key) applyKey(db, key);
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return db;
  } catch (err) {
    db?.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new AppError('archive_in_use', `The archive ${path.dirname(file)} is open in another Abstractor window or command. Close it, then try again.`);
    }
    if (code === 'SQLITE_CANTOPEN') throw new AppError('not_found', `There is no archive in ${path.dirname(file)}.`);
    throw new AppError('archive_corrupt', `The archive database ${file} cannot be read (${(err as Error).message}).`);
  }
}

/**
 * PRAGMA rekey rewrites every page of the copy under the new key in place. The journal stays
 * in memory, so no page of the copy is ever written to a journal file in the clear.
 */
export function rekeyFile(file: string, currentKey: Buffer | null, nextKey: Buffer, nativeBinding: string | undefined): void {
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    if (currentKey) applyKey(db, currentKey);
    else {
      db.pragma(`cipher = '${ARCHIVE_CIPHER}'`);
      db.pragma('legacy = 4');
    }
    db.pragma('journal_mode = MEMORY');
    db.pragma(`rekey = "x'${nextKey.toString('hex')}'"`);
  } finally {
    db.close();
  }
}

async function reencryptFiles(
  source: Database.Database,
  fromDir: string,
  toDir: string,
  currentKey: Buffer | null,
  nextKey: Buffer,
  onProgress: ConvertOptions['onProgress'],
  checkpoint: (point: ConvertPoint) => void | Promise<void>,
): Promise<Omit<ConvertResult, 'archiveDir'>> {
  const oldKeys: SubKeys | null = currentKey ? deriveSubKeys(currentKey) : null;
  const newKeys = deriveSubKeys(nextKey);
  const shas = source.prepare<[], { sha256: string }>('SELECT sha256 FROM documents ORDER BY id').all().map((r) => r.sha256);
  let files = 0;
  let skipped = 0;
  for (const [i, sha] of shas.entries()) {
    const from = storedFile(fromDir, sha, oldKeys);
    const to = storedFile(toDir, sha, newKeys);
    await fs.mkdir(path.dirname(to.path), { recursive: true });
    try {
      const decrypt = from.key ? [decryptStream(from.key)] : [];
      await pipeline([createReadStream(from.path), ...decrypt, encryptStream(newKeys.fileContent), createWriteStream(to.path, { flags: 'wx' })]);
      files += 1;
    } catch {
      // Missing or damaged already: the new archive has no file for it either (as before).
      await fs.rm(to.path, { force: true });
      skipped += 1;
    }
    onProgress?.(i + 1, shas.length);
    if (i + 1 === Math.ceil(shas.length / 2)) await checkpoint('files');
  }
  return { documents: shas.length, files, skipped };
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDir(path.dirname(file));
}

/** Makes renames and new names in `dir` durable (no-op where directories cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
