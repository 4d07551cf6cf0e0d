// Composes the plain-Node services over one archive folder. Electron main, the CLI, the
// bridge server and the tests all start here; none of it imports electron.
import path from 'node:path';
import os from 'node:os';
import type { Db } from '../db/open';
import { openDatabase, asArchiveError } from '../db/open';
import { migrate, schemaVersion } from '../db/migrate';
import { assertHealthy } from '../db/health';
import { MIGRATIONS } from '../db/migrations';
import { AppError } from '../../../shared/errors';
import { summaryOutputSchema } from '../../../shared/summaries';
import { AccessLog } from './archive/access-log';
import { SearchIndexBackfill } from './archive/search-index';
import { Archive } from './archive/archive';
import { checkpointTruncate } from './archive/erase';
import { Erasure } from './archive/erasure';
import { sweepKeptCopies } from './archive/kept-copies';
import { finishConversion } from './archive/convert';
import { FileStore } from './archive/file-store';
import { archiveLayout, type ArchiveLayout } from './archive/layout';
import { ensurePrivateDir, restrictExisting } from './archive/private-files';
import { keyStorePath, readKeyStore } from './keys/keystore';
import { EventBus } from './events';
import { PlaybookLibrary } from './playbooks/playbook-library';
import { PlaybookService } from './playbooks/playbook-service';
import { PatientService } from './patients/patient-service';
import { ExtractionService } from './extraction/extraction-service';
import type { ExtractionSettings } from './extraction/extractor';
import { Importer } from './importer/importer';
import { JobService } from './jobs/job-service';
import { QueueLock } from './jobs/queue-lock';
import { EngineHost } from './llm/engine-host';
import { EngineChoice } from './llm/engine-choice';
import { setGgufWorkerEntry } from './llm/gguf-info';
import type { SpawnEngine } from './llm/engine-spawn';
import { ModelLibrary, type DownloadSettings } from './models/model-library';
import { OcrService } from './ocr/ocr-service';
import { DeidPdfExporter } from './deid/deid-pdf-export';
import { PdfReader } from './pdf/pdf-reader';
import { ModelScheduler } from './runs/model-scheduler';
import { getPrivacySettings } from './privacy-settings';
import { RunStore } from './runs/run-store';
import { runtimeAssets, type RuntimeAssets } from './runtime-assets';
import { Summarizer, type SummarySettings } from './summaries/summarizer';
import { SampleDocuments } from './sample-documents';
import type { CatalogEntry } from '../../../shared/models';

export interface ServiceOptions {
  readonly archiveDir: string;
  /** Worker entry files: compiled .js in the app, .ts sources under tsx and the tests. */
  readonly entries: { readonly pdfWorker: string; readonly engine: string; readonly ocrWorker: string; readonly ggufWorker: string };
  /** How the engine process starts: fork under Node; Electron passes a utilityProcess. */
  readonly spawnEngine?: SpawnEngine;
  /** better-sqlite3 binary for the running ABI; omitted under plain Node. */
  readonly sqliteBinding?: string;
  readonly pdfTimeoutMs?: number;
  readonly concurrency?: number;
  /** OCR workers (each holds a tesseract engine); default half the concurrency, at least 1. */
  readonly ocrConcurrency?: number;
  /** Longest OCR of one page; default 120 s. */
  readonly ocrPageTimeoutMs?: number;
  /**
   * The engine's compute threads; default ABSTRACTOR_ENGINE_THREADS when set (the test suites pin
   * 1: their tiny models and parallel workers make more threads spin-wait), else 'auto'.
   */
  readonly engineThreads?: number | 'auto';
  /** Overrides of the extraction defaults (tests and benchmarks bound the output this way). */
  readonly extractionSettings?: Partial<ExtractionSettings>;
  /** Overrides of the summary defaults, the same way. */
  readonly summarySettings?: Partial<SummarySettings>;
  /** Where pdf.js, tesseract.js, the built-in templates and the samples are; default the development layout (the app passes its own). */
  readonly assets?: RuntimeAssets;
  /** The recommended downloads; default the app's catalog (tests serve their own on loopback). */
  readonly modelCatalog?: readonly CatalogEntry[];
  /** The bus to publish on; a host that reopens the archive (after a restore) keeps one bus. */
  readonly events?: EventBus;
  /** Download time limits and extra trusted certificates (tests serve https on loopback). */
  readonly modelDownloads?: DownloadSettings;
  /**
   * The raw key of an encrypted archive (see services/keys: ArchiveKeys.keyFor gives it);
   * omitted for a plaintext one. A folder with a key store refuses to open without it.
   */
  readonly archiveKey?: Buffer;
}

