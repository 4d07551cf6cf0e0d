// Content-addressed copies of imported files under files/ (see storedFile for the names). A
// file is written to tmp/ first and renamed into place, so a crash never leaves half a file
// under a real name. In an encrypted archive every byte written here, tmp/ included, is
// encrypted (crypto/chunked-file.ts): no plaintext PDF is ever written under the archive.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../shared/errors';
import { decryptStream, encryptStream } from './crypto/chunked-file';
import { deriveSubKeys, type SubKeys } from './crypto/keys';
import { readStoredFile, readStoredRange, storedFile, type StoredFileRef } from './crypto/stored-file';
import { shredFile } from './erase';
import { isInside, type ArchiveLayout } from './layout';

export interface StagedFile {
  readonly tempPath: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class FileStore {
  /** The keys derived from the archive key; null for a plaintext archive. */
  readonly keys: SubKeys | null;

  constructor(
    private readonly layout: ArchiveLayout,
    masterKey: Buffer | null = null,
  ) {
    this.keys = masterKey ? deriveSubKeys(masterKey) : null;
  }

  get encrypted(): boolean {
    return this.keys !== null;
  }

  async init(): Promise<void> {
    await fs.mkdir(this.layout.files, { recursive: true });
    // Leftovers in tmp/ are copies a crash interrupted; nothing refers to them.
    await fs.rm(this.layout.tmp, { recursive: true, force: true });
    await fs.mkdir(this.layout.tmp, { recursive: true });
  }

  /** Where the document's file is stored (encrypted in an encrypted archive: open it with `source`). */
  pathFor(sha256: string): string {
    return this.source(sha256).path;
  }

  /** The stored file and the key that opens it: what the PDF and OCR workers read. */
  source(sha256: string): StoredFileRef {
    return storedFile(this.layout.files, sha256, this.keys);
  }

  /** Copies a file into tmp/ while hashing it, in one streaming pass (encrypting it on the way). */
  async stageFromPath(source: string): Promise<StagedFile> {
    const raw = createReadStream(source);
    // A file already in the store (bytes sent to a batch are kept there first) is read through its key.
    const stored = this.keys && isInside(path.resolve(source), this.layout.files);
    return this.stage(stored ? [raw, decryptStream(this.keys!.fileContent)] : [raw], `Cannot read ${source}`);
  }

  stageFromBytes(data: Uint8Array): Promise<StagedFile> {
    return this.stage([Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)])], 'Cannot store the file');
  }

  /** Moves a staged file to its content address; an identical copy already there wins. */
  async commit(staged: StagedFile): Promise<string> {
    const target = this.pathFor(staged.sha256);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      try {
        await fs.access(target);
        await this.discard(staged.tempPath);
      } catch {
        await fs.rename(staged.tempPath, target);
      }
    } catch (err) {
      // A full disk or a blocked folder: no half-committed copy stays behind in tmp/.
      await this.discard(staged.tempPath);
      throw new AppError('io_error', `Cannot store the file in the archive: ${(err as Error).message}`);
    }
    return target;
  }

  async discard(tempPath: string): Promise<void> {
    await fs.rm(tempPath, { force: true });
  }

  /** Overwrites the document's file, then removes it. */
  async remove(sha256: string): Promise<void> {
    await shredFile(this.pathFor(sha256));
  }

  /** The document's bytes, decrypted and checked (file_damaged when they were changed). */
  read(sha256: string): Promise<Uint8Array<ArrayBuffer>> {
    return readStoredFile(this.source(sha256));
  }

  /** Bytes [begin, end) of the document's content (end cut to its end) and its size; encrypted chunks are checked. */
  readRange(sha256: string, begin: number, end: number): Promise<{ size: number; data: Uint8Array<ArrayBuffer> }> {
    return readStoredRange(this.source(sha256), begin, end);
  }

  private async stage(from: NodeJS.ReadableStream[], failure: string): Promise<StagedFile> {
    const tempPath = path.join(this.layout.tmp, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const sealed = this.keys ? [encryptStream(this.keys.fileContent)] : [];
    try {
      const streams: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [...from, tap, ...sealed, createWriteStream(tempPath, { flags: 'wx' })];
      await pipeline(streams);
    } catch (err) {
      await this.discard(tempPath);
      if (err instanceof AppError) throw err;
      throw new AppError('io_error', `${failure}: ${(err as Error).message}`);
    }
    return { tempPath, sha256: hash.digest('hex'), bytes };
  }
}
