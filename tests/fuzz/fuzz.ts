// `npm run fuzz -- [--minutes 10] [--runs N] [--seed S] [--time-limit 30] [--replay FILE...]`
// (`--target gguf` fuzzes model headers instead: fuzz-gguf.ts)
// Mutates real PDFs (../shared/corpus legal, medical and adversarial when present, else
// generated ones) and imports each mutant through the real services in a child process
// (fuzz-child.ts). Reports crashes (the child died or threw), hangs (no answer within the
// per-file time limit), worker deaths, broken invariants and `internal` errors, outcomes by
// error code and peak memory of the import process (threads included). Each failing input
// is saved with a note in tests/fuzz/failures/ (git-ignored); a small one that still fails
// after a fix belongs in tests/fuzz/regressions/, which an integration test imports.
// Not part of CI: it runs for minutes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encryptedPdf, imageOnlyPdf, largePdf, rotatedPdf, textPdf, twoColumnPdf } from '../fixtures/pdfs';
import type { FromChild, ToChild } from './fuzz-child';
import { FuzzProcess, type ChildExit, type Hang } from './fuzz-process';
import { mutate, rng } from './mutate';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(HERE, '../../../shared/corpus');
const MAX_SEED_BYTES = 1_600_000;

const { values, positionals } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    'time-limit': { type: 'string', default: '30' },
    'pdf-timeout': { type: 'string', default: '10' },
    slow: { type: 'string', default: '10' },
    out: { type: 'string', default: path.join(HERE, 'failures') },
    replay: { type: 'boolean', default: false },
    target: { type: 'string', default: 'pdf' },
  },
  allowPositionals: true,
});

const budgetMs = Number(values.minutes) * 60_000;
const maxRuns = values.runs ? Number(values.runs) : Number.POSITIVE_INFINITY;
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
const limitMs = Number(values['time-limit']) * 1000;
const pdfTimeoutMs = Number(values['pdf-timeout']) * 1000;
const outDir = path.resolve(values.out!);
/** Imports slower than this are kept (as slow-*.pdf) for a look, without counting as failures. */
const slowMs = Number(values.slow) * 1000;

interface Seed {
  readonly name: string;
  readonly data: Buffer;
}

function loadSeeds(): Seed[] {
  const fromCorpus = ['legal', 'medical', 'adversarial'].flatMap((folder) => {
    const dir = path.join(CORPUS, folder);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.pdf'))
      .map((f) => path.join(dir, f))
      .filter((f) => fs.statSync(f).size > 0 && fs.statSync(f).size <= MAX_SEED_BYTES)
      .map((f) => ({ name: `${folder}/${path.basename(f)}`, data: fs.readFileSync(f) }));
  });
  if (fromCorpus.length > 0) return fromCorpus;
  const generated: Record<string, Uint8Array> = {
    'text.pdf': textPdf({ pages: [['Generated seed page one'], ['Page two of the seed']] }),
    'large-30.pdf': largePdf(30, { linesPerPage: 10 }),
    'image-only.pdf': imageOnlyPdf({ pages: 2 }),
    'encrypted.pdf': encryptedPdf({ userPassword: '' }),
    'rotated.pdf': rotatedPdf(),
    'two-column.pdf': twoColumnPdf(),
  };
  return Object.entries(generated).map(([name, data]) => ({ name: `generated/${name}`, data: Buffer.from(data) }));
}

/** The import process, restarted after a crash or a hang. */
function newImporter(): FuzzProcess<ToChild, FromChild> {
  return new FuzzProcess(path.join(HERE, 'fuzz-child.ts'), { FUZZ_PDF_TIMEOUT_MS: String(pdfTimeoutMs) }, limitMs);
}

type Verdict = 'crash' | 'hang' | 'worker_death' | 'invariant' | 'internal';

function verdictOf(answer: FromChild | ChildExit | Hang): Verdict | null {
  if (answer.type === 'hang') return 'hang';
  if (answer.type === 'exit' || answer.type === 'crash') return 'crash';
  if (answer.type !== 'done') return 'crash';
  if (answer.problems.length > 0) return 'invariant';
  if (answer.code === 'internal') return 'internal';
  // The reader replaced a worker that died (native crash, out of memory) or threw at top level.
  if (answer.message && /reader (stopped unexpectedly|failed on this file)/.test(answer.message)) return 'worker_death';
  return null;
}

function save(verdict: Verdict | 'slow' | 'timeout', data: Buffer, note: Record<string, unknown>): string {
  fs.mkdirSync(outDir, { recursive: true });
  const sha = createHash('sha256').update(data).digest('hex').slice(0, 12);
  const base = path.join(outDir, `${verdict}-${sha}`);
  fs.writeFileSync(`${base}.pdf`, data);
  fs.writeFileSync(`${base}.txt`, `${JSON.stringify({ verdict, ...note }, null, 2)}\n`);
  return `${base}.pdf`;
}

