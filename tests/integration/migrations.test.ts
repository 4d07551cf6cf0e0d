// Schema migrations on a real SQLite file: a fresh archive reaches the latest version with
// the connection pragmas on, a newer or damaged archive is refused without being touched,
// each step N -> N+1 keeps the data, and the library listing is served by its index.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { migrate, schemaVersion } from '../../electron/main/db/migrate';
import { MIGRATIONS, type Migration } from '../../electron/main/db/migrations';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { backfillStep, currentSearchIndex, dropRetiredIndex, hasOldIndex, termsStep } from '../../electron/main/services/archive/search-index';
import { PageSearch } from '../../electron/main/services/archive/page-search';
import { openServices } from '../../electron/main/services/compose';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { checkIntegrity, HEALTHY, rejection, removeDir, tempDir } from '../helpers/temp-archive';

const LATEST = MIGRATIONS.length;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDbFile(): string {
  const dir = tempDir('abstractor-migrate-');
  cleanups.push(() => removeDir(dir));
  return path.join(dir, 'archive.sqlite');
}

function open(file = tempDbFile()): Db {
  const db = openDatabase(file);
  cleanups.push(() => db.open && db.close());
  return db;
}

/** pages_fts until step 10's check builds pages_fts_desc and drops it (checks run again after later steps). */
function ftsTable(db: Db): 'pages_fts' | 'pages_fts_desc' {
  return hasOldIndex(db) ? 'pages_fts' : 'pages_fts_desc';
}

function tables(db: Db): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') ORDER BY name")
    .all()
    .map((r) => r.name);
}


