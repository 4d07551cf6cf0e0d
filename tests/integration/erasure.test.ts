// Deleting a document erases it. A generated PDF full of distinctive words is imported,
// summarized and extracted through the job queue (so job steps keep generations) on the
// random-weight tiny model, a value is edited by hand (an audit row) and the document is
// opened (an access-log row); then it is deleted and every byte under the archive folder
// (database, WAL, SHM, files) is scanned for its words, their 6-letter prefixes, the index's
// terms in their segment encodings, and the model's outputs. The scan is proven able to find
// leftovers: before the delete it finds every stored index term in the segment data, and the
// same delete without erasing (secure_delete off, the index's secure-delete off, no
// checkpoint, the file unlinked) leaves hits, some in prefix-compressed form.
// Kept archive copies are erased once past their retention period.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stamp } from '../../electron/main/services/archive/backup-manifest';
import { listKeptCopies } from '../../electron/main/services/archive/kept-copies';
import { setPrivacySettings } from '../../electron/main/services/privacy-settings';
import type { Db } from '../../electron/main/db/open';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { scanBuffer, scanTree, type Needle } from '../helpers/plaintext-scan';
import { checkIntegrity, HEALTHY, openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const TITLE = 'Psychiatric consult Zebulon Quartermaine';
const FILE_NAME = 'consult-zebulon-quartermaine.pdf';
const PHRASES = ['suicidal ideation', 'Zebulon Quartermaine', 'flibbertigibbet haberdashery', 'xylophonist quixotically'];
const WORDS = ['suicidal', 'ideation', 'Zebulon', 'Quartermaine', 'flibbertigibbet', 'haberdashery', 'xylophonist', 'quixotically', 'zymurgy', 'Ostrander'];
const CONSULT_PAGES = [
  [TITLE, 'The patient, Zebulon Quartermaine, reported suicidal ideation.', 'Occupation: xylophonist, quixotically employed in zymurgy.'],
  ['Plan: flibbertigibbet haberdashery review in two weeks.', 'Referred by Dr Ostrander.'],
];
/** A value typed by a person: stored in field_values and in the field audit. */
const TYPED_VALUE = 'Vellacourt Pemberton';
/** Another document, with none of those words, that must stay searchable. */
const BYSTANDER_PAGES = [['Lease of the warehouse at 12 Harbour Road.', 'Rent is payable monthly in advance.']];

const MINI_TEMPLATE = {
  name: 'mini-consult',
  title: 'Mini consult',
  domain: 'medical',
  version: 1,
  description: 'Two fields for tests.',
  fields: [
    { key: 'patient', label: 'Patient', type: 'text', maxLength: 8, instructions: 'The patient name.' },
    { key: 'plan', label: 'Plan', type: 'text', maxLength: 8, instructions: 'The plan.' },
  ],
};

let tiny: string;
const scratch = tempDir('abstractor-erasure-in-');

beforeAll(async () => {
  tiny = await ensureTinyModel();
  fs.writeFileSync(path.join(scratch, FILE_NAME), textPdf({ pages: CONSULT_PAGES, title: TITLE }));
  fs.writeFileSync(path.join(scratch, 'lease.pdf'), textPdf({ pages: BYSTANDER_PAGES, title: 'Warehouse lease' }));
}, 120_000);

afterAll(() => removeDir(scratch));

async function openArchive(dir?: string, archiveKey?: Buffer): Promise<TempArchive> {
  return openTempArchive({
    engineThreads: 1,
    keep: true,
    ...(dir ? { dir } : {}),
    ...(archiveKey ? { archiveKey } : {}),
    extractionSettings: { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 64 },
    summarySettings: { maxOutputTokens: 120, mapOutputTokens: 100, maxBullets: 1, maxBulletChars: 24 },
  });
}

async function importBoth(archive: TempArchive): Promise<{ consult: number; lease: number }> {
  const outcomes = await archive.services.importer.importMany([
    { key: 'c', name: FILE_NAME, path: path.join(scratch, FILE_NAME) },
    { key: 'l', name: 'lease.pdf', path: path.join(scratch, 'lease.pdf') },
  ]);
  const ids = outcomes.map((o) => (o.kind === 'imported' ? o.document.id : NaN));
  return { consult: ids[0]!, lease: ids[1]! };
}

/** The index terms (stemmed, as stored) found in this document's pages and in no other. */
function termsOnlyIn(db: Db, documentId: number): string[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, 'pages_fts_desc', 'instance')");
  return db
    .prepare<[number, number], { term: string }>(
      `SELECT DISTINCT term FROM temp.fts_terms v
       WHERE length(term) >= 5 AND NOT EXISTS (
         SELECT 1 FROM temp.fts_terms o JOIN pages p ON p.id = -o.doc WHERE o.term = v.term AND p.document_id != ?)
       AND EXISTS (SELECT 1 FROM pages p WHERE p.id = -v.doc AND p.document_id = ?)`,
    )
    .all(documentId, documentId)
    .map((r) => r.term);
}