export interface Services {
  readonly layout: ArchiveLayout;
  readonly db: Db;
  readonly archive: Archive;
  readonly files: FileStore;
  /** Who opened, searched, exported… which document, and when (append-only). */
  readonly accessLog: AccessLog;
  /** Deleting that erases: rows, index terms, WAL frames and files. */
  readonly erasure: Erasure;
  readonly reader: PdfReader;
  readonly importer: Importer;
  readonly events: EventBus;
  /** The language model's process; started on first use, so a model-less app costs nothing. */
  readonly engine: EngineHost;
  /** The local engine, or the shared inference server while the archive's setting turns it on. */
  readonly engines: EngineChoice;
  /** Installed models, the active one, the catalog and downloads. */
  readonly models: ModelLibrary;
  /** The one line of model runs in front of the engine (summaries, extraction, jobs, the CLI). */
  readonly scheduler: ModelScheduler;
  /** Summary runs over the engine, stored in the archive. */
  readonly summaries: Summarizer;
  /** Templates, field extraction runs, stored values and their review. */
  readonly extraction: ExtractionService;
  /** Playbooks (built-in and the user's) and their review of contracts' values. */
  readonly playbooks: PlaybookService;
  /** Documents grouped by patient, a person's merges and splits, one patient's timeline and conflicts. */
  readonly patients: PatientService;
  /** OCR of the pages without a usable text layer, page by page into the archive. */
  readonly ocr: OcrService;
  /** A document as a new PDF of page images with its identifiers blacked out. */
  readonly deidPdf: DeidPdfExporter;
  /** The persistent job queue, batches and watched folders; idle until `jobs.start()`. */
  readonly jobs: JobService;
  /** The sample documents shipped with the app, imported by id. */
  readonly samples: SampleDocuments;
  /** Resolves once the search index is built, its terms listed and its page lengths cached (steps after open). */
  readonly searchReady: Promise<void>;
  /** Whether the archive is encrypted (opened with a key). */
  readonly encrypted: boolean;
  /** The master key the archive was opened with (checks its backups); null for a plaintext archive. */
  readonly archiveKey: Buffer | null;
  dispose(): Promise<void>;
}

/** The schema version from which deletes erase (migration 5). */
const ERASING_SCHEMA = 5;

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

