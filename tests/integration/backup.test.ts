// Backup and restore through the archive host, as the app and the bridge run them: the calls
// go through the contract's dispatcher, the services are real (SQLite, pdf.js workers), and
// the archive is closed, swapped and reopened underneath. Also the recovery calls a damaged
// archive offers, and every way a backup is refused without touching the archive.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResultData, RestoreResultData } from '../../shared/archive-api';
import type { ImportOutcome } from '../../shared/domain';
import type { Envelope } from '../../shared/errors';
import { ArchiveHost } from '../../electron/main/api/archive-host';
import type { Dispatch } from '../../electron/main/api/dispatcher';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { backupArchive } from '../../electron/main/services/archive/backup';
import { sha256File } from '../../electron/main/services/archive/backup-manifest';
import { restoreArchive, validateBackup } from '../../electron/main/services/archive/restore';
import { openServices } from '../../electron/main/services/compose';
import { createKeyStore } from '../../electron/main/services/keys/keystore';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, removeDir, tempDir } from '../helpers/temp-archive';

const LATEST = MIGRATIONS.length;
/** Authenticates the backups of these plaintext archives. */
const PASS = 'okapi pangolin quokka';

let root: string;
beforeAll(() => {
  root = tempDir('abstractor-backup-');
});
afterAll(() => {
  if (root) removeDir(root);
});

let counter = 0;
function folder(name: string): string {
  return path.join(root, `${name}-${++counter}`);
}

function startHost(archiveDir: string): Promise<ArchiveHost> {
  return ArchiveHost.start({
    archiveDir,
    open: (dir, events) => openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, events }),
    version: '1.2.3-test',
    dispatcher: { checkResponses: true },
    // The tests name folders as paths, as over the bridge with --allow-dir <root>.
    allowDirs: [root],
  });
}

