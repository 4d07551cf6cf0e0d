// The CLI and `npm run serve` on an archive they cannot open (not a database, a newer schema,
// a failed integrity check): a clear message with the folder and what to do, exit code 1,
// nothing changed. And `backup` / `restore` end to end: backup, delete, restore, back again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { openDatabase } from '../../electron/main/db/open';
import { BUILT_RENDERER_DIR } from '../../electron/main/bridge/start-backend';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { json, runCli, runNode } from '../helpers/run-cli';
import { openTempArchive, removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

const LATEST = MIGRATIONS.length;
let root: string;
let counter = 0;

beforeAll(() => {
  root = tempDir('abstractor-cli-archive-');
});
afterAll(() => {
  if (root) removeDir(root);
});

function folder(name: string): string {
  return path.join(root, `${name}-${++counter}`);
}

function notADatabase(): string {
  const dir = folder('garbage');
  writeFiles(dir, { 'archive.sqlite': new TextEncoder().encode('This is a shopping list, not a database.\n'.repeat(200)) });
  return dir;
}

function fromTheFuture(): string {
  const dir = folder('future');
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(path.join(dir, 'archive.sqlite'));
  db.exec('CREATE TABLE from_the_future (x TEXT)');
  db.pragma(`user_version = ${LATEST + 3}`);
  db.close();
  return dir;
}

/** A real archive with a page in the middle of the file overwritten. */
async function damagedInside(): Promise<string> {
  const archive = await openTempArchive({ dir: folder('damaged'), keep: true });
  await archive.services.importer.importMany([{ key: 'b', name: 'big.pdf', data: largePdf(150, { linesPerPage: 20 }) }]);
  await archive.dispose();
  const file = path.join(archive.dir, 'archive.sqlite');
  const data = fs.readFileSync(file);
  const middle = Math.floor(data.length / 4096 / 2) * 4096;
  data.fill(0x41, middle + 100, middle + 2000);
  fs.writeFileSync(file, data);
  return archive.dir;
}

describe('an archive the CLI cannot open', () => {
  it('not a database: says so with the path and the ways out, exit 1, file untouched', async () => {
    const dir = notADatabase();
    const before = fs.readFileSync(path.join(dir, 'archive.sqlite'));
    const run = await runCli(['list', '--archive', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: The archive database ${path.join(dir, 'archive.sqlite')} is damaged or is not an Abstractor archive. (archive_corrupt)`);
    expect(run.stderr).toContain(`restore <abstractor-backup-folder> --archive "${dir}"`);
    expect(run.stderr).toContain('use another archive folder with --archive DIR');
    expect(run.stderr).toContain('nothing in it was changed');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readFileSync(path.join(dir, 'archive.sqlite')).equals(before)).toBe(true);

    const asJson = await runCli(['list', '--archive', dir, '--json']);
    expect(asJson.code).toBe(1);
    expect(json<{ error: { code: string } }>(asJson).error.code).toBe('archive_corrupt');
  });

  it('from a newer version: names both schema versions, the folder, and says to update', async () => {
    const dir = fromTheFuture();
    const run = await runCli(['import', path.join(root, 'nothing.pdf'), '--archive', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`newer version of Abstractor (schema ${LATEST + 3}; this version knows ${LATEST})`);
    expect(run.stderr).toContain('(archive_from_future)');
    expect(run.stderr).toContain(`The archive folder is ${dir}; it was left unchanged. Update Abstractor to open it`);
  });

  it('failing the integrity check: archive_corrupt with SQLite’s finding', async () => {
    const dir = await damagedInside();
    const run = await runCli(['list', '--archive', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is damaged \(SQLite integrity check: .+\)\. \(archive_corrupt\)/);
    expect(run.stderr).toContain('restore <abstractor-backup-folder>');
  });

  it.skipIf(!fs.existsSync(BUILT_RENDERER_DIR))('npm run serve prints the same message and exits 1', async () => {
    const dir = notADatabase();
    const run = await runNode('electron/main/serve.ts', ['--archive', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The archive cannot be opened: The archive database');
    expect(run.stderr).toContain('(archive_corrupt)');
    expect(run.stderr).toContain(`--archive "${dir}"`);
  });
});

describe('cli backup and restore', () => {
  // A plaintext archive's backups are authenticated with a passphrase, named by --passphrase-env.
  const PASS_ENV = { BACKUP_PASS: 'cli backup passphrase' };
  const withPass = ['--passphrase-env', 'BACKUP_PASS'];

  it('backs up, loses a document, restores it, keeps the replaced archive', async () => {
    const archive = folder('archive');
    const inputs = folder('inputs');
    writeFiles(inputs, {
      'keep.pdf': textPdf({ pages: [['The capybara clause survives.']] }),
      'lose.pdf': textPdf({ pages: [['The wombat clause is deleted, then restored.']] }),
    });
    // A plaintext archive: its backups are protected by the passphrase named with --passphrase-env.
    expect((await runCli(['import', inputs, '--archive', archive, '--no-encryption'])).code).toBe(0);

    const noPass = await runCli(['backup', path.join(root, 'cli-backups'), '--archive', archive]);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('--passphrase-env VAR');
    const backup = await runCli(['backup', path.join(root, 'cli-backups'), '--archive', archive, '--json', ...withPass], PASS_ENV);
    expect(backup.code, backup.stderr).toBe(0);
    const made = json<{ path: string; documents: number; files: number; bytes: number }>(backup);
    expect(made).toMatchObject({ documents: 2, files: 2 });
    expect(fs.existsSync(path.join(made.path, 'manifest.json'))).toBe(true);

    const list = json<Array<{ id: number; fileName: string }>>(await runCli(['list', '--archive', archive, '--json']));
    const lose = list.find((d) => d.fileName === 'lose.pdf')!;
    expect((await runCli(['delete', String(lose.id), '--archive', archive])).code).toBe(0);
    expect(json<unknown[]>(await runCli(['search', 'wombat', '--archive', archive, '--json']))).toEqual([]);

    const wrong = await runCli(['restore', made.path, '--archive', archive, ...withPass], { BACKUP_PASS: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('(wrong_passphrase)');
    const restore = await runCli(['restore', made.path, '--archive', archive, ...withPass], PASS_ENV);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored 2 documents from ${made.path} into ${archive}.`);
    expect(restore.stdout).toMatch(/The archive it replaced is kept at .+\.before-restore-/);
    const hits = json<Array<{ documentId: number }>>(await runCli(['search', 'wombat', '--archive', archive, '--json']));
    expect(hits.map((h) => h.documentId)).toEqual([lose.id]);
  });

  it('restores over an archive that cannot be opened', async () => {
    const source = folder('source');
    const inputs = folder('inputs');
    writeFiles(inputs, { 'one.pdf': textPdf({ pages: [['A single pangolin page.']] }) });
    expect((await runCli(['import', inputs, '--archive', source, '--no-encryption'])).code).toBe(0);
    const made = json<{ path: string }>(await runCli(['backup', folder('backups'), '--archive', source, '--json', ...withPass], PASS_ENV));

    const broken = notADatabase();
    const restore = await runCli(['restore', made.path, '--archive', broken, '--json', ...withPass], PASS_ENV);
    expect(restore.code, restore.stderr).toBe(0);
    expect(json<{ previousArchive: string }>(restore).previousArchive).toMatch(/\.before-restore-/);
    expect(json<unknown[]>(await runCli(['list', '--archive', broken, '--json']))).toHaveLength(1);
  });

  it('refuses a backup from a newer version, and usage errors exit 2', async () => {
    const future = fromTheFuture();
    // A folder that merely looks like a backup from the future.
    fs.writeFileSync(path.join(future, 'manifest.json'), JSON.stringify({ format: 'abstractor-backup', formatVersion: 1, schemaVersion: LATEST + 3 }));
    const target = folder('target');
    const run = await runCli(['restore', future, '--archive', target]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`was made by a newer version of Abstractor (schema ${LATEST + 3}; this version knows ${LATEST})`);
    expect(run.stderr).toContain('(archive_from_future)');
    expect(fs.existsSync(target)).toBe(false);

    expect((await runCli(['backup', '--archive', target])).code).toBe(2);
    expect((await runCli(['restore', '--archive', target])).code).toBe(2);
  });
});
