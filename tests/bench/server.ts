// npm run bench:server — documents per hour through llama-server with 2 slots against the local
// engine, same model file, same threads in total: 20 contracts of ../shared/corpus/legal (their
// first BENCH_PAGES pages; generated contracts without the corpus) extracted with a template, all
// queued at once as batch runs, so the model scheduler runs 2 at a time on the server and 1 at a
// time locally. Also the server's prefix-cache hit rate: prompt tokens its slots already held ÷
// prompt tokens (each run keeps its document in one slot; id_slot). Needs `npm run server:build`.
// Last line: one JSON object. Knobs: BENCH_DOCS (20), BENCH_PAGES (2), BENCH_THREADS (physical
// cores), BENCH_TEMPLATE (mini-contract, 3 fields; `contract` for the built-in one), BENCH_MODEL
// (a GGUF; default the tests' tiny random-weight model).
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { setServerSettings } from '../../electron/main/services/llm/server/inference-server-settings';
import type { ExtractionSettings, QuestionRecord } from '../../electron/main/services/extraction/extractor';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { MINI_CONTRACT_TEMPLATE } from '../fixtures/templates';
import { findLlamaServer, startLlamaServer } from '../helpers/llama-server';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';
import { benchThreads } from './bench-models';

const DOCS = Number(process.env['BENCH_DOCS'] ?? 20);
const PAGES = Number(process.env['BENCH_PAGES'] ?? 2);
const SLOTS = 2;
const TEMPLATE = process.env['BENCH_TEMPLATE'] ?? MINI_CONTRACT_TEMPLATE.name;
const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/legal');
// Random weights never stop: bounded answers keep the run to minutes; the ratio is what matters.
const SETTINGS: Partial<ExtractionSettings> = { maxOutputTokens: 48, maxValueChars: 16, maxListItems: 1, maxEvidence: 1 };

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The documents: corpus contracts cut to PAGES pages, or generated ones. */
async function documents(dir: string): Promise<{ files: string[]; source: string }> {
  const corpus = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.pdf')).sort() : [];
  const files: string[] = [];
  for (let i = 0; i < DOCS; i += 1) {
    const file = path.join(dir, `doc-${String(i).padStart(2, '0')}.pdf`);
    const from = corpus[i % Math.max(1, corpus.length)];
    if (from) {
      const src = await PDFDocument.load(fs.readFileSync(path.join(CORPUS, from)), { ignoreEncryption: true });
      const out = await PDFDocument.create();
      const count = Math.min(PAGES, src.getPageCount());
      for (const page of await out.copyPages(src, Array.from({ length: count }, (_, p) => p))) out.addPage(page);
      // A marker page keeps copies of the same contract (past the corpus's 20) distinct documents.
      if (i >= corpus.length) out.addPage().drawText(`copy ${i}`);
      fs.writeFileSync(file, await out.save());
    } else {
      const pages = Array.from({ length: PAGES }, (_, p) => [
        `Agreement ${i} page ${p + 1}.`,
        `This agreement is made between Party ${i} Corp and Beta LLC.`,
        'This agreement is governed by the laws of the State of New York.',
        'Either party may terminate this agreement with thirty (30) days notice.',
      ]);
      fs.writeFileSync(file, textPdf({ pages, title: `Agreement ${i}` }));
    }
    files.push(file);
  }
  return { files, source: corpus.length > 0 ? `../shared/corpus/legal (first ${PAGES} pages)` : 'generated contracts' };
}

/** Extracts every document, all queued at once; seconds of wall time and the question records. */
async function extractAll(archive: TempArchive, ids: readonly number[], modelPath?: string): Promise<{ seconds: number; records: QuestionRecord[]; failed: number }> {
  const started = performance.now();
  const runs = ids.map((id) => archive.services.extraction.start(id, TEMPLATE, { settings: SETTINGS, priority: 'batch', ...(modelPath ? { modelPath } : {}) }));
  const results = await Promise.all(runs.map((r) => r.done));
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((r) => r.run.status !== 'done');
  for (const r of failed) log(`  run ${r.run.id}: ${r.run.status} ${r.run.error?.code ?? ''} ${r.run.error?.message ?? ''}`);
  return { seconds, records: results.flatMap((r) => (r.output?.questions ?? []) as QuestionRecord[]), failed: failed.length };
}

