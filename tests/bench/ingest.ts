// npm run bench:ingest — how fast import reads PDFs, against poppler's pdftotext timed
// in the same run over the same files. Prints one JSON line last.
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

  const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-'));
  const services = await openServices({ archiveDir, entries: SOURCE_ENTRIES });
  // Warm the worker pool so both sides start from running processes.
  await services.importer.importMany([{ key: 'warm', name: 'warm.pdf', path: files[0]! }]);
  const sha = services.archive.listDocuments().items[0]!.id;
  await services.files.remove(services.archive.deleteDocument(sha));

  let t0 = performance.now();
  const outcomes = await services.importer.importMany(files.map((f) => ({ key: f, name: path.basename(f), path: f })));
  const oursSeconds = (performance.now() - t0) / 1000;
  const pages = outcomes.reduce((n, o) => n + (o.kind === 'imported' ? o.document.pageCount : 0), 0);
  const failed = outcomes.filter((o) => o.kind === 'failed');
  await services.dispose();
  fs.rmSync(archiveDir, { recursive: true, force: true });

  t0 = performance.now();
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
  console.log(
    JSON.stringify({
      pages,
      ours_pages_per_s: round(ours),
      pdftotext_pages_per_s: round(poppler),
      ratio: round(ours / poppler, 3),
      pdftotext_serial_pages_per_s: round(pages / popplerSerialSeconds),
      lanes,
    }),
  );
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

await main();
