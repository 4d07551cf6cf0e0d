// Imports files into the archive: copy in under their sha256, detect duplicates, stream
// pages from the PDF reader into the database, and record a typed error for bad input.
// A failed file never leaves pages behind; the rest of the batch goes on.
import type { DocumentRecord, ImportOutcome, ImportProgress } from '../../../../shared/domain';
import { AppError, toErrorData } from '../../../../shared/errors';
import type { Archive } from '../archive/archive';
import type { FileStore, StagedFile } from '../archive/file-store';
import type { EventBus } from '../events';
import type { NewPage } from '../pdf/page';
import type { PdfReader } from '../pdf/pdf-reader';
import { DOMAIN_SAMPLE_CHARS, guessDomain, sampleText } from './domain-guess';
import { titleFromFileName, titleFromHeading, titleFromMetadata } from './title';

export type ImportSource =
  | { readonly key: string; readonly name: string; readonly path: string }
  | { readonly key: string; readonly name: string; readonly data: Uint8Array };

export interface ImporterDeps {
  readonly archive: Archive;
  readonly files: FileStore;
  readonly reader: PdfReader;
  readonly events: EventBus;
  /** How many files are read at once (the reader's pool size); importMany stages one more ahead. */
  readonly concurrency: number;
}

/** Pages are written in batches: one transaction per page would dominate small pages. */
const PAGE_BATCH = 16;

/** What a caller (the job queue) learns while a file imports. */
export interface ImportHooks {
  /** The document row exists (before any page is read): where a resumed import picks up. */
  onDocument?(documentId: number): void;
  onPages?(read: number, pageCount: number): void;
  /** Stops the read: the document stays half-read (status importing) for `resume`. */
  signal?: AbortSignal;
}

export class Importer {
  /**
   * Reads in progress, by sha256: the same bytes twice in one batch (or a retry during
   * an import) must not read into one document row twice at once.
   */
  private readonly inFlight = new Map<string, Promise<ImportOutcome>>();

  constructor(private readonly deps: ImporterDeps) {}