async function replay(files: string[]): Promise<void> {
  const importer = newImporter();
  let id = 0;
  for (const file of files) {
    const answer = await importer.run({ type: 'import', id: ++id, file: path.resolve(file), name: path.basename(file) });
    console.log(`${file}: ${verdictOf(answer) ?? 'ok'} ${JSON.stringify(answer)}`);
  }
  await importer.stop();
}

async function fuzz(): Promise<void> {
  const seeds = loadSeeds();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-fuzz-inputs-'));
  const importer = newImporter();
  const outcomes = new Map<string, number>();
  const verdicts: Record<Verdict, number> = { crash: 0, hang: 0, worker_death: 0, invariant: 0, internal: 0 };
  const saved: string[] = [];
  let runs = 0;
  let slowest = { ms: 0, note: '' };
  const started = Date.now();
  console.error(`fuzz: seed ${seed}, ${seeds.length} seed files, ${values.minutes} min, per-file limit ${limitMs / 1000} s, reader inactivity limit ${pdfTimeoutMs / 1000} s`);
  let lastReport = started;
  try {
    while (Date.now() - started < budgetMs && runs < maxRuns) {
      const runSeed = (seed + runs * 7919) >>> 0;
      const r = rng(runSeed);
      const source = seeds[Math.floor(r() * seeds.length)]!;
      const { data, notes } = mutate(source.data, r);
      const file = path.join(work, `mutant-${runs}.pdf`);
      fs.writeFileSync(file, data);
      const answer = await importer.run({ type: 'import', id: runs, file, name: `mutant-${runs}.pdf` });
      runs += 1;
      const outcome = answer.type === 'done' ? (answer.kind === 'failed' ? `failed:${answer.code}` : answer.kind) : answer.type;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (answer.type === 'done' && answer.ms > slowest.ms) slowest = { ms: answer.ms, note: `${source.name} ${notes.join('; ')}` };
      const verdict = verdictOf(answer);
      if (verdict) {
        verdicts[verdict] += 1;
        saved.push(save(verdict, data, { source: source.name, seed, run: runs - 1, runSeed, mutations: notes, answer }));
        console.error(`  ${verdict}: ${source.name} (${notes.join('; ')}) -> ${saved.at(-1)}`);
      }
      else if (answer.type === 'done' && answer.code === 'timeout') {
        // Not a failure of the fuzzer's own (the reader's limit did its job), but worth a look.
        save('timeout', data, { source: source.name, seed, run: runs - 1, runSeed, mutations: notes, answer });
        console.error(`  reader time-out (${answer.ms} ms): ${source.name} (${notes.join('; ')})`);
      }
      else if (answer.type === 'done' && answer.ms > slowMs) {
        save('slow', data, { source: source.name, seed, run: runs - 1, runSeed, mutations: notes, answer });
        console.error(`  slow (${answer.ms} ms): ${source.name} (${notes.join('; ')})`);
      }
      fs.rmSync(file, { force: true });
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        console.error(`  ${runs} runs, ${Math.round((Date.now() - started) / 1000)} s, peak RSS ${Math.round(importer.peakRssBytes / 1048576)} MiB`);
      }
    }
  } finally {
    await importer.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const byOutcome = Object.fromEntries([...outcomes.entries()].sort((a, b) => b[1] - a[1]));
  console.error(`\n${runs} runs in ${seconds} s (seed ${seed}); import process started ${importer.starts} times`);
  console.error(`outcomes: ${JSON.stringify(byOutcome)}`);
  console.error(`crashes ${verdicts.crash}, hangs ${verdicts.hang}, worker deaths ${verdicts.worker_death}, invariant failures ${verdicts.invariant}, internal errors ${verdicts.internal}`);
  console.error(`peak RSS of the import process: ${Math.round(importer.peakRssBytes / 1048576)} MiB; slowest file ${slowest.ms} ms (${slowest.note})`);
  if (saved.length) console.error(`failing inputs saved in ${outDir}`);
  console.log(
    JSON.stringify({ runs, seconds, seed, crashes: verdicts.crash, hangs: verdicts.hang, worker_deaths: verdicts.worker_death, invariant_failures: verdicts.invariant, internal_errors: verdicts.internal, peak_rss_mb: Math.round(importer.peakRssBytes / 1048576), slowest_ms: slowest.ms, outcomes: byOutcome }),
  );
  process.exitCode = saved.length > 0 ? 1 : 0;
}

if (values.target === 'gguf') {
  const { fuzzGguf } = await import('./fuzz-gguf');
  process.exitCode = await fuzzGguf({ minutes: Number(values.minutes), runs: maxRuns, seed, limitMs, out: outDir, slowMs });
} else if (values.replay) await replay(positionals);
else await fuzz();