async function main(): Promise<void> {
  const found = findLlamaServer();
  if ('missing' in found) {
    log(`bench:server needs llama-server: ${found.missing}`);
    console.log(JSON.stringify({ skipped: found.missing, server_docs_per_hour: null, local_docs_per_hour: null, prefix_cache_hit_rate: null }));
    process.exitCode = 1;
    return;
  }
  const threads = benchThreads();
  const model = process.env['BENCH_MODEL'] ?? (await ensureTinyModel());
  const scratch = tempDir('abstractor-bench-server-');
  const archive = await openTempArchive({ engineThreads: threads });
  try {
    const { files, source } = await documents(scratch);
    log(`${files.length} documents from ${source}; model ${path.basename(model)}; ${threads} threads in total; template ${TEMPLATE}`);
    const ids: number[] = [];
    for (const outcome of await archive.services.importer.importMany(files.map((f) => ({ key: f, name: path.basename(f), path: f })))) {
      if (outcome.kind === 'imported' || outcome.kind === 'duplicate') ids.push(outcome.document.id);
      else log(`  import failed: ${JSON.stringify(outcome)}`);
    }
    if (TEMPLATE === MINI_CONTRACT_TEMPLATE.name) archive.services.extraction.templates.save(MINI_CONTRACT_TEMPLATE);
    // The local engine's context, so both answer with the same window per document.
    const contextSize = (await archive.services.engine.loadModel(model)).contextSize;

    // Same threads in total: the server's one process gets them all for its 2 slots.
    const server = await startLlamaServer({ binary: found.binary, model, slots: SLOTS, contextSize: contextSize * SLOTS, threads });
    let served: Awaited<ReturnType<typeof extractAll>>;
    try {
      setServerSettings(archive.services.db, { enabled: true, type: 'llama-server', url: server.url, slots: SLOTS });
      log(`server: llama-server ${server.url}, ${SLOTS} slots × ${contextSize} tokens`);
      served = await extractAll(archive, ids);
    } finally {
      setServerSettings(archive.services.db, { enabled: false });
      await server.stop();
    }
    log(`  ${served.seconds.toFixed(1)} s, ${served.failed} failed`);

    log('local: the engine process, one run at a time');
    const local = await extractAll(archive, ids, model);
    log(`  ${local.seconds.toFixed(1)} s, ${local.failed} failed`);

    const prompt = served.records.reduce((n, r) => n + r.tokensIn, 0);
    const cached = served.records.reduce((n, r) => n + r.tokensCached, 0);
    const perHour = (r: typeof served): number => Math.round(((ids.length - r.failed) / r.seconds) * 3600);
    const result = {
      documents: ids.length,
      source,
      template: TEMPLATE,
      threads,
      slots: SLOTS,
      server_seconds: Number(served.seconds.toFixed(1)),
      local_seconds: Number(local.seconds.toFixed(1)),
      server_docs_per_hour: perHour(served),
      local_docs_per_hour: perHour(local),
      ratio: Number((perHour(served) / perHour(local)).toFixed(2)),
      prefix_cache_hit_rate: prompt > 0 ? Number((cached / prompt).toFixed(3)) : 0,
      failed: { server: served.failed, local: local.failed },
    };
    log(`server ${result.server_docs_per_hour} docs/h, local ${result.local_docs_per_hour} docs/h (×${result.ratio}); prefix cache hit rate ${result.prefix_cache_hit_rate}`);
    console.log(JSON.stringify(result));
  } finally {
    await archive.dispose();
    removeDir(scratch);
  }
}

await main();