/** The terms stemmed from WORDS: common words of the page (patient, plan) also occur in templates and prompts. */
function distinctive(terms: readonly string[]): string[] {
  const stems = WORDS.map((w) => w.toLowerCase().slice(0, 5));
  return terms.filter((t) => stems.some((s) => t.startsWith(s)));
}

function wordNeedles(): Needle[] {
  const needles: Needle[] = [TITLE, FILE_NAME, TYPED_VALUE, ...PHRASES, ...WORDS].map((text) => ({ label: text, text }));
  for (const word of [...WORDS, ...TYPED_VALUE.split(' ')]) needles.push({ label: `${word.slice(0, 6)}… (prefix of ${word})`, text: word.slice(0, 6) });
  return needles;
}

/** Text the model wrote about the document (long enough not to occur by chance elsewhere). */
function modelOutputNeedles(db: Db, documentId: number): Needle[] {
  const texts = new Set<string>();
  const add = (t: unknown) => {
    if (typeof t === 'string' && t.trim().length >= 16 && new Set(t).size >= 8) texts.add(t.trim());
  };
  for (const { output } of db.prepare<[number], { output: string | null }>('SELECT output FROM runs WHERE document_id = ?').all(documentId)) {
    if (!output) continue;
    JSON.stringify(JSON.parse(output), (_k, v: unknown) => (add(v), v));
  }
  for (const { data } of db
    .prepare<[number], { data: string }>('SELECT s.data FROM job_steps s JOIN jobs j ON j.id = s.job_id WHERE j.document_id = ?')
    .all(documentId)) {
    JSON.stringify(JSON.parse(data), (_k, v: unknown) => (add(v), v));
  }
  return [...texts].map((text) => ({ label: `model output "${text.slice(0, 30)}…"`, text }));
}

function segmentData(db: Db): Buffer {
  return Buffer.concat(db.prepare<[], { block: Buffer }>('SELECT block FROM pages_fts_desc_data').all().map((r) => r.block));
}

describe.each([
  ['a plaintext archive', null],
  ['an encrypted archive', randomBytes(32)],
])('deleting a document in %s', (_kind, archiveKey) => {
  it('erases its text, index terms, model outputs, job steps, audit and file from every byte under the archive folder', async () => {
    const archive = await openArchive(undefined, archiveKey ?? undefined);
    try {
      const { services } = archive;
      services.extraction.templates.save(MINI_TEMPLATE);
      services.jobs.start({ watch: false });
      const { batch } = await services.jobs.startBatch({
        paths: [path.join(scratch, FILE_NAME), path.join(scratch, 'lease.pdf')],
        options: { template: 'mini-consult', summarize: true, modelPath: tiny },
      });
      await services.jobs.queue.idle();
      expect(services.jobs.batch(batch.id).batch.counts).toMatchObject({ done: 2, failed: 0 });
      const consult = services.archive.listDocuments().items.find((d) => d.fileName === FILE_NAME)!.id;
      const lease = services.archive.listDocuments().items.find((d) => d.fileName === 'lease.pdf')!.id;
      const { db } = services;
      const count = (sql: string) => (db.prepare(sql).get(consult) as { n: number }).n;
      // Everything the deletion has to reach exists first.
      expect(count("SELECT count(*) AS n FROM runs WHERE document_id = ? AND kind = 'summary' AND status = 'done'")).toBe(1);
      expect(count("SELECT count(*) AS n FROM runs WHERE document_id = ? AND kind = 'extraction' AND status = 'done'")).toBe(1);
      expect(count('SELECT count(*) AS n FROM job_steps s JOIN jobs j ON j.id = s.job_id WHERE j.document_id = ?')).toBeGreaterThan(0);
      services.extraction.edit(consult, 'mini-consult', 'patient', TYPED_VALUE);
      expect(count('SELECT count(*) AS n FROM field_audit WHERE document_id = ?')).toBeGreaterThan(0);
      services.accessLog.record({ action: 'opened', via: 'app', documentId: consult });

      const terms = distinctive(termsOnlyIn(db, consult));
      expect(terms).toEqual(expect.arrayContaining(['suicid', 'zebulon', 'quartermain', 'flibbertigibbet', 'xylophonist']));
      // The scan sees every one of those terms in the index's segment data as it is stored.
      const before = segmentData(db);
      for (const term of terms) {
        const found = scanBuffer(before, [{ label: term, text: term, ftsTerm: true }]).filter((h) => h.encoding.startsWith('fts'));
        expect(found.length, `term "${term}" in the segment data`).toBeGreaterThan(0);
      }
      const outputs = modelOutputNeedles(db, consult);
      expect(outputs.length).toBeGreaterThan(0);
      const needles = [...wordNeedles(), ...terms.map((t) => ({ label: `index term ${t}`, text: t, ftsTerm: true })), ...outputs];
      db.pragma('wal_checkpoint(TRUNCATE)');
      // Before the delete the scan finds the document, except in an encrypted archive, where
      // neither the database nor the PDFs show any plaintext while it lives.
      const beforeDelete = scanTree([archive.dir], needles);
      if (archiveKey) expect(beforeDelete).toEqual([]);
      else expect(beforeDelete.length).toBeGreaterThan(0);

      const checkpoint = await services.erasure.deleteDocument(consult, 'app');
      expect(checkpoint.busy).toBe(false);

      const hits = scanTree([archive.dir], needles);
      expect(hits.map((h) => `${h.needle} ${h.encoding} @${path.basename(h.file)}:${h.offset}`)).toEqual([]);
      if (archiveKey) {
        // An encrypted archive shows no plaintext of any document, live ones included.
        const live: Needle[] = [{ label: 'lease', text: 'Harbour Road' }, { label: 'lease title', text: 'Warehouse lease' }];
        expect(scanTree([archive.dir], live)).toEqual([]);
      }
      // The rest of the archive is intact and the other document still found.
      expect(checkIntegrity(db)).toEqual(HEALTHY);
      expect(services.archive.search('warehouse').map((h) => h.documentId)).toEqual([lease]);
      expect(services.archive.search('quartermaine')).toEqual([]);
      const log = services.accessLog.list({ documentId: consult }).entries;
      expect(log.map((e) => e.action).sort()).toEqual(['deleted', 'opened']);
      expect(new Set(log.map((e) => e.title))).toEqual(new Set([`deleted document #${consult}`]));
    } finally {
      await archive.dispose();
      removeDir(archive.dir);
    }
  }, 300_000);
});