/** Files in a folder with their bytes, to prove a refused archive was not touched. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('base64')]),
  );
}

// -- Rows to carry across each migration step. Add an entry when adding migration N+1: it
// seeds data at version N and checks it at N+1 (and keeps checking at every later step).
interface Step {
  seed(db: Db): void;
  check(db: Db): void;
}

const STEPS: Record<number, Step> = {
  // Version 1 (init): a document with two pages, spans and its FTS rows.
  1: {
    seed(db) {
      db.prepare(
        `INSERT INTO documents (id, sha256, title, file_name, bytes, imported_at, status, domain, page_count)
         VALUES (1, 'seeded-sha', 'Seeded lease', 'lease.pdf', 100, '2024-01-01T00:00:00.000Z', 'ready', 'legal', 2)`,
      ).run();
      const page = db.prepare(
        'INSERT INTO pages (document_id, number, text, width, height, has_text_layer, needs_ocr) VALUES (1, ?, ?, 612, 792, 1, 0)',
      );
      const a = page.run(1, 'The tenant shall pay rent monthly.').lastInsertRowid;
      page.run(2, 'Governing law: Scotland.');
      db.prepare('INSERT INTO page_spans (page_id, spans) VALUES (?, ?)').run(a, '[[0,3,72,60,20,12]]');
    },
    check(db) {
      expect(db.prepare('SELECT title, domain, page_count FROM documents WHERE id = 1').get()).toEqual({
        title: 'Seeded lease',
        domain: 'legal',
        page_count: 2,
      });
      expect(db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = 1').get()).toEqual({ n: 2 });
      const fts = ftsTable(db);
      const hit = db.prepare(`SELECT rowid FROM ${fts} WHERE ${fts} MATCH 'scotland'`).all();
      expect(hit).toHaveLength(1);
    },
  },
  // Version 2 (models_and_runs): a model, a setting and a summary run of document 1.
  2: {
    seed(db) {
      db.prepare(
        `INSERT INTO models (id, sha256, name, file_name, path, storage, bytes, architecture, added_at)
         VALUES (1, 'model-sha', 'Tiny', 'tiny.gguf', '/models/tiny.gguf', 'copied', 1000, 'llama', '2024-01-01T00:00:00Z')`,
      ).run();
      db.prepare("INSERT INTO settings (key, value) VALUES ('defaultModel', '\"model-sha\"')").run();
      db.prepare(
        `INSERT INTO runs (document_id, kind, profile, prompt_version, model_sha256, status, output, started_at)
         VALUES (1, 'summary', 'legal', 'v1', 'model-sha', 'done', 'A short lease.', '2024-01-02T00:00:00Z')`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT name, storage FROM models WHERE id = 1').get()).toEqual({ name: 'Tiny', storage: 'copied' });
      expect(db.prepare("SELECT value FROM settings WHERE key = 'defaultModel'").get()).toEqual({ value: '"model-sha"' });
      expect(db.prepare('SELECT output FROM runs WHERE document_id = 1').all()).toEqual([{ output: 'A short lease.' }]);
    },
  },
  // Version 3 (extraction): a user template, an edited field value of document 1 and its audit entry.
  3: {
    seed(db) {
      db.prepare(
        `INSERT INTO templates (name, title, definition, created_at, updated_at)
         VALUES ('my-lease', 'My lease', '{"name":"my-lease"}', '2024-01-03T00:00:00Z', '2024-01-03T00:00:00Z')`,
      ).run();
      db.prepare(
        `INSERT INTO field_values (document_id, template, field_key, field_type, value, status, source, review, updated_at)
         VALUES (1, 'lease-abstract', 'governing_law', 'text', '"Scotland"', 'verified', 'user', 'edited', '2024-01-03T00:00:00Z')`,
      ).run();
      db.prepare(
        `INSERT INTO field_audit (document_id, template, field_key, action, old_value, new_value, source, at)
         VALUES (1, 'lease-abstract', 'governing_law', 'edit', NULL, '"Scotland"', 'user', '2024-01-03T00:00:00Z')`,
      ).run();
    },
    check(db) {
      expect(db.prepare("SELECT title FROM templates WHERE name = 'my-lease'").get()).toEqual({ title: 'My lease' });
      expect(db.prepare('SELECT value, review FROM field_values WHERE document_id = 1').all()).toEqual([
        { value: '"Scotland"', review: 'edited' },
      ]);
      expect(db.prepare('SELECT action, source FROM field_audit WHERE document_id = 1').all()).toEqual([
        { action: 'edit', source: 'user' },
      ]);
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM field_values WHERE template = 'lease-abstract' ORDER BY document_id")
        .all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX/);
    },
  },
  // Version 4 (jobs_and_ocr): a batch with an interrupted import job and a finished step, a
  // watched folder, and an OCR'd page; pages from before keep 'pdf' as their text source.
  4: {
    seed(db) {
      db.prepare("INSERT INTO batches (id, label, template, summarize, created_at) VALUES (1, 'inbox', 'contract', 1, '2024-01-04T00:00:00Z')").run();
      db.prepare(
        `INSERT INTO jobs (id, batch_id, kind, state, payload, document_id, progress_done, progress_total, attempts, created_at)
         VALUES (1, 1, 'import', 'running', '{"path":"/in/lease.pdf","name":"lease.pdf"}', 1, 1, 2, 1, '2024-01-04T00:00:00Z')`,
      ).run();
      db.prepare("INSERT INTO job_steps (job_id, step, data) VALUES (1, 'gen:abc', '{}')").run();
      db.prepare("INSERT INTO watched_folders (folder, summarize, created_at) VALUES ('/scans', 0, '2024-01-04T00:00:00Z')").run();
      db.prepare("UPDATE pages SET text_source = 'ocr', ocr_confidence = 87.5 WHERE document_id = 1 AND number = 2").run();
    },
    check(db) {
      expect(db.prepare('SELECT kind, state, document_id, attempts FROM jobs WHERE id = 1').get()).toEqual({ kind: 'import', state: 'running', document_id: 1, attempts: 1 });
      expect(db.prepare('SELECT step FROM job_steps WHERE job_id = 1').all()).toEqual([{ step: 'gen:abc' }]);
      expect(db.prepare('SELECT template, summarize FROM batches WHERE id = 1').get()).toEqual({ template: 'contract', summarize: 1 });
      expect(db.prepare('SELECT folder FROM watched_folders').all()).toEqual([{ folder: '/scans' }]);
      expect(db.prepare('SELECT number, text_source, ocr_confidence FROM pages WHERE document_id = 1 ORDER BY number').all()).toEqual([
        { number: 1, text_source: 'pdf', ocr_confidence: null },
        { number: 2, text_source: 'ocr', ocr_confidence: 87.5 },
      ]);
    },
  },
  // Version 5 (erasure_and_access_log): the index purges deleted terms; the access log is
  // append-only, and a deleted document's entries keep its id under a neutral title.
  5: {
    seed(db) {
      db.prepare(
        `INSERT INTO access_log (at, os_user, via, action, document_id, title, detail)
         VALUES ('2024-01-05T00:00:00Z', 'alice', 'app', 'opened', 1, 'Seeded lease', '{}')`,
      ).run();
    },
    check(db) {
      const config = db.prepare(`SELECT v FROM ${ftsTable(db)}_config WHERE k = 'secure-delete'`).get();
      expect(config).toEqual({ v: 1 });
      expect(db.prepare('SELECT os_user, action, document_id, title FROM access_log WHERE document_id = 1').all()).toEqual([
        { os_user: 'alice', action: 'opened', document_id: 1, title: 'Seeded lease' },
      ]);
      expect(() => db.prepare("UPDATE access_log SET os_user = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE access_log SET title = 'Other'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
    },
  },
  // Version 6 (playbooks): a user playbook, one row per name.
  6: {
    seed(db) {
      db.prepare(
        `INSERT INTO playbooks (name, title, template, definition, created_at, updated_at)
         VALUES ('firm-standard', 'Firm standard', 'contract', '{"name":"firm-standard"}', '2024-01-06T00:00:00Z', '2024-01-06T00:00:00Z')`,
      ).run();
    },
    check(db) {
      expect(db.prepare("SELECT title, template FROM playbooks WHERE name = 'firm-standard'").get()).toEqual({ title: 'Firm standard', template: 'contract' });
      expect(() =>
        db.prepare("INSERT INTO playbooks (name, title, template, definition, created_at, updated_at) VALUES ('firm-standard', 'x', 'x', '{}', '', '')").run(),
      ).toThrow(/UNIQUE/);
    },
  },
  // Version 7 (library_order): indexes only; document 1 is listed by title from its index.
  7: {
    seed() {},
    check(db) {
      const sortKey = "lower(CASE WHEN title <> '' THEN title ELSE file_name END)";
      expect(db.prepare(`SELECT ${sortKey} AS k FROM documents WHERE id = 1`).get()).toEqual({ k: 'seeded lease' });
      const plan = db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT id FROM documents ORDER BY ${sortKey}, id LIMIT 10`)
        .all()
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/documents_by_title/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    },
  },
  // Version 8 (patients): document 1 placed with a patient by a person; a pair kept apart in id order only.
  8: {
    seed(db) {
      db.prepare("INSERT INTO patients (id, created_at) VALUES (1, '2024-01-08T00:00:00Z'), (2, '2024-01-08T00:00:00Z')").run();
      db.prepare("INSERT INTO patient_documents (document_id, patient_id, pinned, updated_at) VALUES (1, 1, 1, '2024-01-08T00:00:00Z')").run();
      db.prepare("INSERT INTO patients_kept_apart (patient_id, other_id, decided_at) VALUES (1, 2, '2024-01-08T00:00:00Z')").run();
    },
    check(db) {
      expect(db.prepare('SELECT patient_id AS p, pinned FROM patient_documents WHERE document_id = 1').get()).toEqual({ p: 1, pinned: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM patients_kept_apart').get()).toEqual({ n: 1 });
      expect(() => db.prepare("INSERT INTO patients_kept_apart (patient_id, other_id, decided_at) VALUES (2, 1, '')").run()).toThrow(/CHECK/);
    },
  },
  // Version 9 (document_work): the counters start from the archive as it stood (document 1's
  // done summary and its edited value), and triggers keep them from then on.
  9: {
    seed() {},
    check(db) {
      const row = () => db.prepare('SELECT summary_state, extraction_state, fields_total, fields_reviewed, fields_needing_review FROM documents WHERE id = 1').get();
      expect(row()).toEqual({ summary_state: 'done', extraction_state: 'none', fields_total: 1, fields_reviewed: 1, fields_needing_review: 0 });
      expect(db.prepare('SELECT template, state, fields_total FROM document_extractions WHERE document_id = 1').all()).toEqual([
        { template: 'lease-abstract', state: 'none', fields_total: 1 },
      ]);
      db.prepare(
        `INSERT INTO field_values (document_id, template, field_key, field_type, value, status, source, updated_at)
         VALUES (1, 'lease-abstract', 'rent', 'text', '"100"', 'cited', 'model', '2024-01-09T00:00:00Z')`,
      ).run();
      expect(row()).toMatchObject({ fields_total: 2, fields_reviewed: 1, fields_needing_review: 1 });
      db.prepare("DELETE FROM field_values WHERE field_key = 'rent'").run();
      expect(row()).toMatchObject({ fields_total: 1, fields_needing_review: 0 });
    },
  },
  // Version 10 (search_newest_first): the pages seeded at 1 go into pages_fts_desc by the
  // build's steps (pages_fts serves searches meanwhile), under row id -id; pages_fts goes.
  // Checked again after later steps: by then built.
  10: {
    seed() {},
    check(db) {
      if (hasOldIndex(db)) {
        expect(currentSearchIndex(db).table).toBe('pages_fts');
        while (!backfillStep(db).done);
        expect(currentSearchIndex(db).table).toBe('pages_fts_desc');
        expect(dropRetiredIndex(db)).toBe(true);
      }
      const scotland = db.prepare("SELECT id FROM pages WHERE text LIKE '%Scotland%'").pluck().get() as number;
      expect(db.prepare("SELECT rowid FROM pages_fts_desc WHERE pages_fts_desc MATCH 'scotland'").pluck().all()).toEqual([-scotland]);
      expect(tables(db).filter((t) => t.startsWith('pages_fts') && !t.startsWith('pages_fts_desc'))).toEqual([]);
    },
  },
  // Version 11 (page_documents): the pages seeded at 1 go in by the same steps, with their documents.
  11: {
    seed() {},
    check(db) {
      while (!backfillStep(db).done);
      expect(currentSearchIndex(db).documentOf).toBe('page_documents');
      const pages = db.prepare('SELECT id, document_id FROM pages ORDER BY id').all();
      expect(pages.length).toBeGreaterThan(0);
      expect(db.prepare('SELECT id, document_id FROM page_documents ORDER BY id').all()).toEqual(pages);
    },
  },
  // Version 12 (search_terms): the terms of the pages seeded at 1 are listed by the same steps,
  // after the index is built; a prefix is then searched by them.
  12: {
    seed() {},
    check(db) {
      while (!backfillStep(db).done);
      while (!termsStep(db).done);
      expect(currentSearchIndex(db).termsListed).toBe(true);
      expect(db.prepare("SELECT pages FROM search_terms WHERE term = 'scotland'").pluck().get()).toBe(1);
      expect(new PageSearch(db).expression('scot*')).toBe('"scotland"');
    },
  },
};

describe('migrate', () => {
  it('brings a fresh database to the latest version with WAL and foreign keys on', () => {
    const db = open();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(LATEST);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['documents', 'pages', 'page_spans', 'pages_fts', 'documents_by_imported_at', 'pages_fts_insert']),
    );
    expect(checkIntegrity(db)).toEqual(HEALTHY);
  });

  it('keeps the settings when the file is opened again', () => {
    const file = tempDbFile();
    const first = openDatabase(file);
    migrate(first);
    first.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL is persistent
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST);
    raw.close();
  });

  it('is idempotent: a second run applies nothing and keeps the data', () => {
    const db = open();
    migrate(db);
    STEPS[1]!.seed(db);
    const before = tables(db);
    expect(migrate(db)).toBe(LATEST);
    expect(migrate(db)).toBe(LATEST);
    expect(tables(db)).toEqual(before);
    STEPS[1]!.check(db);
  });

  it('steps N -> N+1 for every migration, keeping the rows seeded at N', () => {
    for (let n = 0; n < LATEST; n++) {
      const db = open();
      expect(migrate(db, MIGRATIONS, n)).toBe(n);
      for (let v = 1; v <= n; v++) STEPS[v]?.seed(db);
      expect(migrate(db, MIGRATIONS, n + 1)).toBe(n + 1);
      for (let v = 1; v <= n; v++) STEPS[v]?.check(db);
      // Seed what version n+1 introduced, then run to the latest: everything survives.
      STEPS[n + 1]?.seed(db);
      expect(migrate(db)).toBe(LATEST);
      for (let v = 1; v <= n + 1; v++) STEPS[v]?.check(db);
      expect(checkIntegrity(db)).toEqual(HEALTHY);
    }
  });

  it('has a seed/check step for every migration, numbered 1..N in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
    for (const m of MIGRATIONS) expect(STEPS[m.version], `STEPS[${m.version}] for migration ${m.name}`).toBeDefined();
  });

  it('applies a later migration on top of existing data (N -> N+1 with a synthetic next migration)', () => {
    const next: Migration = {
      version: LATEST + 1,
      name: 'test_notes',
      sql: `ALTER TABLE documents ADD COLUMN note TEXT NOT NULL DEFAULT '';
            CREATE INDEX documents_by_note ON documents (note);`,
    };
    const db = open();
    migrate(db);
    STEPS[1]!.seed(db);
    expect(migrate(db, [...MIGRATIONS, next])).toBe(LATEST + 1);
    STEPS[1]!.check(db);
    expect(db.prepare('SELECT note FROM documents WHERE id = 1').get()).toEqual({ note: '' });
    // ...and today's code then refuses the upgraded file.
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'archive_from_future' }));
  });

  it('rolls a failing migration back completely, version included', () => {
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      sql: `CREATE TABLE half_done (x INTEGER);
            INSERT INTO no_such_table VALUES (1);`,
    };
    const db = open();
    migrate(db);
    STEPS[1]!.seed(db);
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(tables(db)).not.toContain('half_done');
    STEPS[1]!.check(db);
  });

  it('serves the library listing from documents_by_imported_at, without a sort step', () => {
    const db = open();
    migrate(db);
    const insert = db.prepare(
      "INSERT INTO documents (sha256, title, file_name, bytes, imported_at, status) VALUES (?, ?, ?, 1, ?, 'ready')",
    );
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`sha${i}`, `Doc ${i}`, `d${i}.pdf`, new Date(Date.UTC(2024, 0, 1, 0, 0, i % 50)).toISOString());
    })();
    db.exec('ANALYZE');
    // The library's first page (Archive.listDocuments); later pages: tests/integration/archive-scale.test.ts.
    const plan = db
      .prepare<[number], { detail: string }>(
        "EXPLAIN QUERY PLAN SELECT * FROM documents WHERE status <> 'failed' ORDER BY imported_at DESC, id DESC LIMIT ?",
      )
      .all(100)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/documents_by_imported_at/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('openServices on an archive it cannot use', () => {
  it('refuses a database from a newer version with archive_from_future and leaves it unchanged', async () => {
    const dir = tempDir('abstractor-future-');
    cleanups.push(() => removeDir(dir));
    const file = path.join(dir, 'archive.sqlite');
    // What a newer Abstractor would leave: our pragmas, a newer schema, data.
    const future = openDatabase(file);
    future.exec('CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES (\'keep me\');');
    future.pragma(`user_version = ${LATEST + 5}`);
    future.close();
    const before = snapshot(dir);

    const err = await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('archive_from_future');
    expect(err.message).toMatch(new RegExp(`${LATEST + 5}`));

    expect(snapshot(dir)).toEqual(before); // no files/, tmp/ or -wal left behind either
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST + 5);
    expect(raw.prepare('SELECT x FROM from_the_future').all()).toEqual([{ x: 'keep me' }]);
    raw.close();
  });

  it('refuses a garbage archive.sqlite with archive_corrupt and leaves it unchanged', async () => {
    const dir = tempDir('abstractor-corrupt-');
    cleanups.push(() => removeDir(dir));
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
    fs.writeFileSync(path.join(dir, 'archive.sqlite'), garbage);

    const err = await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('archive_corrupt');
    expect(fs.readFileSync(path.join(dir, 'archive.sqlite')).equals(garbage)).toBe(true);
  });

  it('does not keep the refused database file open', async () => {
    const fdDir = '/proc/self/fd';
    if (!fs.existsSync(fdDir)) return; // Linux only: where open descriptors can be listed
    const dir = tempDir('abstractor-corrupt-');
    cleanups.push(() => removeDir(dir));
    const file = path.join(dir, 'archive.sqlite');
    fs.writeFileSync(file, Buffer.alloc(4096, 0x5a));
    const openOn = () =>
      fs.readdirSync(fdDir).filter((fd) => {
        try {
          return fs.readlinkSync(path.join(fdDir, fd)) === file;
        } catch {
          return false;
        }
      });
    await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES }));
    expect(openOn()).toEqual([]);
  });

  it('refuses a database file that is a truncated SQLite file with archive_corrupt', async () => {
    const dir = tempDir('abstractor-truncated-');
    cleanups.push(() => removeDir(dir));
    const file = path.join(dir, 'archive.sqlite');
    const db = openDatabase(file);
    migrate(db);
    db.pragma('journal_mode = DELETE');
    db.close();
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, 100)); // header only, pages gone
    const err = await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES }));
    expect(err.code).toBe('archive_corrupt');
  });
});