  async importMany(sources: readonly ImportSource[], password?: string): Promise<ImportOutcome[]> {
    const outcomes: ImportOutcome[] = new Array(sources.length);
    for (const s of sources) this.progress(s, 'queued', null, 0, 0);
    let next = 0;
    const lane = async () => {
      while (next < sources.length) {
        const i = next++;
        outcomes[i] = await this.importOne(sources[i]!, password);
      }
    };
    // One lane more than the reader has workers: the next file is already hashed, copied in
    // and waiting when a worker finishes one, so the worker starts on it at once instead of
    // idling or joining another document (a second parse of that file) until the lane that
    // just finished has stored its last pages and staged its next file.
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency) + 1 }, lane));
    return outcomes;
  }

  async importOne(source: ImportSource, password?: string, hooks: ImportHooks = {}): Promise<ImportOutcome> {
    const { archive, files } = this.deps;
    let staged: StagedFile;
    this.progress(source, 'copying', null, 0, 0);
    try {
      staged = 'path' in source ? await files.stageFromPath(source.path) : await files.stageFromBytes(source.data);
    } catch (err) {
      return this.failed(source, null, toErrorData(err));
    }
    const running = this.inFlight.get(staged.sha256);
    if (running) {
      await files.discard(staged.tempPath);
      return this.sameAs(source, await running);
    }
    const existing = archive.findBySha(staged.sha256);
    if (existing && existing.status !== 'failed') {
      await files.discard(staged.tempPath);
      if (existing.status === 'importing') {
        // Cut short by a crash and not failed since: read only its missing pages.
        hooks.onDocument?.(existing.id);
        return this.exclusive(staged.sha256, () => this.read(source, existing.id, password, hooks, true));
      }
      hooks.onDocument?.(existing.id);
      this.progress(source, 'duplicate', existing.id, existing.pageCount, existing.pageCount);
      return { kind: 'duplicate', file: source.name, document: existing };
    }
    return this.exclusive(staged.sha256, async () => {
      try {
        await files.commit(staged);
      } catch (err) {
        // This file fails; the rest of the batch goes on.
        return this.failed(source, null, toErrorData(err));
      }
      const id = archive.beginImport({
        sha256: staged.sha256,
        fileName: source.name,
        title: titleFromFileName(source.name),
        bytes: staged.bytes,
      });
      hooks.onDocument?.(id);
      return this.read(source, id, password, hooks);
    });
  }

  /** Reads an archived file again, for example with the password the user just typed. */
  async retry(id: number, password?: string): Promise<ImportOutcome> {
    const doc = this.deps.archive.getDocument(id);
    const source = { key: `retry-${id}`, name: doc.fileName, path: this.deps.files.pathFor(doc.sha256) };
    const running = this.inFlight.get(doc.sha256);
    if (running) return this.sameAs(source, await running);
    if (doc.status === 'ready') return { kind: 'duplicate', file: doc.fileName, document: doc };
    return this.exclusive(doc.sha256, () => {
      this.deps.archive.beginImport({ sha256: doc.sha256, fileName: doc.fileName, title: doc.title, bytes: doc.bytes });
      return this.read(source, id, password);
    });
  }

  /** Reads the pages an interrupted import did not store yet, from the archived copy. */
  async resume(id: number, hooks: ImportHooks = {}): Promise<ImportOutcome> {
    const doc = this.deps.archive.getDocument(id);
    if (doc.status !== 'importing') return this.retry(id);
    const source = { key: `resume-${id}`, name: doc.fileName, path: this.deps.files.pathFor(doc.sha256) };
    const running = this.inFlight.get(doc.sha256);
    if (running) return this.sameAs(source, await running);
    hooks.onDocument?.(id);
    return this.exclusive(doc.sha256, () => this.read(source, id, undefined, hooks, true));
  }

  /** Registers the read synchronously, before its first await, so no second one can start. */
  private async exclusive(sha256: string, work: () => Promise<ImportOutcome>): Promise<ImportOutcome> {
    const job = work();
    this.inFlight.set(sha256, job);
    try {
      return await job;
    } finally {
      this.inFlight.delete(sha256);
    }
  }

  /** The outcome for a second copy of a file whose import was already running. */
  private sameAs(source: ImportSource, first: ImportOutcome): ImportOutcome {
    if (first.kind === 'failed') {
      this.deps.events.emit('import:progress', {
        key: source.key,
        file: source.name,
        phase: 'failed',
        documentId: first.documentId,
        page: 0,
        pageCount: 0,
        error: first.error,
      });
      return { ...first, file: source.name };
    }
    const { document } = first;
    this.progress(source, 'duplicate', document.id, document.pageCount, document.pageCount);
    return { kind: 'duplicate', file: source.name, document };
  }

  /** Reads the file's pages into the document; `resume` keeps the pages already stored. */
  private async read(source: ImportSource, id: number, password?: string, hooks: ImportHooks = {}, resume = false): Promise<ImportOutcome> {
    const { archive, reader, files } = this.deps;
    const stored = resume ? archive.storedPageNumbers(id) : new Set<number>();
    let pageCount = 0;
    let pagesRead = stored.size;
    let sample = resume ? sampleText(archive.iteratePages(id)) : '';
    let pending: NewPage[] = [];
    let titleSet = false;
    const flush = () => {
      if (pending.length) archive.addPages(id, pending);
      pending = [];
    };
    try {
      this.progress(source, 'reading', id, 0, 0);
      await reader.extract(files.source(archive.getDocument(id).sha256), password, {
        onOpened: (count, metadata) => {
          pageCount = count;
          const title = titleFromMetadata(metadata);
          titleSet = title !== undefined;
          archive.setDocumentInfo(id, { pageCount: count, metadata, title });
          this.progress(source, 'reading', id, 0, count);
        },
        onPage: (page) => {
          // No usable metadata title: the first page's heading names the document better than its file.
          if (page.number === 1 && !titleSet) {
            const heading = titleFromHeading(page.text);
            if (heading) archive.updateDocument(id, { title: heading });
          }
          pending.push(page);
          pagesRead += 1;
          if (sample.length < DOMAIN_SAMPLE_CHARS) sample += `${page.text}\n`;
          if (pending.length >= PAGE_BATCH) flush();
          this.progress(source, 'reading', id, pagesRead, pageCount);
          hooks.onPages?.(pagesRead, pageCount);
        },
      }, { skip: stored, signal: hooks.signal });
      flush();
      const document = archive.finishImport(id, { domain: guessDomain(sample) });
      this.progress(source, 'done', id, pageCount, pageCount);
      this.deps.events.emit('documents:changed', { ids: [id] });
      return { kind: 'imported', file: source.name, document };
    } catch (err) {
      if (hooks.signal?.aborted) {
        // Paused or cancelled by its job: keep the pages read so far for a resume.
        flush();
        throw new AppError('cancelled', 'The import was stopped.');
      }
      return this.failed(source, id, toErrorData(err));
    }
  }

  private failed(source: ImportSource, id: number | null, error: { code: AppError['code']; message: string }): ImportOutcome {
    let document: DocumentRecord | null = null;
    if (id !== null) {
      document = this.deps.archive.failImport(id, error);
      this.deps.events.emit('documents:changed', { ids: [id] });
    }
    this.deps.events.emit('import:progress', {
      key: source.key,
      file: source.name,
      phase: 'failed',
      documentId: document?.id ?? null,
      page: 0,
      pageCount: 0,
      error,
    });
    return { kind: 'failed', file: source.name, documentId: document?.id ?? null, error };
  }

  private progress(
    source: ImportSource,
    phase: ImportProgress['phase'],
    documentId: number | null,
    page: number,
    pageCount: number,
  ): void {
    this.deps.events.emit('import:progress', { key: source.key, file: source.name, phase, documentId, page, pageCount, error: null });
  }
}
