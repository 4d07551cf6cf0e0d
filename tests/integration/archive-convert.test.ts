// `archive encrypt` and `archive rekey` through the real CLI, killed with SIGKILL at each of
// their stages (ABSTRACTOR_CONVERT_STOP makes the process kill itself there): at the next start
// the archive is either the old one, intact, or the new one, complete. Nothing is lost (the
// same documents, page text, search hits and readable files) and nothing is left beside it.
// Then complete runs: no plaintext left anywhere in the folder, and after a rekey the old key
// opens nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveHost } from '../../electron/main/api/archive-host';
import { applyKey } from '../../electron/main/db/open';
import { openServices } from '../../electron/main/services/compose';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { CONVERT_POINTS, type ConvertPoint } from '../../electron/main/services/archive/convert';
import { ArchiveKeys } from '../../electron/main/services/keys/archive-keys';
import { readKeyStore, unlockKeyStore } from '../../electron/main/services/keys/keystore';
import { CONVERT_STOP_ENV } from '../../electron/main/cli/keys-command';
import { textPdf } from '../fixtures/pdfs';
import { runCli } from '../helpers/run-cli';
import { checkIntegrity, HEALTHY, openTempArchive, removeDir, tempDir } from '../helpers/temp-archive';

const PASS = 'conversion test passphrase';
const WORDS = ['okapi', 'narwhal', 'quokka'];
const DOCS = WORDS.map((word, i) => ({ name: `${word}.pdf`, data: textPdf({ pages: [[`The ${word} clause, page one.`], [`Page two of document ${i}.`]] }) }));

let root: string;
let template: string;
let counter = 0;

interface Snapshot {
  docs: Array<{ id: number; sha256: string; fileName: string; pageCount: number }>;
  pages: string[];
  hits: number[][];
  files: string[];
}

/** What must survive: documents, every page's text, search hits, and each file's content. */
async function snapshot(dir: string, passphrase: string | null): Promise<Snapshot> {
  const key = await new ArchiveKeys({ askPassphrase: async () => passphrase, encryptNew: false }).keyFor(dir);
  const archive = await openTempArchive({ dir, keep: true, ...(key ? { archiveKey: key } : {}) });
  try {
    const { services } = archive;
    expect(checkIntegrity(services.db)).toEqual(HEALTHY);
    const docs = services.archive.listDocuments().items.map((d) => ({ id: d.id, sha256: d.sha256, fileName: d.fileName, pageCount: d.pageCount }));
    const pages = docs.flatMap((d) => [...services.archive.iteratePages(d.id)].map((p) => p.text));
    const hits = WORDS.map((w) => services.archive.search(w, 10).map((h) => h.documentId));
    const files = await Promise.all(docs.map(async (d) => createHash('sha256').update(await services.files.read(d.sha256)).digest('hex')));
    return { docs, pages, hits, files };
  } finally {
    await archive.dispose();
  }
}

