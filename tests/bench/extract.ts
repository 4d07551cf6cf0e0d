// npm run bench:extract — the contract template over a 20-page contract (the first 20 of L12's
// 40 pages) on a random-weight model shaped like Qwen2.5-0.5B (Q8_0; the file bench:llm writes,
// shared through its cache).
// First what the extraction grammar costs per token at Qwen2.5's 151,936-token vocabulary
// (grammar_ratio: constrained / unconstrained ms per token; grammar-cost.ts). Then measures what
// the run evaluates against what it was given (the re-read factor: 1 means every passage and
// answer token was evaluated once) and what a naive whole-document-per-field run would take at the
// measured rates. Last line: one JSON object. Knobs: BENCH_ROUNDS (2), BENCH_GRAMMAR_TOKENS (32),
// BENCH_ONLY=grammar (skip the contract run), BENCH_GRAMMAR_BASELINE=0 (skip node-llama-cpp's
// own grammar), BENCH_PAGES.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { openServices } from '../../electron/main/services/compose';
import type { ExtractionSettings } from '../../electron/main/services/extraction/extractor';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { ensureBenchModel, benchThreads, QWEN_05B_FULL_VOCAB, QWEN_05B_LIKE } from './bench-models';
import { grammarCost } from './grammar-cost';
import { textPdf } from '../fixtures/pdfs';

const CORPUS_DOC = path.resolve(import.meta.dirname, '../../../shared/corpus/legal/L12_cuad_whitesmoke_google_promotion.pdf');
const PAGES = Number(process.env['BENCH_PAGES'] ?? 20);
const CONTEXT = Number(process.env['BENCH_CONTEXT'] ?? 32_768);
// Random weights never stop: short answers keep the run to minutes; the ratio is what matters.
const SETTINGS: Partial<ExtractionSettings> = { maxContextSize: CONTEXT, maxOutputTokens: 48, maxValueChars: 40, maxListItems: 3, maxEvidence: 2 };

const log = (line: string): void => void process.stderr.write(`${line}\n`);


/** The first PAGES pages of a corpus contract, or a generated contract when ../shared is absent. */
async function benchDocument(dir: string): Promise<{ file: string; source: string }> {
  const file = path.join(dir, 'bench-contract.pdf');
  if (fs.existsSync(CORPUS_DOC)) {
    const src = await PDFDocument.load(fs.readFileSync(CORPUS_DOC));
    const out = await PDFDocument.create();
    const count = Math.min(PAGES, src.getPageCount());
    for (const page of await out.copyPages(src, Array.from({ length: count }, (_, i) => i))) out.addPage(page);
    fs.writeFileSync(file, await out.save());
    return { file, source: `${path.basename(CORPUS_DOC)} (first ${count} pages)` };
  }
  const clauses = [
    'This Master Supply Agreement is made as of January 1, 2020 between Acme Supply LLC and Beta Foods Inc.',
    'This Agreement shall be governed by the laws of the State of Delaware.',
    'Either party may terminate this Agreement upon ninety (90) days written notice.',
    'Supplier shall maintain general liability insurance of not less than $2,000,000.',
    'Neither party may assign this Agreement without the prior written consent of the other party.',
  ];
  const pages = Array.from({ length: PAGES }, (_, p) =>
    Array.from({ length: 40 }, (_, l) => `${p + 1}.${l + 1} ${clauses[(p * 40 + l) % clauses.length]}`),
  );
  fs.writeFileSync(file, textPdf({ pages, title: 'Generated supply agreement' }));
  return { file, source: `generated (${PAGES} pages)` };
}

const threads = benchThreads();
log('grammar cost at a 151,936-token vocabulary…');
const grammar = await grammarCost({
  modelPath: await ensureBenchModel(QWEN_05B_FULL_VOCAB, 'qwen2.5-0.5b-vocab', log),
  vocabulary: QWEN_05B_FULL_VOCAB.vocab as number,
  threads,
  rounds: Number(process.env['BENCH_ROUNDS'] ?? 2),
  maxTokens: Number(process.env['BENCH_GRAMMAR_TOKENS'] ?? 32),
  baseline: process.env['BENCH_GRAMMAR_BASELINE'] !== '0',
  log,
});
if (process.env['BENCH_ONLY'] === 'grammar') {
  process.stdout.write(`${JSON.stringify({ ...grammar, threads })}\n`);
  process.exit(0);
}
const model = await ensureBenchModel(QWEN_05B_LIKE, 'qwen2.5-0.5b-like', log);
const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-extract-'));
const services = await openServices({ archiveDir, entries: SOURCE_ENTRIES, engineThreads: threads });
try {
  const doc = await benchDocument(archiveDir);
  const [outcome] = await services.importer.importMany([{ key: 'doc', name: path.basename(doc.file), path: doc.file }]);
  if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  log(`document: ${doc.source}; model ${path.basename(model)}; ${threads} threads`);
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const t0 = performance.now();
  let shown = -1;
  const result = await services.extraction.extract(outcome.document.id, 'contract', {
    modelPath: model,
    settings: SETTINGS,
    onEvent: (e) => {
      if (e.type === 'progress' && e.done !== shown && e.total > 0) {
        shown = e.done;
        log(`  ${e.phase} ${e.done}/${e.total} (pass ${e.pass}/${e.passes})`);
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (result.run.status !== 'done' || !result.output) throw new Error(`run ${result.run.status}: ${JSON.stringify(result.run.error)}`);
  const out = result.output;
  const q = out.questions;
  // Rates from the run itself: prompt tokens evaluated per prefill second, output per generation second.
  const prefillTokens = q.reduce((n, r) => n + r.tokensIn - r.tokensCached, 0);
  const prefillSec = q.reduce((n, r) => n + r.prefillMs, 0) / 1000;
  const genSec = q.reduce((n, r) => n + r.totalMs - r.prefillMs, 0) / 1000;
  const prefillRate = prefillTokens / Math.max(prefillSec, 1e-3);
  const genRate = out.outputTokens / Math.max(genSec, 1e-3);
  // Naive: every field re-reads the whole document (plus its own prompt) from scratch.
  const perFieldPrompt = q.reduce((n, r) => n + (r.tokensIn - out.passageTokens / out.passes.length), 0) / q.length;
  const naiveSeconds = (q.length * (out.documentTokens + perFieldPrompt)) / prefillRate + out.outputTokens / genRate;
  log(`mode ${out.mode}, ${out.passes.length} pass(es), ${q.length} questions, ${out.truncatedFields.length} answers cut off`);
  const summary = {
    ...grammar,
    seconds: Math.round(seconds * 10) / 10,
    tokens_evaluated: out.tokensEvaluated,
    document_tokens: out.documentTokens,
    passage_tokens: out.passageTokens,
    output_tokens: out.outputTokens,
    fields: q.length,
    passes: out.passes.length,
    mode: out.mode,
    reread_factor: out.rereadFactor,
    prefill_tokens_per_s: Math.round(prefillRate),
    generate_tokens_per_s: Math.round(genRate * 10) / 10,
    naive_whole_document_per_field_seconds: Math.round(naiveSeconds),
    document: doc.source,
    context: out.contextSize,
    threads,
    load_average: { start: loadAtStart, end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await services.dispose();
  fs.rmSync(archiveDir, { recursive: true, force: true });
}
