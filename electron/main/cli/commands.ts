// The CLI's commands, over the same services as the app. Each returns its exit code.
import path from 'node:path';
import type { DocumentRecord, ImportOutcome, ImportProgress } from '../../../shared/domain';
import type { Services } from '../services/compose';
import { collectFiles } from '../services/importer/collect-files';
import { CLI_COMMAND } from './invocation';
import { bar, table, type Output } from './output';
import type { ExportDeidOptions } from '../../../shared/extraction/api';

export interface CommandContext {
  readonly services: Services;
  readonly out: Output;
  readonly args: readonly string[];
  readonly password?: string;
  /** models add: use the file where it is instead of copying it. */
  readonly reference?: boolean;
  /** models adapters add: the adapter's name. */
  readonly name?: string;
  /** summarize: --profile and --model. */
  readonly profile?: string;
  readonly model?: string;
  /** extract / export: --template, --format and --out; export --training. */
  readonly template?: string;
  readonly format?: string;
  readonly outFile?: string;
  readonly training?: boolean;
  /** export --deidentify [--shift-dates] [--placeholders]: Safe Harbor identifiers removed. */
  readonly deidentify?: ExportDeidOptions;
  /** batch / watch: --summarize; jobs: --batch N and --all. */
  readonly summarize?: boolean;
  readonly batch?: number;
  readonly all?: boolean;
  /** access-log, privacy and deadlines: their string flags. */
  readonly flags: Readonly<
    Partial<
      Record<
        | 'document' | 'action' | 'since' | 'until' | 'csv' | 'ics' | 'within' | 'asOf' | 'keepCopiesDays' | 'lockAfterMinutes'
        // server: the inference server's settings
        | 'on' | 'off' | 'url' | 'serverType' | 'serverModel' | 'slots' | 'apiKeyEnv',
        string
      >
    >
  >;
  /** backup / restore: the environment variable holding the backup passphrase. */
  readonly passphraseEnv?: string;
}

function summary(doc: DocumentRecord) {
  return {
    id: doc.id,
    title: doc.title,
    fileName: doc.fileName,
    domain: doc.domain,
    pageCount: doc.pageCount,
    pagesNeedingOcr: doc.pagesNeedingOcr,
    status: doc.status,
    importedAt: doc.importedAt,
    error: doc.error,
  };
}

export async function importCommand({ services, out, args, password }: CommandContext): Promise<number> {
  const { files, missing } = await collectFiles(args);
  const sources = files.map((file) => ({ key: file, name: path.basename(file), path: file }));
  let finished = 0;
  const pages = new Map<string, string>();
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (name !== 'import:progress') return;
    const p = payload as ImportProgress;
    if (p.phase === 'done' || p.phase === 'duplicate' || p.phase === 'failed') {
      finished += 1;
      pages.delete(p.key);
      if (!out.json || !process.stderr.isTTY) {
        const what = p.phase === 'failed' ? `failed: ${p.error?.message ?? ''}` : p.phase === 'duplicate' ? 'already in the archive' : `${p.pageCount} pages`;
        out.info(`${p.file}: ${what}`);
      }
    } else if (p.phase === 'reading' && p.pageCount > 0) {
      pages.set(p.key, `${p.file} ${p.page}/${p.pageCount}`);
    }
    out.progress(`${bar(finished, sources.length)} ${finished}/${sources.length} files  ${[...pages.values()].join('  ')}`);
  });
  const outcomes = await services.importer.importMany(sources, password).finally(() => {
    unsubscribe();
    out.endProgress();
  });
  const result = {
    imported: [] as Array<ReturnType<typeof summary> & { file: string }>,
    duplicates: [] as Array<ReturnType<typeof summary> & { file: string }>,
    failed: missing.map((file) => ({ file, documentId: null as number | null, code: 'not_found', message: `No such file or folder: ${file}` })),
  };
  outcomes.forEach((o: ImportOutcome, i) => {
    const file = files[i]!;
    if (o.kind === 'imported') result.imported.push({ file, ...summary(o.document) });
    else if (o.kind === 'duplicate') result.duplicates.push({ file, ...summary(o.document) });
    else result.failed.push({ file, documentId: o.documentId, code: o.error.code, message: o.error.message });
  });
  // Scanned pages are read by OCR jobs: `jobs run` here, or the app when it next opens.
  const ocrJobs = services.jobs.queueOcr(result.imported.map((d) => d.id));
  out.result({ ...result, ocrQueued: ocrJobs.length }, () =>
    [
      `Imported ${result.imported.length}, already present ${result.duplicates.length}, failed ${result.failed.length}.`,
      ...(ocrJobs.length > 0 ? [`${ocrJobs.length} document(s) have scanned pages: OCR is queued (run: jobs run).`] : []),
      ...result.failed.map((f) => `  ${f.file}: ${f.message} (${f.code})`),
    ].join('\n'),
  );
  return result.failed.length > 0 ? 1 : 0;
}

export async function listCommand({ services, out }: CommandContext): Promise<number> {
  const items = [...services.archive.iterateDocuments()];
  out.result(items.map(summary), () =>
    items.length === 0
      ? `The archive is empty. Import PDFs with: ${CLI_COMMAND} import <files or folders>`
      : table([
          ['ID', 'STATUS', 'PAGES', 'DOMAIN', 'IMPORTED', 'TITLE'],
          ...items.map((d) => [d.id, d.status, d.pageCount, d.domain, d.importedAt.slice(0, 16).replace('T', ' '), d.title]),
        ]),
  );
  return 0;
}

export async function searchCommand({ services, out, args }: CommandContext): Promise<number> {
  const query = args.join(' ').trim();
  if (!query) throw new UsageError('search needs a query');
  const hits = services.archive.search(query, 50);
  services.accessLog.record({ action: 'searched', via: 'cli', detail: { hits: hits.length } });
  out.result(
    hits.map((h) => ({ documentId: h.documentId, title: h.title, page: h.page, snippet: h.snippet })),
    () => (hits.length === 0 ? `No matches for "${query}".` : hits.map((h) => `#${h.documentId} p.${h.page}  ${h.title}\n    ${h.snippet}`).join('\n')),
  );
  return 0;
}

export async function showCommand({ services, out, args }: CommandContext): Promise<number> {
  const id = parseId(args[0]);
  const document = services.archive.getDocument(id);
  services.accessLog.record({ action: 'opened', via: 'cli', documentId: id });
  if (out.json) {
    // Streamed page by page: a 1000-page document is never held in memory at once.
    process.stdout.write(`{"document":${JSON.stringify(summary(document))},"pages":[`);
    let first = true;
    for (const page of services.archive.iteratePages(id)) {
      process.stdout.write(`${first ? '' : ','}${JSON.stringify(page)}`);
      first = false;
    }
    process.stdout.write(']}\n');
    return 0;
  }
  process.stdout.write(`${document.title} (${document.fileName}), ${document.pageCount} pages, ${document.domain}, ${document.status}\n`);
  for (const page of services.archive.iteratePages(id)) {
    process.stdout.write(`\n--- page ${page.number}${page.hasTextLayer ? '' : ' (no text layer)'} ---\n${page.text}\n`);
  }
  return 0;
}

export async function deleteCommand({ services, out, args }: CommandContext): Promise<number> {
  const id = parseId(args[0]);
  await services.erasure.deleteDocument(id, 'cli');
  out.result({ deleted: true, id }, () => `Deleted document ${id}.`);
  return 0;
}

export class UsageError extends Error {}

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id <= 0) throw new UsageError('expected a document id (a positive number)');
  return id;
}
