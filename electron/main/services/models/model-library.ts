// The installed models: GGUF files copied into the archive's models/ folder, referenced where
// they lie, or downloaded. Vets each file from its header before anything is copied, hashes it
// in one streaming pass, and keeps the user's active model in settings. Implements the
// ModelResolver that pipelines use. Plain Node: must not import electron; node-llama-cpp only
// lazily (through gguf-info and the memory estimate).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../shared/errors';
import type { AddModelResult, CatalogEntry, CatalogItem, MemoryEstimate, ModelRecord, ModelStorage } from '../../../../shared/models';
import type { ArchiveLayout } from '../archive/layout';
import type { Db } from '../../db/open';
import { inspectModelFile, type ModelFileInfo } from '../llm/gguf-info';
import type { AdapterOption } from '../llm/engine-protocol';
import { AdapterLibrary, type AdapterUse } from './adapter-library';
import { CATALOG, isRecommended } from './catalog';
import { detectHardware } from './hardware';
import { estimateModelRam } from './memory-estimate';
import { ModelDownloads, type AddDownloadedOptions, type DownloadLibrary, type ModelDownloadsOptions } from './model-downloader';
import { asAppError } from './model-errors';
import type { ModelRef, ModelResolver } from './model-ref';
import { ModelStore, type ModelRow } from './model-store';

export type AddMode = 'copy' | 'reference';

export interface ModelLibraryOptions {
  readonly db: Db;
  readonly layout: Pick<ArchiveLayout, 'models'>;
  readonly now?: () => Date;
  /** Called after the list or the active model changes (the UI refreshes). */
  readonly onChange?: (activeId: number | null) => void;
  /** The recommended downloads; tests pass their own. */
  readonly catalog?: readonly CatalogEntry[];
  /** Time limits and extra trusted certificates for downloads (tests). */
  readonly downloads?: DownloadSettings;
}

export type DownloadSettings = Pick<ModelDownloadsOptions, 'ca' | 'connectTimeoutMs' | 'stallTimeoutMs'>;

/** The engine's default context window; estimates use the same so they match what loads. */
export const DEFAULT_CONTEXT_SIZE = 8192;

/** Files being written into models/ start with this; a crash leaves them to be swept. */
const TEMP_PREFIX = '.incoming-';

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Streams `source` once: hashes it and, when `copyTo` is given, writes the copy. */
async function hashFile(source: string, copyTo?: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const read = createReadStream(source, { highWaterMark: 1 << 20 });
  if (!copyTo) {
    for await (const chunk of read) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), bytes };
  }
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(read, tap, createWriteStream(copyTo, { flags: 'wx' }));
  return { sha256: hash.digest('hex'), bytes };
}

function quantizationOf(info: ModelFileInfo): string | null {
  // general.file_type says what the converter intended ('MOSTLY_Q4_K_M'); the dominant tensor
  // type is the fallback for files that omit it.
  if (info.fileType) return info.fileType.replace(/^(MOSTLY|ALL)_/, '');
  return info.dominantTensorType;
}

export class ModelLibrary implements ModelResolver, DownloadLibrary {
  readonly store: ModelStore;
  readonly catalog: readonly CatalogEntry[];
  /** Catalog and URL downloads into this library. */
  readonly downloads: ModelDownloads;
  /** LoRA adapters and which template or profile runs with which. */
  readonly adapters: AdapterLibrary;
  private readonly modelsDir: string;
  private readonly onChange: ((activeId: number | null) => void) | undefined;

  constructor(options: ModelLibraryOptions) {
    this.store = new ModelStore(options.db, options.now);
    this.modelsDir = path.resolve(options.layout.models);
    this.onChange = options.onChange;
    this.catalog = options.catalog ?? CATALOG;
    this.downloads = new ModelDownloads({ ...options.downloads, library: this, catalog: this.catalog });
    this.adapters = new AdapterLibrary(this.modelsDir, this.store);
  }

  adaptersFor(use: AdapterUse): Promise<AdapterOption[]> {
    return this.adapters.adaptersFor(use);
  }

  get dir(): string {
    return this.modelsDir;
  }

  /** Creates models/ and removes copies a crash interrupted. Resumable downloads are kept. */
  async init(): Promise<void> {
    await fs.mkdir(this.modelsDir, { recursive: true });
    for (const name of await fs.readdir(this.modelsDir)) {
      if (name.startsWith(TEMP_PREFIX)) await fs.rm(path.join(this.modelsDir, name), { force: true });
    }
  }

  async list(): Promise<ModelRecord[]> {
    const activeId = this.store.getActiveId();
    return Promise.all(this.store.list().map((row) => this.toRecord(row, activeId)));
  }