function copyOfTemplate(): string {
  const dir = path.join(root, `archive-${++counter}`);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

/** Nothing beside the archive: no build folder, old copy or journal. */
function leftovers(dir: string): string[] {
  return fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`));
}

function everyByte(dir: string): Buffer {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Buffer.concat(files.map((e) => fs.readFileSync(path.join(e.parentPath, e.name))));
}

let expected: Snapshot;

beforeAll(async () => {
  root = tempDir('abstractor-convert-');
  template = path.join(root, 'template');
  const archive = await openTempArchive({ dir: template, keep: true });
  await archive.services.importer.importMany(DOCS.map((d) => ({ key: d.name, ...d })));
  await archive.dispose();
  expected = await snapshot(template, null);
  expect(expected.docs).toHaveLength(3);
  expect(expected.hits.every((h) => h.length === 1)).toBe(true);
});

afterAll(() => {
  if (root) removeDir(root);
});

describe('archive encrypt, killed at each stage', () => {
  const BEFORE_COMMIT: readonly ConvertPoint[] = ['database', 'files'];

  for (const point of CONVERT_POINTS) {
    it(`SIGKILL at "${point}": the next start has ${BEFORE_COMMIT.includes(point) ? 'the old plaintext archive' : 'the encrypted one'}, nothing lost`, async () => {
      const dir = copyOfTemplate();
      const run = await runCli(['archive', 'encrypt', '--archive', dir], { ABSTRACTOR_PASSPHRASE: PASS, [CONVERT_STOP_ENV]: point });
      expect(run.code, run.stderr).toBeNull(); // killed, not finished

      const encrypted = !BEFORE_COMMIT.includes(point);
      // The next start (the same path the CLI and the app take) finishes or undoes it.
      expect(await snapshot(dir, PASS)).toEqual(expected);
      expect(readKeyStore(dir) !== null).toBe(encrypted);
      expect(leftovers(dir)).toEqual([]);
      if (encrypted) expect(everyByte(dir).includes('okapi')).toBe(false);
    });
  }
});

describe('complete runs', () => {
  it('archive encrypt leaves no plaintext in the folder; archive rekey leaves the old key opening nothing', async () => {
    const dir = copyOfTemplate();
    const encrypt = await runCli(['archive', 'encrypt', '--archive', dir, '--json'], { ABSTRACTOR_PASSPHRASE: PASS });
    expect(encrypt.code, encrypt.stderr).toBe(0);
    expect(JSON.parse(encrypt.stdout)).toMatchObject({ documents: 3, files: 3, skipped: 0 });
    expect(encrypt.stderr).toMatch(/recovery key/);
    for (const word of WORDS) expect(everyByte(dir).includes(word)).toBe(false);
    expect(everyByte(dir).includes('%PDF')).toBe(false);
    expect(leftovers(dir)).toEqual([]);
    expect(await snapshot(dir, PASS)).toEqual(expected);
    const again = await runCli(['archive', 'encrypt', '--archive', dir], { ABSTRACTOR_PASSPHRASE: PASS });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already encrypted');

    const oldKey = await unlockKeyStore(readKeyStore(dir)!, { passphrase: PASS });
    const killed = await runCli(['archive', 'rekey', '--archive', dir], { ABSTRACTOR_PASSPHRASE: PASS, [CONVERT_STOP_ENV]: 'moved-aside' });
    expect(killed.code).toBeNull();
    expect(await snapshot(dir, PASS)).toEqual(expected);
    const newKey = await unlockKeyStore(readKeyStore(dir)!, { passphrase: PASS });
    expect(newKey.equals(oldKey)).toBe(false);
    const db = new Database(path.join(dir, 'archive.sqlite'), { readonly: true });
    try {
      applyKey(db, oldKey);
      expect(() => db.prepare('SELECT count(*) FROM documents').get()).toThrow(/not a database/);
    } finally {
      db.close();
    }
    expect(leftovers(dir)).toEqual([]);

    const wrong = await runCli(['archive', 'rekey', '--archive', dir], { ABSTRACTOR_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('(wrong_passphrase)');
    expect(await snapshot(dir, PASS)).toEqual(expected);
  });
});

describe('archive:encrypt in the app', () => {
  it('encrypts the open plaintext archive in place, reopens it with the new key and holds its recovery key for the user', async () => {
    const dir = copyOfTemplate();
    const host = await ArchiveHost.start({
      archiveDir: dir,
      keys: new ArchiveKeys({ encryptNew: false, scrypt: { N: 1024, r: 8, p: 1 } }),
      open: (archiveDir, events, archiveKey) => openServices({ archiveDir, events, entries: SOURCE_ENTRIES, ...(archiveKey ? { archiveKey } : {}) }),
      version: 'test',
      dispatcher: { checkResponses: true },
    });
    try {
      const dispatch = host.dispatch('ipc');
      expect(await dispatch('archive:encrypt', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await dispatch('archive:encrypt', { passphrase: PASS })).toEqual({ ok: true, data: { documents: 3, files: 3 } });
      expect(host.services!.encrypted).toBe(true);
      const security = await dispatch('archive:security', {});
      expect(security).toMatchObject({ ok: true, data: { encrypted: true, recoveryKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/) } });
      const hits = await dispatch('search:query', { query: 'narwhal' });
      expect(hits.ok && (hits.data as { hits: unknown[] }).hits).toHaveLength(1);
      expect(await dispatch('archive:encrypt', { passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      for (const word of WORDS) expect(everyByte(dir).includes(word)).toBe(false);
    } finally {
      await host.dispose();
    }
    expect(await snapshot(dir, PASS)).toEqual(expected);
  });
});