export async function openServices(options: ServiceOptions): Promise<Services> {
  const layout = archiveLayout(options.archiveDir);
  try {
    // Before the folder is touched: an interrupted `archive encrypt` / `rekey` is finished or undone.
    await finishConversion(layout.root);
    ensurePrivateDir(layout.root);
  } catch (err) {
    throw asArchiveError(err, layout.root);
  }
  const archiveKey = options.archiveKey ?? null;
  // Without its key, an encrypted archive must not be opened (a new database would be plaintext).
  if (!archiveKey && readKeyStore(layout.root)) throw new AppError('archive_locked', `The archive at ${layout.root} is encrypted: it needs its passphrase, the keychain or its recovery key.`);
  const db = openDatabase(layout.database, { nativeBinding: options.sqliteBinding, maxSchemaVersion: MIGRATIONS.length, key: archiveKey });
  try {
    assertHealthy(db, layout.database);
    const before = schemaVersion(db);
    migrate(db);
    // Archives from before migration 5 deleted without erasing: rewrite the file once, so
    // the free pages those deletes left go too. Either way, no old page stays in the WAL.
    if (before > 0 && before < ERASING_SCHEMA) db.exec('VACUUM');
    checkpointTruncate(db);
  } catch (err) {
    db.close();
    throw asArchiveError(err, layout.database);
  }
  const files = new FileStore(layout, archiveKey);
  await files.init();
  restrictExisting([layout.files, layout.tmp, layout.models, keyStorePath(layout.root)]);
  const archive = new Archive(db);
  // Existing pages go into the newest-first search index in the background (migration 10),
  // then its terms into search_terms (migration 12) and its page lengths into the cache.
  const searchIndex = new SearchIndexBackfill(db, { onError: (err) => console.error('search index build stopped:', err) });
  searchIndex.start();
  const accessLog = new AccessLog(db);
  const erasure = new Erasure({ db, archive, files, accessLog });
  // Kept copies past their retention period are erased at every open.
  await sweepKeptCopies(layout.root, getPrivacySettings(db).keptCopiesDays).catch(() => undefined);
  const concurrency = options.concurrency ?? defaultConcurrency();
  const assets = options.assets ?? runtimeAssets();
  const reader = new PdfReader({
    workerEntry: options.entries.pdfWorker,
    pdfjs: assets.pdfjs,
    concurrency,
    inactivityTimeoutMs: options.pdfTimeoutMs,
  });
  const events = options.events ?? new EventBus();
  const importer = new Importer({ archive, files, reader, events, concurrency });
  setGgufWorkerEntry(options.entries.ggufWorker);
  const engine = new EngineHost({ entry: options.entries.engine, spawn: options.spawnEngine, threads: options.engineThreads ?? engineThreadsFromEnv() });
  const models = new ModelLibrary({
    db,
    layout,
    downloads: options.modelDownloads,
    ...(options.modelCatalog ? { catalog: options.modelCatalog } : {}),
    onChange: (activeId) => events.emit('models:changed', { activeId }),
  });
  await models.init();
  restrictExisting([layout.models]);
  const runs = new RunStore(db, { kind: 'summary', parseOutput: (json) => summaryOutputSchema.parse(json) });
  const engines = new EngineChoice(engine, db);
  const scheduler = new ModelScheduler({ engine: () => engines.current(), models });
  const summaries = new Summarizer({ archive, runs, scheduler, events, ...(options.summarySettings ? { settings: options.summarySettings } : {}) });
  const extraction = new ExtractionService({
    db,
    archive,
    scheduler,
    events,
    templatesDir: assets.templatesDir,
    ...(options.extractionSettings ? { settings: options.extractionSettings } : {}),
  });
  const playbooks = new PlaybookService({
    extraction,
    library: new PlaybookLibrary(db, path.join(assets.resourcesDir, 'playbooks'), (name) => extraction.templates.get(name)),
  });
  const patients = new PatientService({ db, archive, extraction });
  const ocr = new OcrService({
    archive,
    files,
    workerEntry: options.entries.ocrWorker,
    assets,
    concurrency: options.ocrConcurrency ?? Math.max(1, Math.floor(concurrency / 2)),
    pageTimeoutMs: options.ocrPageTimeoutMs,
  });
  const deidPdf = new DeidPdfExporter({ archive, files, fields: extraction.fields, workerEntry: options.entries.ocrWorker, assets });
  const lock = new QueueLock(path.join(layout.root, 'queue.lock'));
  const jobs = new JobService({
    db,
    files,
    events,
    archive,
    importer,
    summaries,
    extraction,
    ocr,
    concurrency,
    lock,
    checkTemplate: (name) => void extraction.templates.get(name),
    onFileWork: (busy) => engine.setFileWork(busy),
    // The local engine runs one model job at a time; a server as many as it has slots.
    modelSlots: () => engines.current().slots,
  });
  // Work a crash cut short, unless another live process (the app beside a CLI) is doing it now.
  if (!lock.heldByAnotherProcess()) {
    // Imports an unfinished job will resume keep their pages; other interrupted ones fail.
    archive.recoverInterrupted(jobs.store.documentsWithPendingImport());
    runs.recoverInterrupted();
    extraction.runs.recoverInterrupted();
  }

  return {
    layout,
    db,
    archive,
    files,
    accessLog,
    erasure,
    reader,
    importer,
    events,
    engine,
    engines,
    models,
    scheduler,
    summaries,
    extraction,
    playbooks,
    patients,
    ocr,
    deidPdf,
    jobs,
    samples: new SampleDocuments({ dir: assets.samplesDir, importer, archive }),
    searchReady: searchIndex.ready,
    encrypted: archiveKey !== null,
    archiveKey,
    // Reverse order of construction: work first, then the engine, then the database.
    async dispose() {
      searchIndex.stop();
      await jobs.dispose();
      await ocr.dispose();
      await scheduler.dispose();
      await models.downloads.dispose();
      await reader.dispose();
      await engine.dispose();
      await engines.dispose();
      db.close();
    },
  };
}

function engineThreadsFromEnv(): number | 'auto' {
  const value = Number(process.env['ABSTRACTOR_ENGINE_THREADS']);
  return Number.isInteger(value) && value >= 1 ? value : 'auto';
}