  async get(id: number): Promise<ModelRecord> {
    return this.toRecord(this.row(id), this.store.getActiveId());
  }

  /** The catalog with what is installed and what suits this machine. */
  async catalogItems(): Promise<CatalogItem[]> {
    const [models, hardware] = await Promise.all([this.list(), detectHardware()]);
    return this.catalog.map((entry) => ({
      ...entry,
      installedModelId: models.find((m) => m.catalogId === entry.id && !m.missing)?.id ?? null,
      recordedSha256: entry.sha256 ? null : this.downloads.recordedSha256(entry.id),
      recommended: isRecommended(entry, hardware),
    }));
  }

  /**
   * Vets the file from its header, then hashes it (and copies it into models/ in the same pass).
   * A file already in the library comes back with `duplicate: true` and nothing is copied.
   */
  async addFromFile(filePath: string, options: { mode: AddMode }): Promise<AddModelResult> {
    const source = path.resolve(filePath);
    const info = await this.inspect(source);
    if (options.mode === 'reference') {
      const { sha256, bytes } = await hashFile(source).catch((err: unknown) => {
        throw asAppError(err);
      });
      return this.register({ info, sha256, bytes, path: source, storage: 'referenced', catalogId: null });
    }
    const temp = path.join(this.modelsDir, `${TEMP_PREFIX}${randomUUID()}.part`);
    await fs.mkdir(this.modelsDir, { recursive: true });
    try {
      const { sha256, bytes } = await hashFile(source, temp);
      return await this.register({ info, sha256, bytes, tempPath: temp, fileName: path.basename(source), storage: 'copied', catalogId: null });
    } catch (err) {
      throw asAppError(err);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /**
   * Takes a finished download (anywhere on the same volume as models/) into the library:
   * vets it, hashes it, checks the expected digest, and moves it into models/.
   */
  async addDownloaded(filePath: string, options: AddDownloadedOptions): Promise<AddModelResult> {
    try {
      const info = await this.inspect(filePath);
      const { sha256, bytes } = await hashFile(filePath);
      if (options.expectedSha256 && options.expectedSha256.toLowerCase() !== sha256) {
        throw new AppError(
          'download_failed',
          `The downloaded file does not match its checksum (expected ${options.expectedSha256}, got ${sha256}).`,
        );
      }
      return await this.register({
        info,
        sha256,
        bytes,
        tempPath: filePath,
        fileName: options.fileName,
        storage: 'downloaded',
        catalogId: options.catalogId,
      });
    } finally {
      await fs.rm(filePath, { force: true });
    }
  }

  /** Forgets a model; deletes its file only when the library owns it (copied or downloaded). */
  async remove(id: number): Promise<{ removed: boolean; deletedFile: boolean }> {
    const row = this.store.get(id);
    if (!row) throw new AppError('not_found', `There is no model ${id}.`);
    const removed = this.store.delete(id);
    let deletedFile = false;
    if (row.storage !== 'referenced' && this.isInside(row.path)) {
      // Another row never shares the file: sha256 is unique and each copy gets its own name.
      deletedFile = await fs.rm(row.path).then(
        () => true,
        () => false,
      );
    }
    this.onChange?.(this.store.getActiveId());
    return { removed, deletedFile };
  }

  async setActive(id: number): Promise<ModelRecord> {
    const row = this.row(id);
    if (!(await exists(row.path))) {
      throw new AppError('not_found', `The file of model "${row.name}" is missing: ${row.path}`);
    }
    this.store.setActiveId(id);
    this.onChange?.(id);
    return this.toRecord(row, id);
  }

  async getActive(): Promise<ModelRecord | null> {
    const id = this.store.getActiveId();
    const row = id === null ? undefined : this.store.get(id);
    return row ? this.toRecord(row, id) : null;
  }

  async resolve(explicitPath?: string): Promise<ModelRef> {
    if (explicitPath !== undefined) {
      const file = path.resolve(explicitPath);
      const known = this.store.byPath(file);
      // Same path and size: trust the row rather than hash gigabytes before every run.
      const stat = await fs.stat(file).catch(() => null);
      if (known && stat?.isFile() && stat.size === known.bytes) return toRef(known);
      const { model } = await this.addFromFile(file, { mode: 'reference' });
      return toRef(model);
    }
    const active = await this.getActive();
    if (!active) {
      throw new AppError('no_model', 'No model is installed or chosen. Add a .gguf file or download one from the catalog.');
    }
    if (active.missing) {
      throw new AppError('not_found', `The active model's file is missing: ${active.path}. Add it again or choose another model.`);
    }
    return toRef(active);
  }

  /** node-llama-cpp's estimate of the RAM the model needs (memory-estimate.ts), against the RAM free now. */
  async memoryEstimate(id: number, options: { contextSize?: number } = {}): Promise<MemoryEstimate> {
    const row = this.row(id);
    if (!(await exists(row.path))) throw new AppError('not_found', `The model file is missing: ${row.path}`);
    const { ramBytes: estimatedRamBytes, contextSize } = await estimateModelRam(row.path, options.contextSize ?? DEFAULT_CONTEXT_SIZE);
    const freeRamBytes = os.freemem();
    return {
      modelBytes: row.bytes,
      estimatedRamBytes,
      contextSize,
      freeRamBytes,
      totalRamBytes: os.totalmem(),
      fits: estimatedRamBytes <= freeRamBytes,
    };
  }

  private row(id: number): ModelRow {
    const row = this.store.get(id);
    if (!row) throw new AppError('not_found', `There is no model ${id}.`);
    return row;
  }

  private async inspect(file: string): Promise<ModelFileInfo> {
    try {
      return await inspectModelFile(file);
    } catch (err) {
      throw asAppError(err);
    }
  }

  private async register(input: {
    info: ModelFileInfo;
    sha256: string;
    bytes: number;
    storage: ModelStorage;
    catalogId: string | null;
    /** A file to move into models/ (copied or downloaded)... */
    tempPath?: string;
    fileName?: string;
    /** ...or the referenced file itself. */
    path?: string;
  }): Promise<AddModelResult> {
    const existing = this.store.bySha256(input.sha256);
    if (existing) {
      // The same model is already here; if its file went missing, this one takes its place.
      if (!(await exists(existing.path))) {
        const placed = await this.place(input);
        const row = this.store.relocate(existing.id, placed);
        return { model: await this.toRecord(row, this.store.getActiveId()), duplicate: true };
      }
      return { model: await this.toRecord(existing, this.store.getActiveId()), duplicate: true };
    }
    const placed = await this.place(input);
    let row: ModelRow;
    try {
      row = this.store.insert({
        sha256: input.sha256,
        name: input.info.name?.trim() || path.basename(placed.fileName, path.extname(placed.fileName)),
        fileName: placed.fileName,
        path: placed.path,
        storage: placed.storage,
        bytes: input.bytes,
        architecture: input.info.architecture,
        parameters: input.info.parameters,
        quantization: quantizationOf(input.info),
        contextLength: input.info.contextLength,
        hasChatTemplate: input.info.hasChatTemplate,
        catalogId: input.catalogId,
      });
    } catch (err) {
      if (placed.storage !== 'referenced') await fs.rm(placed.path, { force: true });
      throw err;
    }
    // The first model becomes the active one, so a fresh install works without a settings visit.
    if (this.store.getActiveId() === null || !this.store.get(this.store.getActiveId()!)) this.store.setActiveId(row.id);
    const activeId = this.store.getActiveId();
    this.onChange?.(activeId);
    return { model: await this.toRecord(row, activeId), duplicate: false };
  }

  /** Moves a staged file into models/ under a free name (never overwriting another model). */
  private async place(input: {
    storage: ModelStorage;
    tempPath?: string;
    fileName?: string;
    path?: string;
    sha256: string;
  }): Promise<{ path: string; fileName: string; storage: ModelStorage }> {
    if (input.storage === 'referenced' || !input.tempPath) {
      const file = input.path!;
      return { path: file, fileName: path.basename(file), storage: 'referenced' };
    }
    const wanted = sanitizeFileName(input.fileName ?? `${input.sha256.slice(0, 12)}.gguf`);
    let fileName = wanted;
    if (await fs.stat(path.join(this.modelsDir, fileName)).then(() => true, () => false)) {
      const ext = path.extname(wanted);
      fileName = `${path.basename(wanted, ext)}-${input.sha256.slice(0, 8)}${ext}`;
    }
    const target = path.join(this.modelsDir, fileName);
    await fs.rename(input.tempPath, target);
    return { path: target, fileName, storage: input.storage };
  }

  private isInside(file: string): boolean {
    const rel = path.relative(this.modelsDir, path.resolve(file));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  private async toRecord(row: ModelRow, activeId: number | null): Promise<ModelRecord> {
    return { ...row, active: row.id === activeId, missing: !(await exists(row.path)) };
  }
}

function toRef(model: Pick<ModelRow, 'id' | 'path' | 'sha256' | 'name' | 'contextLength'>): ModelRef {
  return { id: model.id, path: model.path, sha256: model.sha256, name: model.name, contextLength: model.contextLength };
}

function sanitizeFileName(name: string): string {
  const base = path.basename(name).replace(/[^\w.\-+]+/g, '_').replace(/^\.+/, '');
  const withExt = /\.gguf$/i.test(base) ? base : `${base || 'model'}.gguf`;
  return withExt.slice(-200);
}
