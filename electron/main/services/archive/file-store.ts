// Content-addressed copies of imported files: files/<2 hex>/<sha256>.pdf. A file is
// written to tmp/ first and renamed into place, so a crash never leaves half a file
// under a real name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../../../../shared/errors';
import { shredFile } from './erase';
import type { ArchiveLayout } from './layout';

export interface StagedFile {
  readonly tempPath: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class FileStore {
  constructor(private readonly layout: ArchiveLayout) {}

  async init(): Promise<void> {
    await fs.mkdir(this.layout.files, { recursive: true });
    // Leftovers in tmp/ are copies a crash interrupted; nothing refers to them.
    await fs.rm(this.layout.tmp, { recursive: true, force: true });
    await fs.mkdir(this.layout.tmp, { recursive: true });
  }

  pathFor(sha256: string): string {
    return path.join(this.layout.files, sha256.slice(0, 2), `${sha256}.pdf`);
  }

  /** Copies a file into tmp/ while hashing it, in one streaming pass. */
  async stageFromPath(source: string): Promise<StagedFile> {
    const tempPath = this.tempName();
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(source), tap, createWriteStream(tempPath, { flags: 'wx' }));
    } catch (err) {
      await this.discard(tempPath);
      throw new AppError('io_error', `Cannot read ${source}: ${(err as Error).message}`);
    }
    return { tempPath, sha256: hash.digest('hex'), bytes };
  }

  async stageFromBytes(data: Uint8Array): Promise<StagedFile> {
    const tempPath = this.tempName();
    await fs.writeFile(tempPath, data, { flag: 'wx' });
    return { tempPath, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.byteLength };
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

  read(sha256: string): Promise<Buffer> {
    return fs.readFile(this.pathFor(sha256));
  }

  private tempName(): string {
    return path.join(this.layout.tmp, `${randomUUID()}.part`);
  }
}
