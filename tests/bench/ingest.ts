// npm run bench:ingest — how fast import reads PDFs, against raw pdf.js (the library the
// import reads with: getTextContent on every page, nothing else) and poppler's pdftotext,
// both with the same number of lanes over the same files in the same run. The three take
// turns for --rounds rounds (default 2), the order reversed every other round, so a change
// in the machine's load hits all alike; rates are over the rounds' summed times. Then the
// same import into an encrypted archive (SQLCipher 4, a raw key) beside a plaintext one,
// and search latency (p50/p95) in both. Prints one JSON line last. CPU time (user + system
// of every thread, and of pdftotext's processes) is reported beside wall time: on a machine
// shared with other work, wall time mostly measures the load, CPU time per page much less.
import { randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { defaultConcurrency, openServices } from '../../electron/main/services/compose';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { spawnWorker } from '../../electron/main/services/spawn-worker';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import type { RawRequest } from './raw-pdfjs-worker';

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
  const rounds = Math.max(1, Number(argValue('--rounds') ?? 2));
  const raw = await RawPdfjs.start(lanes, files[0]!);

  const pdftotext = async () => {
    const c0 = childCpuSeconds();
    const t0 = performance.now();
    await pool(files, lanes, async (f) => void (await run('pdftotext', ['-q', f, '-'], { maxBuffer: 1 << 30 })));
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: childCpuSeconds() - c0 };
  };
  const sum = { ours: 0, oursCpu: 0, raw: 0, rawCpu: 0, poppler: 0, popplerCpu: 0 };
  let plain: Awaited<ReturnType<typeof ingest>> | null = null;
  let rawPages = 0;
  for (let r = 0; r < rounds; r++) {
    const steps = ['ours', 'raw', 'poppler'] as const;
    const times = { ours: 0, raw: 0, poppler: 0 };
    for (const step of r % 2 === 0 ? steps : [...steps].reverse()) {
      if (step === 'ours') {
        await plain?.close();
        plain = await ingest(files, null);
        times.ours = plain.seconds;
        sum.oursCpu += plain.cpuSeconds;
      } else if (step === 'raw') {
        const read = await raw.read(files);
        rawPages = read.pages;
        times.raw = read.seconds;
        sum.rawCpu += read.cpuSeconds;
      } else {
        const read = await pdftotext();
        times.poppler = read.seconds;
        sum.popplerCpu += read.cpuSeconds;
      }
    }
    sum.ours += times.ours;
    sum.raw += times.raw;
    sum.poppler += times.poppler;
    console.log(`round ${r + 1}: ours ${times.ours.toFixed(2)} s, raw pdf.js ${times.raw.toFixed(2)} s, pdftotext ${times.poppler.toFixed(2)} s (load ${loadAverage()})`);
  }
  await raw.close();
  plain = plain!;
  const t0 = performance.now();
  await pool(files, 1, async (f) => void (await run('pdftotext', ['-q', f, '-'], { maxBuffer: 1 << 30 })));
  const popplerSerialSeconds = (performance.now() - t0) / 1000;

  const encrypted = await ingest(files, randomBytes(32));
  const plainSearch = searchLatency(plain.services);
  const encryptedSearch = searchLatency(encrypted.services);
  await plain.close();
  await encrypted.close();
  const { pages, failed } = plain;
  if (rawPages !== pages) console.error(`raw pdf.js read ${rawPages} pages, the import ${pages}.`);

  const ours = (pages * rounds) / sum.ours;
  const rawRate = (pages * rounds) / sum.raw;
  const poppler = (pages * rounds) / sum.poppler;
  console.log(`files ${files.length}, pages ${pages}, failed ${failed.length}, lanes ${lanes}, rounds ${rounds}`);
  console.log(`ours ${(sum.ours / rounds).toFixed(2)} s a round (import into SQLite with positions and FTS), ${(sum.oursCpu / rounds).toFixed(2)} s CPU`);
  console.log(`raw pdf.js ${(sum.raw / rounds).toFixed(2)} s a round with ${lanes} worker threads, ${(sum.rawCpu / rounds).toFixed(2)} s CPU`);
  console.log(`pdftotext ${(sum.poppler / rounds).toFixed(2)} s a round with ${lanes} in parallel, ${(sum.popplerCpu / rounds).toFixed(2)} s CPU; ${popplerSerialSeconds.toFixed(2)} s one at a time`);
  const cpuMsPerPage = (cpu: number) => round((1000 * cpu) / (pages * rounds), 2);
  console.log(`CPU a page: ours ${cpuMsPerPage(sum.oursCpu)} ms, raw pdf.js ${cpuMsPerPage(sum.rawCpu)} ms, pdftotext ${cpuMsPerPage(sum.popplerCpu)} ms`);
  console.log(`encrypted archive ${encrypted.seconds.toFixed(2)} s (${encrypted.pages} pages, ${encrypted.failed.length} failed)`);
  console.log(`search p50/p95: plaintext ${plainSearch.p50}/${plainSearch.p95} ms, encrypted ${encryptedSearch.p50}/${encryptedSearch.p95} ms (${plainSearch.samples} queries each)`);
  console.log(`load average ${loadAverage()} on ${os.availableParallelism()} cores`);
  console.log(
    JSON.stringify({
      pages,
      ours_pages_per_s: round(ours),
      raw_pdfjs_pages_per_s: round(rawRate),
      ours_vs_raw_pdfjs: round(ours / rawRate, 3),
      ours_vs_raw_pdfjs_cpu: round(sum.rawCpu / sum.oursCpu, 3),
      pdftotext_pages_per_s: round(poppler),
      ratio: round(ours / poppler, 3),
      ratio_cpu: round(sum.popplerCpu / sum.oursCpu, 3),
      cpu_ms_per_page: { ours: cpuMsPerPage(sum.oursCpu), raw_pdfjs: cpuMsPerPage(sum.rawCpu), pdftotext: cpuMsPerPage(sum.popplerCpu) },
      pdftotext_serial_pages_per_s: round(pages / popplerSerialSeconds),
      lanes,
      rounds,
      encrypted_pages_per_s: round(encrypted.pages / encrypted.seconds),
      encrypted_ratio: round(encrypted.pages / encrypted.seconds / ours, 3),
      search_ms_plaintext: { p50: plainSearch.p50, p95: plainSearch.p95 },
      search_ms_encrypted: { p50: encryptedSearch.p50, p95: encryptedSearch.p95 },
      search_p50_ratio: round(encryptedSearch.p50 / plainSearch.p50, 3),
      search_p95_ratio: round(encryptedSearch.p95 / plainSearch.p95, 3),
      load_average: os.loadavg().map((n) => round(n, 2)),
      // More runnable work than cores: wall-time ratios are upper bounds, read the CPU ones.
      under_load: os.loadavg()[0]! > os.availableParallelism(),
    }),
  );
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

