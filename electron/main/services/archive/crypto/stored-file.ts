// A file as the archive stores it: where it is, and the key that opens it (null in a
// plaintext archive). This is what the PDF and OCR workers are given instead of a bare path,
// so they decrypt in memory and no decrypted byte is ever written to disk.
// Plain Node: must not import electron.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../../shared/errors';
import { CHUNK_BYTES, decryptStream, readDecrypted, readDecryptedRange } from './chunked-file';
import { hmacHex, type SubKeys } from './keys';

export interface StoredFileRef {
  readonly path: string;
  /** The archive's file-content key; null for a plaintext file. */
  readonly key: Uint8Array | null;
}

/** The whole file's bytes, decrypted and checked. */
export async function readStoredFile(ref: StoredFileRef): Promise<Uint8Array<ArrayBuffer>> {
  return ref.key ? readDecrypted(ref.path, ref.key) : new Uint8Array(await fs.readFile(ref.path));
}

/**
 * Bytes [begin, end) of the file's content (end cut to its end) and the content's size,
 * decrypted and checked chunk by chunk when it is encrypted. The caller checks the range.
 */
export async function readStoredRange(ref: StoredFileRef, begin: number, end: number): Promise<{ size: number; data: Uint8Array<ArrayBuffer> }> {
  if (ref.key) return readDecryptedRange(ref.path, ref.key, begin, end);
  const handle = await fs.open(ref.path, 'r');
  try {
    const { size } = await handle.stat();
    const data = new Uint8Array(Math.max(0, Math.min(end, size) - begin));
    let read = 0;
    while (read < data.length) {
      const { bytesRead } = await handle.read(data, read, data.length - read, begin + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { size, data: read === data.length ? data : data.slice(0, read) };
  } finally {
    await handle.close();
  }
}

/** The sha256 of the file's content (decrypted and authenticated when it is encrypted). */
export async function storedSha256(ref: StoredFileRef): Promise<string> {
  const hash = createHash('sha256');
  const raw = createReadStream(ref.path, { highWaterMark: CHUNK_BYTES + 16 });
  await (ref.key ? pipeline(raw, decryptStream(ref.key), hash) : pipeline(raw, hash));
  return hash.digest('hex');
}

/** Copies a stored file as it is (encrypted stays encrypted), creating its folder. */
export async function copyStoredFile(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to, fs.constants.COPYFILE_FICLONE);
}

/** Whether a stored file's content is intact and has this sha256; file_damaged when not. */
export async function assertStoredSha256(ref: StoredFileRef, sha256: string): Promise<void> {
  const actual = await storedSha256(ref);
  if (actual !== sha256) throw new AppError('file_damaged', 'The archived file is damaged: its content no longer matches its checksum.');
}

/**
 * Where a document's file lives under a files/ folder: <2 hex>/<sha256>.pdf in a plaintext
 * archive; in an encrypted one the name is an HMAC of the sha256 under the archive's name key,
 * so a copy of the folder does not tell whether a known document is in it.
 */
export function storedFile(filesDir: string, sha256: string, keys: SubKeys | null): StoredFileRef {
  const name = keys ? hmacHex(keys.fileName, sha256) : sha256;
  return { path: path.join(filesDir, name.slice(0, 2), keys ? `${name}.abx` : `${name}.pdf`), key: keys?.fileContent ?? null };
}
