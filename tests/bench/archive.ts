// npm run bench:archive -- --documents 100000 — a synthetic archive of N documents (about
// 20 pages each, a long tail to 500; page text drawn from the corpus's word frequencies),
// built through the archive's own import steps and cached outside the repo (resumable: an
// interrupted build continues where it stopped), plaintext and encrypted. Then p50/p95/p99
// of searches (rare, mid, common, AND, phrase, prefix, domain filter), library pages (first
// and later, keyset through the API), opening a document, counts per status; the rate of
// importing a real PDF into the full archive against an empty one; size per page and backup
// time. Prints a table, then one JSON line last.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { backfillStep, currentSearchIndex, hasOldIndex, termsStep } from '../../electron/main/services/archive/search-index';
import { openServices, type Services } from '../../electron/main/services/compose';
import { createHandlers } from '../../electron/main/api/handlers';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { backupArchive } from '../../electron/main/services/archive/backup';
import { convertArchive } from '../../electron/main/services/archive/convert';
import { newKeyStore } from '../../electron/main/services/keys/keystore';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { textPdf } from '../fixtures/pdfs';
import { vocabulary, writeSyntheticDocuments, type Vocabulary } from '../helpers/synthetic-archive';

// 2: every document has a file in the store (a backup copies and checks them all).
const GENERATOR_VERSION = 2;
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const DOCUMENTS = arg('documents', 100_000);
const WORDS_PER_PAGE = arg('words-per-page', 120);
const RUNS = arg('runs', 60);
const BUILD_ONLY = process.argv.includes('--build-only');

const log = (...parts: unknown[]) => console.error(`[bench:archive ${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function build(dir: string, vocab: Vocabulary): Promise<Services> {
  const services = await openServices({ entries: SOURCE_ENTRIES, archiveDir: dir });
  // Documents are written in order, so the ready ones are 0..done-1; one left importing is redone.
  let done = services.archive.countByStatus().byStatus.ready;
  if (done < DOCUMENTS) log(`plaintext: building from document ${done} to ${DOCUMENTS} in ${dir}`);
  const started = performance.now();
  let pages = 0;
  while (done < DOCUMENTS) {
    const to = Math.min(DOCUMENTS, done + 500);
    // Each document's file (a one-page PDF naming it), stored as an import stores it.
    const shas = new Map<number, string>();
    for (let i = done; i < to; i++) {
      const staged = await services.files.stageFromBytes(textPdf({ pages: [[`Synthetic document ${i}`]], title: `Synthetic ${i}` }));
      await services.files.commit(staged);
      shas.set(i, staged.sha256);
    }
    pages += writeSyntheticDocuments(services.archive, done, to, { vocab, wordsPerPage: WORDS_PER_PAGE, sha256Of: (i) => shas.get(i)! });
    done = to;
    const s = (performance.now() - started) / 1000;
    if (done % 5000 < 500 || done === DOCUMENTS) log(`  ${done} documents, ${Math.round(pages / s)} pages/s`);
  }
  return services;
}

/**
 * The encrypted archive: the plaintext one copied, then encrypted by `archive encrypt`'s own
 * conversion (database re-keyed, every file encrypted), rather than indexing the pages twice.
 */
async function encryptedCopy(plainDir: string, dir: string, key: Buffer, documents: number): Promise<Services> {
  // The copy records how many documents it holds; a plaintext archive built further is copied again.
  const done = path.join(dir, '.complete');
  if (!fs.existsSync(done) || fs.readFileSync(done, 'utf8') !== String(documents)) {
    log(`encrypted: copying the plaintext archive into ${dir} and encrypting it as \`archive encrypt\` does`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(plainDir, dir, { recursive: true });
    await convertArchive({ archiveDir: dir, currentKey: null, next: await newKeyStore({ passphrase: 'bench passphrase', key }) });
    fs.writeFileSync(done, String(documents));
  }
  return openServices({ entries: SOURCE_ENTRIES, archiveDir: dir, archiveKey: key });
}