/** CPU time of this process (every thread: the import's and raw pdf.js's workers are threads). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * CPU time of this process's waited-for children (pdftotext): /proc/self/stat's cutime and
 * cstime, in clock ticks (100 a second on Linux). 0 where /proc is missing.
 */
function childCpuSeconds(): number {
  try {
    // Fields after the parenthesised command name; cutime and cstime are the 16th and 17th of the line.
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Raw pdf.js in `lanes` worker threads, started the way the PDF reader starts its own
 * (spawnWorker with pdf.js preloaded, the same heap limit), each reading whole files.
 */
class RawPdfjs {
  private constructor(private readonly workers: Worker[]) {}

  static async start(lanes: number, warmFile: string): Promise<RawPdfjs> {
    const entry = fileURLToPath(new URL('./raw-pdfjs-worker.ts', import.meta.url));
    const { modules } = runtimeAssets().pdfjs;
    const raw = new RawPdfjs(Array.from({ length: lanes }, () => spawnWorker(entry, { maxOldGenerationSizeMb: 2048 }, modules)));
    // Warm every thread so timing starts from running workers, as the import's does.
    await Promise.all(raw.workers.map((w) => raw.readOne(w, warmFile)));
    return raw;
  }

  async read(files: readonly string[]): Promise<{ pages: number; seconds: number; cpuSeconds: number }> {
    const idle = [...this.workers];
    let pages = 0;
    const c0 = cpuSeconds();
    const t0 = performance.now();
    await pool(files, this.workers.length, async (f) => {
      const worker = idle.pop()!;
      const read = await this.readOne(worker, f);
      pages += read;
      idle.push(worker);
    });
    return { pages, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - c0 };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private readOne(worker: Worker, file: string): Promise<number> {
    const { cMapDir, standardFontDir } = runtimeAssets().pdfjs;
    const request: RawRequest = { path: file, cMapDir, standardFontDir };
    return new Promise((resolve, reject) => {
      worker.once('message', (msg: { pages: number; error?: string }) => (msg.error ? reject(new Error(`${file}: ${msg.error}`)) : resolve(msg.pages)));
      worker.postMessage(request);
    });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Imports every file into a fresh archive (plaintext, or encrypted with `key`) after a warm-up. */
async function ingest(files: readonly string[], key: Buffer | null) {
  const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-'));
  const services = await openServices({ archiveDir, entries: SOURCE_ENTRIES, ...(key ? { archiveKey: key } : {}) });
  // Warm the whole worker pool (one file per lane, read at once) so every side starts from
  // running threads: one small file would start only the first worker.
  await services.importer.importMany(files.slice(0, defaultConcurrency()).map((f, i) => ({ key: `warm-${i}`, name: 'warm.pdf', path: f })));
  for (const warm of services.archive.listDocuments().items) await services.files.remove(services.archive.deleteDocument(warm.id));

  const c0 = cpuSeconds();
  const t0 = performance.now();
  const outcomes = await services.importer.importMany(files.map((f) => ({ key: f, name: path.basename(f), path: f })));
  const seconds = (performance.now() - t0) / 1000;
  return {
    services,
    seconds,
    cpuSeconds: cpuSeconds() - c0,
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
