// The fuzzer's import process: the real services (openServices) over a throwaway archive.
// It imports one file per message, checks what the archive promises (a failed file keeps a
// failed row with an error and no pages; an imported one has every page; SQLite and FTS stay
// consistent), deletes the document again and reports. It runs apart from the fuzzer so a
// native crash, an out-of-memory or a hang costs only this process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServices } from '../../electron/main/services/compose';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { checkIntegrity, HEALTHY, pageCountOf } from '../helpers/temp-archive';

export type ToChild = { type: 'import'; id: number; file: string; name: string } | { type: 'exit' };
export type FromChild =
  | { type: 'ready'; pid: number }
  | {
      type: 'done';
      id: number;
      kind: 'imported' | 'failed' | 'duplicate';
      code: string | null;
      message: string | null;
      pages: number;
      ms: number;
      problems: string[];
    }
  | { type: 'crash'; message: string };

const send = (msg: FromChild) => process.send?.(msg);

function die(err: unknown): void {
  send({ type: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  setTimeout(() => process.exit(70), 50);
}
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-fuzz-'));
const services = await openServices({
  archiveDir: dir,
  entries: SOURCE_ENTRIES,
  pdfTimeoutMs: Number(process.env.FUZZ_PDF_TIMEOUT_MS ?? 10_000),
});
let imports = 0;

process.on('message', (msg: ToChild) => {
  if (msg.type === 'exit') {
    void services.dispose().finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
    return;
  }
  void handle(msg).catch(die);
});

async function handle(msg: Extract<ToChild, { type: 'import' }>): Promise<void> {
  const started = performance.now();
  const [outcome] = await services.importer.importMany([{ key: String(msg.id), name: msg.name, path: msg.file }]);
  const ms = Math.round(performance.now() - started);
  const problems: string[] = [];
  let pages = 0;
  let documentId: number | null = null;
  if (outcome!.kind === 'failed') {
    documentId = outcome!.documentId;
    if (documentId !== null) {
      const doc = services.archive.getDocument(documentId);
      if (doc.status !== 'failed') problems.push(`failed import left status ${doc.status}`);
      if (!doc.error?.message) problems.push('failed import has no error message');
      const left = pageCountOf(services.db, documentId);
      if (left !== 0) problems.push(`failed import left ${left} pages`);
    }
  } else {
    const doc = outcome!.document;
    documentId = doc.id;
    pages = doc.pageCount;
    if (doc.status !== 'ready') problems.push(`imported document has status ${doc.status}`);
    const stored = pageCountOf(services.db, doc.id);
    if (stored !== doc.pageCount) problems.push(`imported ${doc.pageCount} pages but stored ${stored}`);
  }
  if (++imports % 25 === 0) {
    const health = checkIntegrity(services.db);
    if (JSON.stringify(health) !== JSON.stringify(HEALTHY)) problems.push(`integrity: ${JSON.stringify(health)}`);
  }
  // Keep the archive small and every mutant new (no duplicates): forget the document again.
  if (documentId !== null) {
    const sha = services.archive.deleteDocument(documentId);
    await services.files.remove(sha);
  }
  send({
    type: 'done',
    id: msg.id,
    kind: outcome!.kind,
    code: outcome!.kind === 'failed' ? outcome!.error.code : null,
    message: outcome!.kind === 'failed' ? outcome!.error.message : null,
    pages,
    ms,
    problems,
  });
}

send({ type: 'ready', pid: process.pid });