async function ok<T>(dispatch: Dispatch, name: string, payload: unknown): Promise<T> {
  const envelope = (await dispatch(name, payload)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}

async function importPdf(dispatch: Dispatch, name: string, data: Uint8Array): Promise<number> {
  const { outcomes } = await ok<{ outcomes: ImportOutcome[] }>(dispatch, 'documents:import', { files: [{ key: name, name, data }] });
  const outcome = outcomes[0]!;
  if (outcome.kind !== 'imported') throw new Error(`import of ${name}: ${JSON.stringify(outcome)}`);
  return outcome.document.id;
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** Rewrites a backup's database and manifest, keeping the checksum right, as a newer app would. */
function editBackup(dir: string, sql: string, manifestPatch: Record<string, unknown>): void {
  const dbFile = path.join(dir, 'archive.sqlite');
  const db = new Database(dbFile);
  db.exec(sql);
  db.close();
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  const database = manifest.database as Record<string, unknown>;
  const data = fs.readFileSync(dbFile);
  Object.assign(database, { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, ...manifestPatch }));
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('backup, delete, restore', () => {
  let host: ArchiveHost;
  let dispatch: Dispatch;
  let archiveDir: string;
  let backup: BackupResultData;
  const ids: number[] = [];

  beforeAll(async () => {
    archiveDir = folder('archive');
    host = await startHost(archiveDir);
    dispatch = host.dispatch('bridge');
    ids.push(await importPdf(dispatch, 'lease.pdf', textPdf({ pages: [['The okapi lease runs ten years.'], ['Rent is due monthly.']] })));
    ids.push(await importPdf(dispatch, 'note.pdf', textPdf({ pages: [['Patient reports a pangolin allergy.']] })));
    await ok(dispatch, 'documents:update', { id: ids[0], title: 'Okapi Lease' });
  });

  afterAll(async () => {
    await host?.dispose();
  });

  it('writes a complete backup folder: database, files, manifest', async () => {
    const dest = folder('backups');
    backup = await ok<BackupResultData>(dispatch, 'archive:backup', { dest, passphrase: PASS });
    expect(path.dirname(backup.path)).toBe(dest);
    expect(path.basename(backup.path)).toMatch(/^abstractor-backup-\d{4}-\d\d-\d\dT\d{6}Z$/);
    expect(backup).toMatchObject({ documents: 2, files: 2, skipped: 0 });
    const files = listing(backup.path);
    expect(files).toContain('archive.sqlite');
    expect(files).toContain('manifest.json');
    expect(files.filter((f) => f.startsWith('files/'))).toHaveLength(2);
    expect(files.some((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toBe(false);
    expect(fs.readdirSync(dest)).toEqual([path.basename(backup.path)]); // no .partial left behind

    const manifest = JSON.parse(fs.readFileSync(path.join(backup.path, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'abstractor-backup', formatVersion: 2, encrypted: false, schemaVersion: LATEST, documents: 2, files: 2, appVersion: '1.2.3-test' });
    expect(manifest.database.sha256).toBe(await sha256File(path.join(backup.path, 'archive.sqlite')));
    const sizes = files.map((f) => fs.statSync(path.join(backup.path, f)).size);
    expect(backup.bytes).toBe(sizes.reduce((a, b) => a + b, 0) - fs.statSync(path.join(backup.path, 'manifest.json')).size);
    expect(manifest.auth).toMatchObject({ method: 'passphrase' });
    expect(manifest.mac).toMatch(/^[0-9a-f]{64}$/);
    await expect(validateBackup(backup.path, { passphrase: PASS })).resolves.toMatchObject({ dir: backup.path });
  });

  it('brings a deleted document back, with its pages, search index and file; keeps the old archive', async () => {
    await ok(dispatch, 'documents:delete', { id: ids[0] });
    expect((await dispatch('documents:get', { id: ids[0] })).ok).toBe(false);
    const afterDelete = await importPdf(dispatch, 'later.pdf', textPdf({ pages: [['Imported after the backup: a narwhal.']] }));

    const restored = await ok<RestoreResultData>(dispatch, 'archive:restore', { path: backup.path, passphrase: PASS });
    expect(restored).toMatchObject({ archiveDir: path.resolve(archiveDir), restoredFrom: backup.path, documents: 2, files: 2 });
    expect(restored.previousArchive).toMatch(/\.before-restore-\d{4}-\d\d-\d\dT\d{6}Z$/);

    const { document, pages } = await ok<{ document: { title: string; status: string }; pages: unknown[] }>(dispatch, 'documents:get', { id: ids[0] });
    expect(document).toMatchObject({ title: 'Okapi Lease', status: 'ready' });
    expect(pages).toHaveLength(2);
    const { hits } = await ok<{ hits: Array<{ documentId: number; page: number }> }>(dispatch, 'search:query', { query: 'okapi' });
    expect(hits.map((h) => h.documentId)).toEqual([ids[0]]);
    const pdf = await ok<{ data: Uint8Array }>(dispatch, 'documents:pdf', { id: ids[0] });
    expect(Buffer.from(pdf.data).subarray(0, 5).toString()).toBe('%PDF-');
    // What came after the backup is gone from the archive but kept in the old folder.
    expect((await dispatch('documents:get', { id: afterDelete })).ok).toBe(false);
    const old = new Database(path.join(restored.previousArchive!, 'archive.sqlite'), { readonly: true });
    expect(old.prepare('SELECT file_name FROM documents ORDER BY id').all()).toEqual([{ file_name: 'note.pdf' }, { file_name: 'later.pdf' }]);
    old.close();

    expect(checkIntegrity(host.services!.db)).toEqual(HEALTHY);
    const info = await ok<{ archiveDir: string; documentCount: number }>(dispatch, 'app:info', {});
    expect(info).toMatchObject({ archiveDir: path.resolve(archiveDir), documentCount: 2 });
    // The restored archive takes new work as usual.
    await importPdf(dispatch, 'after-restore.pdf', textPdf({ pages: [['After the restore: a quokka.']] }));
  });

  it('keeps the event bus across the swap, so subscribers still hear imports', async () => {
    const heard: string[] = [];
    const stop = host.events.subscribe((name) => heard.push(name));
    await ok(dispatch, 'archive:restore', { path: backup.path, passphrase: PASS });
    await importPdf(dispatch, 'heard.pdf', textPdf({ pages: [['Heard after a second restore.']] }));
    stop();
    expect(heard).toContain('import:progress');
  });
});

describe('a backup taken while the archive is being written', () => {
  it('is a consistent snapshot: integrity, FTS and files all agree, and it restores', async () => {
    const archive = await openTempArchive();
    try {
      const { services } = archive;
      // Big enough that the online backup takes many steps and the writes land in between.
      const [big] = await services.importer.importMany([{ key: 'big', name: 'big.pdf', data: largePdf(600, { linesPerPage: 40 }) }]);
      expect(big!.kind).toBe('imported');
      const before = services.archive.countDocuments();
      let progressDuringBackup = 0;
      let backingUp = true;
      const stop = services.events.subscribe((name) => {
        if (backingUp && name === 'import:progress') progressDuringBackup++;
      });
      const writes = services.importer.importMany(
        Array.from({ length: 6 }, (_, i) => ({
          key: `w${i}`,
          name: `written-${i}.pdf`,
          data: largePdf(40 + i, { linesPerPage: 10 }),
        })),
      );
      const result = await backupArchive({ db: services.db, layout: services.layout, keys: null, passphrase: PASS, dest: folder('concurrent'), appVersion: 'test' });
      backingUp = false;
      stop();
      await writes;
      expect(progressDuringBackup).toBeGreaterThan(0);
      expect(result.documents).toBeGreaterThanOrEqual(before);
      expect(result.documents).toBeLessThanOrEqual(before + 6);

      const valid = await validateBackup(result.path, { passphrase: PASS });
      expect(valid.fileShas).toHaveLength(result.documents);
      const target = folder('restored-concurrent');
      await restoreArchive({ archiveDir: target, backup: result.path, passphrase: PASS });
      const restored = await openTempArchive({ dir: target });
      try {
        expect(checkIntegrity(restored.services.db)).toEqual(HEALTHY);
        for (const doc of restored.services.archive.listDocuments().items) {
          expect(fs.existsSync(restored.services.files.pathFor(doc.sha256)), doc.fileName).toBe(true);
          if (doc.status === 'ready') expect(restored.services.archive.listPages(doc.id)).toHaveLength(doc.pageCount);
        }
      } finally {
        await restored.dispose();
      }
    } finally {
      await archive.dispose();
    }
  });
});

describe('backups that are refused', () => {
  let good: string;
  let archiveDir: string;

  beforeAll(async () => {
    archiveDir = folder('refusing');
    const archive = await openTempArchive({ dir: archiveDir, keep: true });
    await archive.services.importer.importMany([{ key: 'a', name: 'a.pdf', data: textPdf({ pages: [['Refusal fixture text.']] }) }]);
    good = (await backupArchive({ db: archive.services.db, layout: archive.services.layout, keys: null, passphrase: PASS, dest: folder('good'), appVersion: 'test' })).path;
    await archive.dispose();
  });

  async function expectRefused(backupPath: string, code: string, message: RegExp) {
    const before = fs.readFileSync(path.join(archiveDir, 'archive.sqlite'));
    const err = await restoreArchive({ archiveDir, backup: backupPath, passphrase: PASS }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err).toMatchObject({ code });
    expect(err!.message).toMatch(message);
    // The archive is untouched and nothing was left beside it.
    expect(fs.readFileSync(path.join(archiveDir, 'archive.sqlite')).equals(before)).toBe(true);
    const base = path.basename(archiveDir);
    expect(fs.readdirSync(path.dirname(archiveDir)).filter((n) => n !== base && n.includes(base))).toEqual([]);
  }

  it('refuses a backup from a newer schema version with archive_from_future', async () => {
    const future = folder('future');
    copyDir(good, future);
    editBackup(future, `CREATE TABLE from_the_future (x); PRAGMA user_version = ${LATEST + 1};`, { schemaVersion: LATEST + 1 });
    await expectRefused(future, 'archive_from_future', new RegExp(`newer version of Abstractor \\(schema ${LATEST + 1}; this version knows ${LATEST}\\)`));
  });

  it('refuses a database changed after the backup (checksum), a missing or damaged file, a bad manifest', async () => {
    const tampered = folder('tampered');
    copyDir(good, tampered);
    fs.appendFileSync(path.join(tampered, 'archive.sqlite'), Buffer.alloc(10));
    await expectRefused(tampered, 'backup_invalid', /does not match the checksum/);

    const missing = folder('missing');
    copyDir(good, missing);
    fs.rmSync(path.join(missing, 'files'), { recursive: true });
    await expectRefused(missing, 'backup_invalid', /is missing/);

    const damaged = folder('damaged');
    copyDir(good, damaged);
    const pdf = listing(damaged).find((f) => f.startsWith('files/'))!;
    fs.appendFileSync(path.join(damaged, pdf), 'x');
    await expectRefused(damaged, 'backup_invalid', /is damaged or was changed/);

    const foreign = folder('foreign');
    copyDir(good, foreign);
    fs.writeFileSync(path.join(foreign, 'manifest.json'), JSON.stringify({ hello: 'world' }));
    await expectRefused(foreign, 'backup_invalid', /not an Abstractor backup manifest/);
  });

  it('refuses a forged backup: a queued import and a watched folder planted, the SHA-256 recomputed', async () => {
    const planted = folder('planted');
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'never-chosen.pdf'), textPdf({ pages: [['The user never chose this file.']] }));
    const forged = folder('forged');
    copyDir(good, forged);
    const payload = JSON.stringify({ path: path.join(planted, 'never-chosen.pdf'), name: 'never-chosen.pdf' });
    editBackup(
      forged,
      `INSERT INTO jobs (kind, state, payload, created_at) VALUES ('import', 'queued', '${payload}', '2025-01-01T00:00:00Z');
       INSERT INTO watched_folders (folder, created_at) VALUES ('${planted}', '2025-01-01T00:00:00Z');`,
      {},
    );
    await expectRefused(forged, 'backup_invalid', /changed after it was made \(its manifest fails authentication\)/);
  });

  it('refuses an edited manifest, a wrong or missing passphrase, and an old backup that carries no authentication', async () => {
    const edited = folder('edited');
    copyDir(good, edited);
    const manifestFile = path.join(edited, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, documents: 7 }));
    await expectRefused(edited, 'backup_invalid', /fails authentication/);

    await expect(restoreArchive({ archiveDir, backup: good, passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await expect(restoreArchive({ archiveDir, backup: good })).rejects.toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/protected by a passphrase/) });

    const old = folder('old-format');
    copyDir(good, old);
    const { auth: _auth, mac: _mac, encrypted: _encrypted, ...v1 } = manifest;
    fs.writeFileSync(path.join(old, 'manifest.json'), JSON.stringify({ ...v1, formatVersion: 1 }));
    await expectRefused(old, 'backup_invalid', /carry no authentication/);
  });

  it('refuses a backup of a plaintext archive without a passphrase', async () => {
    const archive = await openTempArchive({ dir: archiveDir, keep: true });
    try {
      await expect(backupArchive({ db: archive.services.db, layout: archive.services.layout, keys: null, dest: folder('no-pass'), appVersion: 'test' })).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringMatching(/needs a passphrase/),
      });
    } finally {
      await archive.dispose();
    }
  });

  it('names the newest backup when given the folder that holds them', async () => {
    await expectRefused(path.dirname(good), 'backup_invalid', new RegExp(`the newest is ${good.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('refuses while the archive is open elsewhere (archive_in_use)', async () => {
    const open = await openTempArchive({ dir: archiveDir, keep: true });
    try {
      await expectRefused(good, 'archive_in_use', /is open in another Abstractor/);
    } finally {
      await open.dispose();
    }
  });

  it('refuses a backup inside the archive it backs up', async () => {
    const archive = await openTempArchive({ dir: archiveDir, keep: true });
    try {
      await expect(backupArchive({ db: archive.services.db, layout: archive.services.layout, keys: null, passphrase: PASS, dest: path.join(archiveDir, 'inside'), appVersion: 'test' })).rejects.toMatchObject({
        code: 'invalid_request',
      });
    } finally {
      await archive.dispose();
    }
  });
});

describe('recovering from an archive that cannot be opened', () => {
  function damagedArchive(): string {
    const dir = folder('damaged-archive');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'archive.sqlite'), Buffer.alloc(8192, 0x5a));
    return dir;
  }

  it('stays up: every call fails with archive_corrupt and the folder, except the ways out', async () => {
    const dir = damagedArchive();
    const host = await startHost(dir);
    try {
      expect(host.services).toBeNull();
      const dispatch = host.dispatch('ipc');
      const info = await dispatch('app:info', {});
      expect(info).toMatchObject({ ok: false, error: { code: 'archive_corrupt' } });
      expect(!info.ok && info.error.message).toContain(path.join(dir, 'archive.sqlite'));
      expect(await dispatch('documents:list', {})).toMatchObject({ ok: false, error: { code: 'archive_corrupt' } });
      // No folder dialog outside the desktop app: a path is required.
      expect(await dispatch('archive:recover', { action: 'chooseFolder' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await dispatch('archive:recover', { action: 'quit' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    } finally {
      await host.dispose();
    }
  });

  it('restores a backup over the damaged archive, keeping the damaged one', async () => {
    const source = await openTempArchive();
    await source.services.importer.importMany([{ key: 's', name: 'saved.pdf', data: textPdf({ pages: [['Saved by the backup: an axolotl.']] }) }]);
    const saved = await backupArchive({ db: source.services.db, layout: source.services.layout, keys: null, passphrase: PASS, dest: folder('rescue'), appVersion: 'test' });
    await source.dispose();

    const dir = damagedArchive();
    const host = await startHost(dir);
    try {
      const dispatch = host.dispatch('bridge');
      const result = await ok<{ archiveDir: string; movedTo: string }>(dispatch, 'archive:recover', { action: 'restore', path: saved.path, passphrase: PASS });
      expect(result.archiveDir).toBe(path.resolve(dir));
      expect(fs.readFileSync(path.join(result.movedTo, 'archive.sqlite')).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
      expect(await ok(dispatch, 'app:info', {})).toMatchObject({ documentCount: 1 });
      expect(checkIntegrity(host.services!.db)).toEqual(HEALTHY);
    } finally {
      await host.dispose();
    }
  });

  it('starts a new empty archive, moving the damaged one aside; or opens another folder', async () => {
    const dir = damagedArchive();
    const host = await startHost(dir);
    try {
      const dispatch = host.dispatch('bridge');
      const fresh = await ok<{ archiveDir: string; movedTo: string }>(dispatch, 'archive:recover', { action: 'startNew' });
      expect(fresh.movedTo).toMatch(/\.damaged-\d{4}-\d\d-\d\dT\d{6}Z$/);
      expect(fs.readFileSync(path.join(fresh.movedTo, 'archive.sqlite')).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
      expect(await ok(dispatch, 'app:info', {})).toMatchObject({ archiveDir: path.resolve(dir), documentCount: 0 });
      // Healthy now: there is nothing to start over from.
      expect(await dispatch('archive:recover', { action: 'startNew' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

      const other = folder('other-archive');
      expect(await ok(dispatch, 'archive:recover', { action: 'chooseFolder', path: other })).toEqual({ archiveDir: path.resolve(other), movedTo: null });
      expect(await ok(dispatch, 'app:info', {})).toMatchObject({ archiveDir: path.resolve(other) });
      // A folder that cannot be opened changes nothing.
      const bad = damagedArchive();
      expect(await dispatch('archive:recover', { action: 'chooseFolder', path: bad })).toMatchObject({ ok: false, error: { code: 'archive_corrupt' } });
      expect(await ok(dispatch, 'app:info', {})).toMatchObject({ archiveDir: path.resolve(other) });
    } finally {
      await host.dispose();
    }
  });
});

describe('after a restore nothing starts by itself', () => {
  it('waiting jobs come back paused and watched folders held; nothing is imported until the user resumes', async () => {
    const source = await openTempArchive();
    const inbox = folder('inbox');
    const watched = folder('watched');
    fs.mkdirSync(inbox, { recursive: true });
    fs.mkdirSync(watched, { recursive: true });
    fs.writeFileSync(path.join(inbox, 'waiting.pdf'), textPdf({ pages: [['Waiting in the queue when the backup was made.']] }));
    fs.writeFileSync(path.join(watched, 'arrived.pdf'), textPdf({ pages: [['Arrived in a watched folder.']] }));
    // Queued, never run: this archive's queue is not started.
    await source.services.jobs.startBatch({ paths: [path.join(inbox, 'waiting.pdf')], options: { template: null, summarize: false, modelPath: null } });
    source.services.jobs.watch({ folder: watched, template: null, summarize: false, modelPath: null });
    const saved = await backupArchive({ db: source.services.db, layout: source.services.layout, keys: null, passphrase: PASS, dest: folder('held'), appVersion: 'test' });
    await source.dispose();

    const host = await ArchiveHost.start({
      archiveDir: folder('restored-held'),
      // As the app does: the queue and the watcher start with the archive.
      open: async (dir, events) => {
        const services = await openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, events });
        services.jobs.start();
        return services;
      },
      version: 'test',
      dispatcher: { checkResponses: true },
      allowDirs: [root],
    });
    try {
      const dispatch = host.dispatch('bridge');
      const restored = await ok<RestoreResultData>(dispatch, 'archive:restore', { path: saved.path, passphrase: PASS });
      expect(restored).toMatchObject({ documents: 0, pausedJobs: 1, pausedFolders: 1 });
      // Paused jobs are not active: were the import queued, idle() would wait for it.
      await host.services!.jobs.idle();
      expect(await ok(dispatch, 'app:info', {})).toMatchObject({ documentCount: 0 });
      const { jobs } = await ok<{ jobs: Array<{ id: number; kind: string; state: string }> }>(dispatch, 'jobs:list', {});
      expect(jobs.map((j) => [j.kind, j.state])).toEqual([['import', 'paused']]);
      expect(await ok(dispatch, 'watch:list', {})).toEqual({ folders: [{ folder: watched, template: null, summarize: false, modelPath: null, paused: true }] });
      expect(await ok(dispatch, 'jobs:restoreHold', {})).toEqual({
        hold: { restoredFrom: saved.path, restoredAt: expect.any(String), jobIds: [jobs[0]!.id], folders: [watched] },
      });

      // The user looked and resumes: now the work runs.
      expect(await ok(dispatch, 'jobs:releaseRestoreHold', {})).toEqual({ jobs: 1, folders: 1 });
      await host.services!.jobs.idle();
      const { items } = host.services!.archive.listDocuments();
      expect(items.map((d) => d.fileName)).toContain('waiting.pdf');
      expect(await ok(dispatch, 'jobs:restoreHold', {})).toEqual({ hold: null });
      expect(await ok(dispatch, 'watch:list', {})).toMatchObject({ folders: [{ folder: watched, paused: false }] });
    } finally {
      await host.dispose();
    }
  });
});

describe('an encrypted archive’s backups', () => {
  const ARCHIVE_PASS = 'encrypted archive passphrase';

  it('stay encrypted (SQLCipher database, encrypted files, the wrapped key), restore with the key, refuse a changed file', async () => {
    const dir = folder('encrypted');
    fs.mkdirSync(dir, { recursive: true });
    const { key } = await createKeyStore(dir, { passphrase: ARCHIVE_PASS, scrypt: { N: 1024, r: 8, p: 1 } });
    const host = await ArchiveHost.start({
      archiveDir: dir,
      open: (d, events) => openServices({ archiveDir: d, entries: SOURCE_ENTRIES, events, archiveKey: key }),
      version: 'test',
      dispatcher: { checkResponses: true },
      allowDirs: [root],
    });
    try {
      const dispatch = host.dispatch('bridge');
      const id = await importPdf(dispatch, 'secret.pdf', textPdf({ pages: [['The Zanzibar settlement is privileged.']] }));
      // No passphrase: an encrypted archive's backups are authenticated with its key.
      const made = await ok<BackupResultData>(dispatch, 'archive:backup', { dest: folder('encrypted-backups') });
      const manifest = JSON.parse(fs.readFileSync(path.join(made.path, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ encrypted: true, auth: { method: 'archive-key' } });
      const files = listing(made.path);
      expect(files).toContain('keystore.json');
      for (const file of files.filter((f) => f !== 'manifest.json' && f !== 'keystore.json')) {
        const bytes = fs.readFileSync(path.join(made.path, file));
        expect(bytes.includes('Zanzibar'), file).toBe(false);
        expect(bytes.includes('%PDF'), file).toBe(false);
        expect(bytes.subarray(0, 15).toString('latin1'), file).not.toBe('SQLite format 3');
      }

      await ok(dispatch, 'documents:delete', { id });
      const restored = await ok<RestoreResultData>(dispatch, 'archive:restore', { path: made.path });
      expect(restored).toMatchObject({ documents: 1, files: 1 });
      const pdf = await ok<{ data: Uint8Array }>(dispatch, 'documents:pdf', { id });
      expect(Buffer.from(pdf.data).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await ok<{ hits: unknown[] }>(dispatch, 'search:query', { query: 'Zanzibar' })).hits).toHaveLength(1);
      expect(fs.existsSync(path.join(dir, 'keystore.json'))).toBe(true);

      // Elsewhere, without the open archive's key: the backup's own key store, with its passphrase.
      await expect(validateBackup(made.path)).rejects.toMatchObject({ code: 'archive_locked' });
      await expect(validateBackup(made.path, { passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'wrong_passphrase' });
      const elsewhere = folder('encrypted-elsewhere');
      await restoreArchive({ archiveDir: elsewhere, backup: made.path, passphrase: ARCHIVE_PASS });
      const reopened = await openTempArchive({ dir: elsewhere, archiveKey: key });
      try {
        expect(reopened.services.archive.search('Zanzibar', 10)).toHaveLength(1);
      } finally {
        await reopened.dispose();
      }

      // A changed byte in an encrypted file, or an edited manifest: refused.
      const damaged = folder('encrypted-damaged');
      copyDir(made.path, damaged);
      const stored = path.join(damaged, listing(damaged).find((f) => f.startsWith('files/'))!);
      const bytes = fs.readFileSync(stored);
      bytes[bytes.length - 40]! ^= 0x01;
      fs.writeFileSync(stored, bytes);
      await expect(validateBackup(damaged, { archiveKey: key })).rejects.toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/damaged or was changed/) });
      const edited = folder('encrypted-edited');
      copyDir(made.path, edited);
      fs.writeFileSync(path.join(edited, 'manifest.json'), JSON.stringify({ ...manifest, documents: 5 }));
      await expect(validateBackup(edited, { archiveKey: key })).rejects.toMatchObject({ code: 'backup_invalid', message: expect.stringMatching(/fails authentication/) });
    } finally {
      await host.dispose();
    }
  });
});
