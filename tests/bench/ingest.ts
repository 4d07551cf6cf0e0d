// npm run bench:ingest — how fast import reads PDFs, against poppler's pdftotext timed
// in the same run over the same files; then the same import into an encrypted archive
// (SQLCipher 4, a raw key) beside a plaintext one, and search latency (p50/p95) in both.
// Prints one JSON line last.
import { randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultConcurrency, openServices } from '../../electron/main/services/compose';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';

const run = promisify(execFile);
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');

function pdfsIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => path.join(dir, f));
}

function ensurePdftotext(): void {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    console.error('pdftotext is missing; installing poppler-utils with apt-get…');
    execFileSync('bash', ['-c', 'apt-get update -qq && apt-get install -y -qq poppler-utils'], { stdio: 'inherit' });
  }
}

/** Runs `task` over the items with `lanes` in flight at once. */
async function pool<T>(items: readonly T[], lanes: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function main(): Promise<void> {
  if (!fs.existsSync(corpus)) {
    console.error(`No corpus at ${corpus}; the benchmark needs ../shared/corpus.`);
    process.exit(1);
  }
  ensurePdftotext();
  const files = [...pdfsIn(path.join(corpus, 'legal')), ...pdfsIn(path.join(corpus, 'medical'))];
  const lanes = defaultConcurrency();

  const plain = await ingest(files, null);
  const encrypted = await ingest(files, randomBytes(32));
  const plainSearch = searchLatency(plain.services);
  const encryptedSearch = searchLatency(encrypted.services);
  await plain.close();
  await encrypted.close();
  const { pages, failed, seconds: oursSeconds } = plain;

  let t0 = performance.now();
  await pool(files, lanes, async (f) => void (await run('pdftotext', ['-q', f, '-'], { maxBuffer: 1 << 30 })));
  const popplerSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await pool(files, 1, async (f) => void (await run('pdftotext', ['-q', f, '-'], { maxBuffer: 1 << 30 })));
  const popplerSerialSeconds = (performance.now() - t0) / 1000;

  const ours = pages / oursSeconds;
  const poppler = pages / popplerSeconds;
  console.log(`files ${files.length}, pages ${pages}, failed ${failed.length}, lanes ${lanes}`);
  console.log(`ours ${oursSeconds.toFixed(2)} s (import into SQLite with positions and FTS)`);
  console.log(`pdftotext ${popplerSeconds.toFixed(2)} s with ${lanes} in parallel, ${popplerSerialSeconds.toFixed(2)} s one at a time`);
  console.log(`encrypted archive ${encrypted.seconds.toFixed(2)} s (${encrypted.pages} pages, ${encrypted.failed.length} failed)`);
  console.log(`search p50/p95: plaintext ${plainSearch.p50}/${plainSearch.p95} ms, encrypted ${encryptedSearch.p50}/${encryptedSearch.p95} ms (${plainSearch.samples} queries each)`);
  console.log(
    JSON.stringify({
      pages,
      ours_pages_per_s: round(ours),
      pdftotext_pages_per_s: round(poppler),
      ratio: round(ours / poppler, 3),
      pdftotext_serial_pages_per_s: round(pages / popplerSerialSeconds),
      lanes,
      encrypted_pages_per_s: round(encrypted.pages / encrypted.seconds),
      encrypted_ratio: round(encrypted.pages / encrypted.seconds / ours, 3),
      search_ms_plaintext: { p50: plainSearch.p50, p95: plainSearch.p95 },
      search_ms_encrypted: { p50: encryptedSearch.p50, p95: encryptedSearch.p95 },
      search_p50_ratio: round(encryptedSearch.p50 / plainSearch.p50, 3),
      search_p95_ratio: round(encryptedSearch.p95 / plainSearch.p95, 3),
    }),
  );
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Imports every file into a fresh archive (plaintext, or encrypted with `key`) after a warm-up. */
async function ingest(files: readonly string[], key: Buffer | null) {
  const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-'));
  const services = await openServices({ archiveDir, entries: SOURCE_ENTRIES, ...(key ? { archiveKey: key } : {}) });
  // Warm the worker pool so both sides start from running processes.
  await services.importer.importMany([{ key: 'warm', name: 'warm.pdf', path: files[0]! }]);
  const warm = services.archive.listDocuments().items[0]!.id;
  await services.files.remove(services.archive.deleteDocument(warm));

  const t0 = performance.now();
  const outcomes = await services.importer.importMany(files.map((f) => ({ key: f, name: path.basename(f), path: f })));
  const seconds = (performance.now() - t0) / 1000;
  return {
    services,
    seconds,
    pages: outcomes.reduce((n, o) => n + (o.kind === 'imported' ? o.document.pageCount : 0), 0),
    failed: outcomes.filter((o) => o.kind === 'failed'),
    async close() {
      await services.dispose();
      fs.rmSync(archiveDir, { recursive: true, force: true });
    },
  };
}

// Words and phrases both halves of the corpus use, common and rare.
const QUERIES = ['agreement', 'patient', 'termination', '"governing law"', 'diagnosis', 'medication', 'indemnify', 'confidential', 'allergies', 'liability'];

/** Search latency over QUERIES, each run 20 times (the first round not counted: caches warm). */
function searchLatency(services: Awaited<ReturnType<typeof openServices>>) {
  const times: number[] = [];
  for (let round = 0; round <= 20; round++) {
    for (const query of QUERIES) {
      const t0 = performance.now();
      services.archive.search(query, 50);
      if (round > 0) times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!, 2);
  return { p50: at(0.5), p95: at(0.95), samples: times.length };
}

await main();
