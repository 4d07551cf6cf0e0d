// `npm run fuzz -- --target gguf [--minutes 10] [--runs N] [--seed S]`: mutates the headers of
// small models our GGUF writer makes (tests/fixtures/gguf-writer.ts) and reads each mutant
// through the app's model header reader in a child process (fuzz-gguf-child.ts). Reports
// crashes (the child died), hangs (no answer within the limit), reader time-outs (the
// reader's own time limit had to stop it), unexpected codes, and the child's peak memory.
// Failing inputs are saved in tests/fuzz/failures/; small ones worth keeping belong in
// tests/fuzz/regressions/ (*.gguf), which tests/integration/gguf-hostile.test.ts reads.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRandomModel, TINY_MODEL_OPTIONS } from '../fixtures/gguf-writer';
import type { FromGgufChild, ToGgufChild } from './fuzz-gguf-child';
import { FuzzProcess, type ChildExit, type Hang } from './fuzz-process';
import { mapHeader, mutateGguf } from './mutate-gguf';
import { rng } from './mutate';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Seeds keep their header and this much of their weights: the reader never looks further. */
const TAIL_BYTES = 4096;
const EXPECTED = new Set(['ok', 'not_gguf', 'unsupported_model']);

export interface GgufFuzzOptions {
  readonly minutes: number;
  readonly runs: number;
  readonly seed: number;
  readonly limitMs: number;
  readonly out: string;
  readonly slowMs: number;
}

type Verdict = 'crash' | 'hang' | 'reader_timeout' | 'unexpected';

async function seeds(): Promise<Array<{ name: string; data: Buffer }>> {
  const models = {
    'tiny-bytes': await ensureRandomModel(TINY_MODEL_OPTIONS, 'tiny'),
    'tiny-english-2k': await ensureRandomModel({ ...TINY_MODEL_OPTIONS, vocab: 2000, tokenizer: 'english' }, 'fuzz-english'),
  };
  return Object.entries(models).map(([name, file]) => {
    const full = fs.readFileSync(file);
    return { name, data: full.subarray(0, Math.min(full.length, mapHeader(full).end + TAIL_BYTES)) };
  });
}

function verdictOf(answer: FromGgufChild | ChildExit | Hang): Verdict | null {
  if (answer.type === 'hang') return 'hang';
  if (answer.type !== 'done') return 'crash';
  if (answer.message && /took longer than/.test(answer.message)) return 'reader_timeout';
  return EXPECTED.has(answer.code) ? null : 'unexpected';
}

export async function fuzzGguf(o: GgufFuzzOptions): Promise<number> {
  const pool = await seeds();
  const maps = new Map(pool.map((s) => [s.name, mapHeader(s.data)]));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-fuzz-gguf-'));
  const reader = new FuzzProcess<ToGgufChild, FromGgufChild>(path.join(HERE, 'fuzz-gguf-child.ts'), {}, o.limitMs);
  const outcomes = new Map<string, number>();
  const verdicts: Record<Verdict, number> = { crash: 0, hang: 0, reader_timeout: 0, unexpected: 0 };
  const saved: string[] = [];
  let runs = 0;
  let slowest = { ms: 0, note: '' };
  let peakChildRss = 0;
  const started = Date.now();
  let lastReport = started;
  console.error(`fuzz gguf: seed ${o.seed}, ${pool.length} seed models (${pool.map((s) => `${s.name} ${s.data.length} B`).join(', ')}), ${o.minutes} min, limit ${o.limitMs / 1000} s`);
  try {
    while (Date.now() - started < o.minutes * 60_000 && runs < o.runs) {
      const r = rng((o.seed + runs * 7919) >>> 0);
      const source = pool[Math.floor(r() * pool.length)]!;
      const { data, notes } = mutateGguf(source.data, maps.get(source.name)!, r);
      const file = path.join(work, `mutant-${runs}.gguf`);
      fs.writeFileSync(file, data);
      const answer = await reader.run({ type: 'inspect', id: runs, file });
      runs += 1;
      const outcome = answer.type === 'done' ? answer.code : answer.type;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      const note = `${source.name}: ${notes.join('; ')}`;
      if (answer.type === 'done') {
        peakChildRss = Math.max(peakChildRss, answer.rssBytes);
        if (answer.ms > slowest.ms) slowest = { ms: answer.ms, note };
      }
      const verdict = verdictOf(answer);
      if (verdict) {
        verdicts[verdict] += 1;
        saved.push(save(o.out, verdict, data, { source: source.name, seed: o.seed, run: runs - 1, mutations: notes, answer }));
        console.error(`  ${verdict}: ${note} -> ${saved.at(-1)}`);
      } else if (answer.type === 'done' && answer.ms > o.slowMs) {
        save(o.out, 'slow', data, { source: source.name, seed: o.seed, run: runs - 1, mutations: notes, answer });
        console.error(`  slow (${answer.ms} ms): ${note}`);
      }
      fs.rmSync(file, { force: true });
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        console.error(`  ${runs} runs, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }
  } finally {
    await reader.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const byOutcome = Object.fromEntries([...outcomes.entries()].sort((a, b) => b[1] - a[1]));
  const peakMb = Math.round(Math.max(peakChildRss, reader.peakRssBytes) / 1048576);
  console.error(`\n${runs} runs in ${seconds} s (seed ${o.seed}); reader process started ${reader.starts} times`);
  console.error(`outcomes: ${JSON.stringify(byOutcome)}`);
  console.error(`crashes ${verdicts.crash}, hangs ${verdicts.hang}, reader time-outs ${verdicts.reader_timeout}, unexpected codes ${verdicts.unexpected}`);
  console.error(`peak RSS of the reading process: ${peakMb} MiB; slowest read ${slowest.ms} ms (${slowest.note})`);
  console.log(JSON.stringify({ target: 'gguf', runs, seconds, seed: o.seed, crashes: verdicts.crash, hangs: verdicts.hang, reader_timeouts: verdicts.reader_timeout, unexpected: verdicts.unexpected, peak_rss_mb: peakMb, slowest_ms: slowest.ms, outcomes: byOutcome }));
  return saved.length > 0 ? 1 : 0;
}

function save(outDir: string, verdict: Verdict | 'slow', data: Buffer, note: Record<string, unknown>): string {
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${verdict}-${createHash('sha256').update(data).digest('hex').slice(0, 12)}`);
  fs.writeFileSync(`${base}.gguf`, data);
  fs.writeFileSync(`${base}.txt`, `${JSON.stringify({ verdict, ...note }, null, 2)}\n`);
  return `${base}.gguf`;
}
