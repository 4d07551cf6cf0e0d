// npm run bench:ocr — how fast OCR reads scanned pages, and where the time goes (rendering
// with pdf.js on @napi-rs/canvas, finding the orientation, recognizing with tesseract.js),
// against the native tesseract CLI (Debian's tesseract-ocr, installed when missing) over the
// same pages rendered by poppler's pdftoppm at the same resolution, timed in the same run.
// Both sides run one page at a time on one thread. Uses the scans of ../shared/corpus
// (A17, A18) when present, else generated scans. Prints one JSON line last.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openServices } from '../../electron/main/services/compose';
import { DEFAULT_OCR_SETTINGS } from '../../electron/main/services/ocr/ocr-service';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';

const run = promisify(execFile);
const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/adversarial');
const SCANS = ['A17_scanned_employment_contract_no_text.pdf', 'A18_scanned_scotus_opinion_no_text.pdf'];

function hasTesseract(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    try {
      console.error('tesseract is missing; installing tesseract-ocr with apt-get…');
      execFileSync('bash', ['-c', 'apt-get update -qq && apt-get install -y -qq tesseract-ocr poppler-utils'], { stdio: 'inherit' });
      return true;
    } catch {
      console.error('tesseract-ocr could not be installed: reporting our numbers only.');
      return false;
    }
  }
}

function inputs(dir: string): Array<{ name: string; file: string }> {
  const found = SCANS.map((name) => path.join(corpus, name)).filter((f) => fs.existsSync(f));
  if (found.length > 0) return found.map((file) => ({ name: path.basename(file), file }));
  const file = path.join(dir, 'generated-scan.pdf');
  fs.writeFileSync(file, scannedPdf([{ scan: SCAN_LINES }, { scan: [...SCAN_LINES, ...SCAN_LINES] }, { scan: SCAN_LINES }]));
  return [{ name: 'generated-scan.pdf', file }];
}

interface PageRow {
  file: string;
  page: number;
  renderMs: number;
  orientMs: number;
  recognizeMs: number;
  confidence: number | null;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-bench-ocr-'));
  const files = inputs(work);
  const withReference = hasTesseract();
  const services = await openServices({ archiveDir: path.join(work, 'archive'), entries: SOURCE_ENTRIES, ocrConcurrency: 1 });

  // Warm the OCR worker (thread start, pdf.js, the tesseract engine) on a one-line scan.
  const [warm] = await services.importer.importMany([{ key: 'warm', name: 'warm.pdf', data: scannedPdf([{ scan: ['Warm up.'] }]) }]);
  if (warm?.kind === 'imported') await services.ocr.recognizeDocument(warm.document.id);

  const rows: PageRow[] = [];
  let oursSeconds = 0;
  for (const { name, file } of files) {
    const [outcome] = await services.importer.importMany([{ key: name, name, path: file }]);
    if (outcome?.kind !== 'imported') throw new Error(`${name} did not import: ${JSON.stringify(outcome)}`);
    const t0 = performance.now();
    await services.ocr.recognizeDocument(outcome.document.id, {
      onPage: () => {
        const p = services.ocr.lastPage!;
        rows.push({ file: name, page: p.number, renderMs: p.renderMs, orientMs: p.orientMs, recognizeMs: p.recognizeMs, confidence: p.confidence });
        console.error(`${name} p.${p.number}: render ${ms(p.renderMs)}, orientation ${ms(p.orientMs)}, recognize ${ms(p.recognizeMs)}, confidence ${p.confidence}`);
      },
    });
    oursSeconds += (performance.now() - t0) / 1000;
  }
  await services.dispose();

  // The reference: pdftoppm renders each page at the same dpi (gray), tesseract reads it.
  let refRenderSeconds = 0;
  let refRecognizeSeconds = 0;
  const refConfidences: number[] = [];
  if (withReference) {
    for (const { file } of files) {
      const prefix = path.join(work, path.basename(file, '.pdf'));
      let t0 = performance.now();
      await run('pdftoppm', ['-r', String(DEFAULT_OCR_SETTINGS.dpi), '-gray', file, prefix]);
      refRenderSeconds += (performance.now() - t0) / 1000;
      const images = fs.readdirSync(work).filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.pgm'));
      for (const image of images) {
        t0 = performance.now();
        const { stdout } = await run('tesseract', [path.join(work, image), '-', 'tsv'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 26 });
        refRecognizeSeconds += (performance.now() - t0) / 1000;
        const confs = stdout
          .split('\n')
          .slice(1)
          .map((line) => line.split('\t'))
          .filter((cols) => cols[0] === '5' && (cols[11] ?? '').trim() !== '')
          .map((cols) => Number(cols[10]));
        if (confs.length) refConfidences.push(confs.reduce((a, b) => a + b, 0) / confs.length);
      }
    }
  }
  fs.rmSync(work, { recursive: true, force: true });

  const pages = rows.length;
  const sum = (key: 'renderMs' | 'orientMs' | 'recognizeMs') => rows.reduce((n, r) => n + r[key], 0);
  const confidences = rows.flatMap((r) => (r.confidence === null ? [] : [r.confidence]));
  const ours = pages / oursSeconds;
  const reference = withReference ? pages / (refRenderSeconds + refRecognizeSeconds) : null;
  console.log(`files ${files.map((f) => f.name).join(', ')}; pages ${pages}; one page at a time`);
  console.log(
    `ours ${oursSeconds.toFixed(1)} s: render ${ms(sum('renderMs'))}, orientation ${ms(sum('orientMs'))}, recognize ${ms(sum('recognizeMs'))} (tesseract.js wasm, eng 4.0.0_best_int)`,
  );
  if (withReference) {
    console.log(
      `tesseract CLI ${(refRenderSeconds + refRecognizeSeconds).toFixed(1)} s: pdftoppm ${refRenderSeconds.toFixed(1)} s, tesseract ${refRecognizeSeconds.toFixed(1)} s (native, OMP_THREAD_LIMIT=1, Debian's eng data)`,
    );
  }
  console.log(
    JSON.stringify({
      pages,
      ocr_pages_per_s: round(ours, 3),
      render_ms_per_page: Math.round(sum('renderMs') / pages),
      orientation_ms_per_page: Math.round(sum('orientMs') / pages),
      recognize_ms_per_page: Math.round(sum('recognizeMs') / pages),
      mean_confidence: confidences.length ? round(confidences.reduce((a, b) => a + b, 0) / confidences.length) : null,
      tesseract_cli_pages_per_s: reference === null ? null : round(reference, 3),
      tesseract_cli_render_ms_per_page: withReference ? Math.round((refRenderSeconds * 1000) / pages) : null,
      tesseract_cli_recognize_ms_per_page: withReference ? Math.round((refRecognizeSeconds * 1000) / pages) : null,
      tesseract_cli_mean_confidence: refConfidences.length ? round(refConfidences.reduce((a, b) => a + b, 0) / refConfidences.length) : null,
      ratio: reference === null ? null : round(ours / reference, 3),
    }),
  );
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const ms = (n: number) => `${Math.round(n)} ms`;

await main();