describe('the scan', () => {
  it('without erasing (the old delete) leaves hits the same scan finds, some only in prefix-compressed index form', async () => {
    const archive = await openArchive();
    try {
      const { services } = archive;
      const { db } = services;
      const { consult } = await importBoth(archive);
      const terms = distinctive(termsOnlyIn(db, consult));
      const needles = [...wordNeedles(), ...terms.map((t) => ({ label: `index term ${t}`, text: t, ftsTerm: true }))];
      // What delete did before: the row and its cascade, the file unlinked, nothing overwritten.
      db.pragma('secure_delete = OFF');
      db.prepare("INSERT INTO pages_fts_desc (pages_fts_desc, rank) VALUES ('secure-delete', 0)").run();
      const sha = services.archive.deleteDocument(consult);
      fs.rmSync(services.files.pathFor(sha));
      const hits = scanTree([archive.dir], needles);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.some((h) => h.encoding === 'utf8')).toBe(true);
      // Terms left in the segments after a shared prefix: bytes no plain search matches. (Each
      // term's plain form is found too, elsewhere: search_terms' deleted rows, not overwritten.)
      expect(hits.filter((h) => h.encoding === 'fts-prefixed').length, JSON.stringify(hits.slice(0, 5))).toBeGreaterThan(0);
    } finally {
      await archive.dispose();
      removeDir(archive.dir);
    }
  }, 120_000);
});

describe('kept archive copies', () => {
  it('are erased at open once older than the retention period (30 days by default, user-set)', async () => {
    const root = tempDir('abstractor-kept-');
    const dir = path.join(root, 'archive');
    let archive = await openArchive(dir);
    try {
      await importBoth(archive);
      await archive.dispose();
      // Copies of the archive with the documents in it, as restore and recovery leave them.
      const old = path.join(root, `archive.before-restore-${stamp(new Date(Date.now() - 31 * 86_400_000))}`);
      const recent = path.join(root, `archive.damaged-${stamp(new Date(Date.now() - 86_400_000))}`);
      const other = path.join(root, `unrelated.before-restore-${stamp(new Date(Date.now() - 400 * 86_400_000))}`);
      for (const copy of [old, recent, other]) fs.cpSync(dir, copy, { recursive: true });

      archive = await openArchive(dir);
      expect((await listKeptCopies(dir)).map((c) => c.path)).toEqual([recent]);
      expect(fs.existsSync(other)).toBe(true); // another archive's copy is not this archive's to erase
      setPrivacySettings(archive.services.db, { keptCopiesDays: 0 });
      await archive.dispose();
      archive = await openArchive(dir);
      expect(await listKeptCopies(dir)).toEqual([]);
      expect(fs.readdirSync(root).sort()).toEqual(['archive', path.basename(other)]);
    } finally {
      await archive.dispose();
      removeDir(root);
    }
  }, 120_000);
});
