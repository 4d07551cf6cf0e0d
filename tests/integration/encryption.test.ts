// Acceptance for the encrypted archive, through the CLI as a user runs it: a new archive is
// encrypted by default; an independent SQLCipher 4 (@journeyapps/sqlcipher) opens it with the
// key and reads the documents; no document text is readable in the database files; a wrong or
// missing passphrase changes nothing; the recovery key opens it; change-passphrase re-wraps
// only; --no-encryption makes a plaintext archive; the folder and its files are owner-only.
import fs from 'node:fs';
import path from 'node:path';
import sqlcipher from '@journeyapps/sqlcipher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyStore, unlockKeyStore } from '../../electron/main/services/keys/keystore';
import { textPdf } from '../fixtures/pdfs';
import { BUILT_RENDERER_DIR } from '../../electron/main/bridge/start-backend';
import { json, runCli, runNode, TEST_PASSPHRASE } from '../helpers/run-cli';
import { fileHashes, removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

// Words that appear only in the imported document (and its title and file name).
const SECRET_WORDS = ['Quetzalcoatlus', 'suicidal ideation', 'Zanzibarian', 'ondansetron'];

let root: string;
let archive: string;
let recoveryKey: string;

beforeAll(async () => {
  root = tempDir('abstractor-encryption-');
  archive = path.join(root, 'Archive');
  writeFiles(path.join(root, 'inputs'), {
    'Zanzibarian consult.pdf': textPdf({
      title: 'Zanzibarian consult',
      pages: [['Patient Quetzalcoatlus reports suicidal ideation.'], ['Plan: ondansetron 4 mg as needed.']],
    }),
  });
  const made = await runCli(['import', path.join(root, 'inputs'), '--archive', archive, '--json', '--recovery-key-file', path.join(root, 'recovery.txt')]);
  expect(made.code, made.stderr).toBe(0);
  recoveryKey = /^\s+([0-9A-Z]{4}(?:-[0-9A-Z]{4}){8})$/m.exec(made.stderr)?.[1] ?? '';
  expect(recoveryKey, made.stderr).not.toBe('');
});

afterAll(() => removeDir(root));


function databaseFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith('archive.sqlite')).map((name) => path.join(dir, name));
}

/** What `strings` would find: each word (and its 6-letter prefix) in UTF-8 and UTF-16, any case. */
function plaintextHits(files: readonly string[], words: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const asLatin1 = bytes.toString('latin1').toLowerCase();
    const asUtf16 = bytes.toString('utf16le').toLowerCase() + bytes.subarray(1).toString('utf16le').toLowerCase();
    for (const word of words) {
      for (const needle of [word.toLowerCase(), word.toLowerCase().slice(0, 6)]) {
        if (asLatin1.includes(needle) || asUtf16.includes(needle)) hits.push(`${path.basename(file)}: ${needle}`);
      }
    }
  }
  return hits;
}

interface CipherDb {
  all<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

function openWithSqlcipher(file: string, keyHex: string): Promise<CipherDb> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      const all = <T,>(sql: string) => new Promise<T[]>((ok, fail) => db.all(sql, (e: Error | null, rows: T[]) => (e ? fail(e) : ok(rows))));
      db.exec(`PRAGMA key = "x'${keyHex}'"`, (e) => {
        if (e) return reject(e);
        resolve({ all, close: () => new Promise((ok) => db.close(() => ok())) });
      });
    });
  });
}