/**
 * A cache from before migration 10 (11, 12) gets its newest-first search index (page_documents,
 * search_terms) as any archive does: the build's steps (run here back to back, timed), then,
 * if pages_fts was there, the open that drops it (timed).
 */
async function withSearchIndex(kind: string, services: Services, reopen: () => Promise<Services>): Promise<Services> {
  const oldIndex = hasOldIndex(services.db);
  const ix = currentSearchIndex(services.db);
  if (!oldIndex && ix.documentOf === 'page_documents' && ix.termsListed) return services;
  let started = performance.now();
  let pages = 0;
  for (let step = backfillStep(services.db); ; step = backfillStep(services.db)) {
    pages += step.indexed;
    if (step.done) break;
  }
  let terms = 0;
  for (let step = termsStep(services.db, 10_000); ; step = termsStep(services.db, 10_000)) {
    terms += step.listed;
    if (step.done) break;
  }
  log(`${kind}: search tables built for ${pages} pages and ${terms} terms in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!oldIndex) return services;
  await services.dispose();
  started = performance.now();
  const reopened = await reopen();
  log(`${kind}: reopened, pages_fts dropped, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return reopened;
}

function stats(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
const round = (n: number) => Math.round(n * 100) / 100;

async function timeCalls(dispatch: Dispatch, calls: Array<[string, unknown]>, runs: number): Promise<{ p50: number; p95: number; p99: number; last: unknown }> {
  const samples: number[] = [];
  let last: unknown = null;
  for (let r = 0; r < runs; r++) {
    const [name, payload] = calls[r % calls.length]!;
    const t = performance.now();
    const envelope = await dispatch(name, payload);
    samples.push(performance.now() - t);
    if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
    last = envelope.data;
  }
  return { ...stats(samples), last };
}

interface Measured {
  readonly p: Record<string, { p50: number; p95: number; p99: number }>;
  readonly hits: Record<string, string>;
  readonly pages: number;
  readonly dbBytes: number;
  readonly backupSeconds: number;
}

async function measure(services: Services, vocab: Vocabulary): Promise<Measured> {
  const dispatch = createDispatcher(createHandlers(services, { version: 'bench', transport: 'ipc' }));
  const words = vocab.words.filter((w) => /^\p{L}{3,}$/u.test(w));
  const slice = (from: number, n: number) => words.slice(from, from + n);
  const common = slice(0, 10);
  const mid = slice(300, 20);
  const rare = words.slice(-40);
  const search = (query: string, extra: object = {}) => ['search:query', { query, limit: 50, ...extra }] as [string, unknown];
  const classes: Record<string, Array<[string, unknown]>> = {
    rare: rare.map((w) => search(w)),
    mid: mid.map((w) => search(w)),
    common: common.map((w) => search(w)),
    and: mid.map((w, i) => search(`${common[i % common.length]} ${w}`)),
    phrase: common.map((w, i) => search(`"${w} ${common[(i + 1) % common.length]}"`)),
    prefix: mid.map((w) => search(`${w.slice(0, 5)}*`)),
    filtered: mid.map((w) => search(w, { domain: 'legal' })),
  };
  const p: Measured['p'] = {};
  const hits: Record<string, string> = {};
  for (const [name, calls] of Object.entries(classes)) {
    await timeCalls(dispatch, calls.slice(0, 3), 3); // warm the statements and the cache
    const result = await timeCalls(dispatch, calls, RUNS);
    p[name] = result;
    const last = result.last as { total: number; totalExact: boolean; ranking: string };
    hits[name] = `${last.totalExact ? '' : '≥'}${last.total} (${last.ranking})`;
  }

  // Library: the first page, then later pages reached through the cursor (the UI scrolling).
  const first = { view: 'library' };
  p.list_first = await timeCalls(dispatch, [['documents:list', first]], RUNS);
  const later: Array<[string, unknown]> = [];
  let after = null as unknown;
  for (let i = 0; i < RUNS && (i === 0 || after); i++) {
    const page = (await dispatch('documents:list', { ...first, after })) as { ok: true; data: { next: unknown } };
    after = page.data.next;
    if (after) later.push(['documents:list', { ...first, after }]);
  }
  p.list_page = await timeCalls(dispatch, later, RUNS);
  p.list_title = await timeCalls(dispatch, [['documents:list', { view: 'library', sort: { key: 'title', direction: 'asc' } }]], RUNS);

  const count = services.archive.countByStatus().total;
  const ids = Array.from({ length: 40 }, (_, i) => 1 + Math.floor(((i * 7919) % 1000) / 1000 * count));
  // Opening a document: its metadata and page list, then its first page's text, as the reader does.
  const openSamples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const id = ids[r % ids.length]!;
    const t = performance.now();
    const a = await dispatch('documents:get', { id });
    const b = await dispatch('documents:page', { id, page: 1 });
    openSamples.push(performance.now() - t);
    if (!a.ok || !b.ok) throw new Error(`open ${id} failed`);
  }
  p.open = stats(openSamples);
  p.counts = await timeCalls(dispatch, [['documents:counts', {}]], RUNS);

  const pages = (services.db.prepare('SELECT count(*) AS n FROM pages').get() as { n: number }).n;
  services.db.pragma('wal_checkpoint(TRUNCATE)');
  const dbBytes = fs.statSync(services.layout.database).size;
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-backup-'));
  const t = performance.now();
  await backupArchive({ db: services.db, layout: services.layout, dest, appVersion: 'bench', keys: services.files.keys, passphrase: 'bench passphrase' });
  const backupSeconds = (performance.now() - t) / 1000;
  fs.rmSync(dest, { recursive: true, force: true });
  return { p, hits, pages, dbBytes, backupSeconds };
}

/** Pages per second importing the same real PDFs into `services`; the imported documents are deleted after. */
async function importRate(services: Services, pdfs: string[]): Promise<number> {
  let pages = 0;
  let seconds = 0;
  for (const file of pdfs) {
    const data = fs.readFileSync(file);
    const t = performance.now();
    const [outcome] = await services.importer.importMany([{ key: file, name: path.basename(file), data }]);
    seconds += (performance.now() - t) / 1000;
    if (outcome?.kind !== 'imported') throw new Error(`import of ${file}: ${JSON.stringify(outcome)}`);
    pages += outcome.document.pageCount;
    await services.erasure.deleteDocument(outcome.document.id, 'cli');
  }
  return pages / seconds;
}

function corpusPdfs(): string[] {
  const dir = path.join(corpus, 'legal');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().slice(0, 6).map((f) => path.join(dir, f));
}

async function main(): Promise<void> {
  const vocab = vocabulary(fs.existsSync(corpus) ? corpus : null);
  // Not the document count: document i is the same in any build, so a larger run extends a smaller one's cache.
  const params = { WORDS_PER_PAGE, GENERATOR_VERSION, source: vocab.source, words: vocab.words.length };
  const hash = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
  const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'abstractor', 'bench-archive', hash);
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, 'params.json'), JSON.stringify(params));
  const keyFile = path.join(cache, 'encrypted.key');
  if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
  log(`vocabulary: ${vocab.words.length} words from the ${vocab.source}; cache ${cache}`);

  const pdfs = corpusPdfs();
  const results: Record<string, Measured & { importRatio: number | null }> = {};
  let documents = 0;
  for (const kind of ['plaintext', 'encrypted'] as const) {
    const key = kind === 'encrypted' ? fs.readFileSync(keyFile) : null;
    const built = key ? await encryptedCopy(path.join(cache, 'plaintext'), path.join(cache, kind), key, documents) : await build(path.join(cache, kind), vocab);
    const services = await withSearchIndex(kind, built, () => openServices({ entries: SOURCE_ENTRIES, archiveDir: path.join(cache, kind), ...(key ? { archiveKey: key } : {}) }));
    // A cache built further by an earlier, larger run is measured as it is.
    documents = services.archive.countByStatus().total;
    if (BUILD_ONLY) {
      await services.dispose();
      continue;
    }
    try {
      // As a user opening the app: searches start once its steps after open have run.
      const opened = performance.now();
      const alive = setInterval(() => {}, 1000); // the steps' timers never keep a process alive
      await services.searchReady;
      clearInterval(alive);
      log(`${kind}: waited ${((performance.now() - opened) / 1000).toFixed(1)} s for the search index's steps after open (its terms listed, its page lengths into the cache); measuring`);
      const measured = await measure(services, vocab);
      let importRatio: number | null = null;
      if (pdfs.length) {
        const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-empty-'));
        const empty = await openServices({ entries: SOURCE_ENTRIES, archiveDir: emptyDir, ...(key ? { archiveKey: key } : {}) });
        try {
          await importRate(empty, pdfs.slice(0, 1)); // warm the workers
          await importRate(services, pdfs.slice(0, 1));
          const emptyRate = await importRate(empty, pdfs);
          const fullRate = await importRate(services, pdfs);
          importRatio = round(fullRate / emptyRate);
        } finally {
          await empty.dispose();
          fs.rmSync(emptyDir, { recursive: true, force: true });
        }
      }
      results[kind] = { ...measured, importRatio };
    } finally {
      await services.dispose();
    }
  }

  if (BUILD_ONLY) return;
  const rows = Object.keys(results.plaintext!.p);
  console.log(`\nbench:archive — ${documents} documents, ${results.plaintext!.pages} pages, ${WORDS_PER_PAGE} words/page (${vocab.source} vocabulary)`);
  console.log(`${'measure'.padEnd(12)} ${'plaintext p50/p95/p99 ms'.padEnd(28)} ${'encrypted p50/p95/p99 ms'.padEnd(28)} hits (plaintext)`);
  for (const row of rows) {
    const cell = (m: Measured) => `${m.p[row]!.p50} / ${m.p[row]!.p95} / ${m.p[row]!.p99}`.padEnd(28);
    console.log(`${row.padEnd(12)} ${cell(results.plaintext!)} ${cell(results.encrypted!)} ${results.plaintext!.hits[row] ?? ''}`);
  }
  for (const kind of ['plaintext', 'encrypted'] as const) {
    const r = results[kind]!;
    console.log(`${kind}: ${(r.dbBytes / r.pages).toFixed(0)} bytes/page (${(r.dbBytes / 1e9).toFixed(2)} GB), backup ${r.backupSeconds.toFixed(1)} s, import full/empty ${r.importRatio ?? 'n/a'}`);
  }
  const worst = (row: string) => Math.max(results.plaintext!.p[row]!.p95, results.encrypted!.p[row]!.p95);
  const importRatio = Math.min(results.plaintext!.importRatio ?? Infinity, results.encrypted!.importRatio ?? Infinity);
  console.log(
    JSON.stringify({
      documents,
      pages: results.plaintext!.pages,
      words_per_page: WORDS_PER_PAGE,
      p95_ms: {
        rare: worst('rare'),
        mid: worst('mid'),
        common: worst('common'),
        and: worst('and'),
        phrase: worst('phrase'),
        prefix: worst('prefix'),
        filtered: worst('filtered'),
        list_page: Math.max(worst('list_first'), worst('list_page')),
        open: worst('open'),
      },
      counts_p95_ms: worst('counts'),
      import_ratio: Number.isFinite(importRatio) ? importRatio : null,
      bytes_per_page: Math.round(results.plaintext!.dbBytes / results.plaintext!.pages),
      backup_s: { plaintext: round(results.plaintext!.backupSeconds), encrypted: round(results.encrypted!.backupSeconds) },
    }),
  );
}

await main();