describe('a new archive made by the CLI', () => {
  it('is encrypted by default: SQLCipher 4 opens it with the key, reads the documents, integrity ok', async () => {
    const db = path.join(archive, 'archive.sqlite');
    expect(fs.readFileSync(db).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    const store = readKeyStore(archive)!;
    expect(store.wraps.passphrase?.params.N).toBe(2 ** 17);
    const key = await unlockKeyStore(store, { passphrase: TEST_PASSPHRASE });

    const cipher = await openWithSqlcipher(db, key.toString('hex'));
    try {
      expect(await cipher.all('PRAGMA cipher_version')).toEqual([{ cipher_version: expect.stringMatching(/^4\./) }]);
      expect(await cipher.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await cipher.all('SELECT title, file_name AS fileName, page_count AS pages FROM documents')).toEqual([
        { title: 'Zanzibarian consult', fileName: 'Zanzibarian consult.pdf', pages: 2 },
      ]);
      const hits = await cipher.all<{ text: string }>("SELECT p.text FROM pages_fts_desc JOIN pages p ON p.id = -pages_fts_desc.rowid WHERE pages_fts_desc MATCH '\"suicidal ideation\"'");
      expect(hits.map((h) => h.text)).toEqual([expect.stringContaining('suicidal ideation')]);
    } finally {
      await cipher.close();
    }
    // Nothing readable in the database files: not the text, the title, or the file name.
    expect(plaintextHits(databaseFiles(archive), SECRET_WORDS)).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'recovery.txt'), 'utf8')).toContain(recoveryKey);
  });

  it('is owner-only: folder 0700, database and key store 0600', () => {
    const mode = (p: string) => fs.statSync(path.join(archive, p)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    expect(mode('archive.sqlite')).toBe(0o600);
    expect(mode('keystore.json')).toBe(0o600);
    expect(fs.statSync(path.join(root, 'recovery.txt')).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase (wrong_passphrase) and none (archive_locked), changing no byte', async () => {
    const before = fileHashes(archive);
    const wrong = await runCli(['list', '--archive', archive, '--json'], { ABSTRACTOR_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(json<{ error: { code: string } }>(wrong).error.code).toBe('wrong_passphrase');
    expect(wrong.stderr).toContain('recovery key');
    const none = await runCli(['list', '--archive', archive], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('(archive_locked)');
    expect(none.stderr).toContain('ABSTRACTOR_PASSPHRASE');
    expect(fileHashes(archive)).toEqual(before);
  });

  it.skipIf(!fs.existsSync(BUILT_RENDERER_DIR))('npm run serve: without the passphrase archive_locked, with a wrong one wrong_passphrase; exit 1, nothing changed', async () => {
    const before = fileHashes(archive);
    const none = await runNode('electron/main/serve.ts', ['--archive', archive], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('(archive_locked)');
    const wrong = await runNode('electron/main/serve.ts', ['--archive', archive], { ABSTRACTOR_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('(wrong_passphrase)');
    expect(fileHashes(archive)).toEqual(before);
  });

  it('opens with the recovery key in place of the passphrase; status tells how it is protected', async () => {
    const listed = await runCli(['list', '--archive', archive, '--json'], { ABSTRACTOR_PASSPHRASE: recoveryKey.toLowerCase() });
    expect(listed.code, listed.stderr).toBe(0);
    expect(json<Array<{ title: string }>>(listed).map((d) => d.title)).toEqual(['Zanzibarian consult']);
    const status = await runCli(['archive', 'status', '--archive', archive, '--json'], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(json(status)).toMatchObject({ encrypted: true, cipher: expect.stringContaining('SQLCipher 4'), keySources: ['passphrase'], recoveryKey: true, kdf: { name: 'scrypt', N: 2 ** 17 } });
  });

  it('change-passphrase re-wraps the key only: the database is untouched, the old passphrase stops working', async () => {
    const dbBefore = fileHashes(archive)['archive.sqlite'];
    const changed = await runCli(['archive', 'change-passphrase', '--archive', archive], { ABSTRACTOR_NEW_PASSPHRASE: 'a brand new passphrase' });
    expect(changed.code, changed.stderr).toBe(0);
    expect(fileHashes(archive)['archive.sqlite']).toBe(dbBefore);
    const old = await runCli(['list', '--archive', archive, '--json']);
    expect(json<{ error: { code: string } }>(old).error.code).toBe('wrong_passphrase');
    const fresh = await runCli(['list', '--archive', archive, '--json'], { ABSTRACTOR_PASSPHRASE: 'a brand new passphrase' });
    expect(fresh.code, fresh.stderr).toBe(0);
    const refused = await runCli(['archive', 'change-passphrase', '--archive', archive], { ABSTRACTOR_PASSPHRASE: 'wrong guess here', ABSTRACTOR_NEW_PASSPHRASE: 'another one entirely' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(wrong_passphrase)');
  });
});

describe('--no-encryption', () => {
  it('makes a plaintext archive that opens without a passphrase, and status says so', async () => {
    const plain = path.join(root, 'Plain');
    const made = await runCli(['import', path.join(root, 'inputs'), '--archive', plain, '--no-encryption', '--json'], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(made.code, made.stderr).toBe(0);
    expect(fs.existsSync(path.join(plain, 'keystore.json'))).toBe(false);
    expect(fs.readFileSync(path.join(plain, 'archive.sqlite')).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    // The same scan that finds nothing in the encrypted archive finds the text here.
    expect(plaintextHits(databaseFiles(plain), SECRET_WORDS).length).toBeGreaterThan(0);
    const listed = await runCli(['list', '--archive', plain, '--json'], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(json<unknown[]>(listed)).toHaveLength(1);
    const status = await runCli(['archive', 'status', '--archive', plain]);
    expect(status.stdout).toContain('NOT ENCRYPTED');
    expect(fs.statSync(plain).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(plain, 'archive.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('without a passphrase or a terminal, a new archive is not made at all: archive_locked', async () => {
    const none = path.join(root, 'None');
    const run = await runCli(['list', '--archive', none], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(archive_locked)');
    expect(run.stderr).toContain('--no-encryption');
    expect(fs.existsSync(path.join(none, 'archive.sqlite'))).toBe(false);
  });
});
