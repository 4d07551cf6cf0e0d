// The encrypted file format of the archive's PDFs (and their copies in backups): AES-256-GCM
// in authenticated 64 KiB chunks, so a file is encrypted and checked as a stream and a
// damaged byte is found in the chunk that holds it.
//
//   header (32 bytes): "ABXF" | version 1 | log2(chunk size) | 0 0 | salt (16) | nonce prefix (8)
//   chunk i:           ciphertext | GCM tag (16)
//
// Each file has its own key, HKDF(content key, salt), and chunk i its own nonce, the file's
// random prefix followed by i. The additional data binds the header, i and a final-chunk flag,
// so a changed header, reordered or dropped chunks, a cut-off end or bytes appended after the
// last chunk all fail authentication: `file_damaged`. No plaintext leaves a chunk before its
// tag is checked. Plain Node: must not import electron.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../../../../shared/errors';
import { hkdf } from './keys';

const MAGIC = Buffer.from('ABXF', 'latin1');
const VERSION = 1;
const CHUNK_LOG2 = 16;
export const CHUNK_BYTES = 1 << CHUNK_LOG2;
export const HEADER_BYTES = 32;
const TAG_BYTES = 16;
const SEALED_CHUNK = CHUNK_BYTES + TAG_BYTES;
const FILE_KEY_LABEL = 'abstractor/v1/file-chunk-key';

interface FileHeader {
  readonly bytes: Buffer;
  readonly key: Buffer;
  readonly noncePrefix: Buffer;
}

function damaged(why: string): AppError {
  return new AppError('file_damaged', `The archived file is damaged or was changed (${why}); its content cannot be trusted.`);
}

function newHeader(contentKey: Uint8Array): FileHeader {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes[4] = VERSION;
  bytes[5] = CHUNK_LOG2;
  randomBytes(24).copy(bytes, 8);
  return headerOf(bytes, contentKey);
}

function parseHeader(bytes: Buffer, contentKey: Uint8Array): FileHeader {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) throw damaged('not an encrypted archive file');
  if (bytes[4] !== VERSION || bytes[5] !== CHUNK_LOG2) throw damaged(`unknown format version ${bytes[4]}`);
  return headerOf(Buffer.from(bytes.subarray(0, HEADER_BYTES)), contentKey);
}

function headerOf(bytes: Buffer, contentKey: Uint8Array): FileHeader {
  return { bytes, key: hkdf(contentKey, FILE_KEY_LABEL, bytes.subarray(8, 24)), noncePrefix: bytes.subarray(24, 32) };
}

function chunkParams(header: FileHeader, index: number, final: boolean): { nonce: Buffer; aad: Buffer } {
  const nonce = Buffer.alloc(12);
  header.noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 8);
  const aad = Buffer.alloc(HEADER_BYTES + 5);
  header.bytes.copy(aad, 0);
  aad.writeUInt32BE(index, HEADER_BYTES);
  aad[HEADER_BYTES + 4] = final ? 1 : 0;
  return { nonce, aad };
}

function sealChunk(header: FileHeader, index: number, final: boolean, plain: Buffer): Buffer {
  const { nonce, aad } = chunkParams(header, index, final);
  const cipher = createCipheriv('aes-256-gcm', header.key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/** Decrypts one sealed chunk into `out` at `offset`; returns the plaintext length. */
function openChunk(header: FileHeader, index: number, final: boolean, sealed: Buffer, out?: Uint8Array, offset = 0): Buffer | number {
  if (sealed.length < TAG_BYTES) throw damaged('cut off');
  const { nonce, aad } = chunkParams(header, index, final);
  const decipher = createDecipheriv('aes-256-gcm', header.key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    decipher.final();
    if (!out) return plain;
    out.set(plain, offset);
    return plain.length;
  } catch {
    throw damaged(`chunk ${index} fails authentication`);
  }
}

/** Encrypts a byte stream into the chunked format. */
export function encryptStream(contentKey: Uint8Array): Transform {
  const header = newHeader(contentKey);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  return new Transform({
    construct(done) {
      this.push(header.bytes);
      done();
    },
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      // A full chunk goes out only when more data follows it: the last chunk carries the final flag.
      if (pendingBytes > CHUNK_BYTES) {
        let all = Buffer.concat(pending);
        while (all.length > CHUNK_BYTES) {
          this.push(sealChunk(header, index++, false, all.subarray(0, CHUNK_BYTES)));
          all = all.subarray(CHUNK_BYTES);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      this.push(sealChunk(header, index, true, Buffer.concat(pending)));
      done();
    },
  });
}

/** Decrypts the chunked format back to the bytes; fails with file_damaged on any change. */
export function decryptStream(contentKey: Uint8Array): Transform {
  let header: FileHeader | null = null;
  let buffered: Buffer = Buffer.alloc(0);
  let index = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        if (!header) {
          if (buffered.length < HEADER_BYTES) return done();
          header = parseHeader(buffered, contentKey);
          buffered = buffered.subarray(HEADER_BYTES);
        }
        while (buffered.length > SEALED_CHUNK) {
          this.push(openChunk(header, index++, false, buffered.subarray(0, SEALED_CHUNK)) as Buffer);
          buffered = buffered.subarray(SEALED_CHUNK);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header) throw damaged('no header');
        this.push(openChunk(header, index, true, buffered) as Buffer);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** Plaintext size of an encrypted file of `size` bytes, or null when no valid file has that size. */
export function plaintextSize(size: number): number | null {
  const body = size - HEADER_BYTES;
  if (body < TAG_BYTES) return null;
  const chunks = Math.ceil(body / SEALED_CHUNK);
  const last = body - (chunks - 1) * SEALED_CHUNK;
  if (last < TAG_BYTES || (last === TAG_BYTES && chunks > 1)) return null;
  return body - chunks * TAG_BYTES;
}

/**
 * Reads and decrypts a whole file into one buffer of exactly its plaintext size, reading a
 * chunk at a time (no second copy of the file in memory). For the PDF and OCR workers,
 * which hand the bytes to pdf.js.
 */
export async function readDecrypted(file: string, contentKey: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const total = plaintextSize(size);
    if (total === null) throw damaged('wrong length');
    const head = Buffer.alloc(HEADER_BYTES);
    await readExactly(handle, head, 0);
    const header = parseHeader(head, contentKey);
    const out = new Uint8Array(total);
    const sealed = Buffer.alloc(SEALED_CHUNK);
    let position = HEADER_BYTES;
    let offset = 0;
    for (let index = 0; position < size; index++) {
      const length = Math.min(SEALED_CHUNK, size - position);
      await readExactly(handle, sealed.subarray(0, length), position);
      position += length;
      offset += openChunk(header, index, position === size, sealed.subarray(0, length), out, offset) as number;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts bytes [begin, end) of a file (end cut to the plaintext's end), opening only the
 * chunks that hold them, each checked as always. For the reader, which asks for ranges.
 */
export async function readDecryptedRange(file: string, contentKey: Uint8Array, begin: number, end: number): Promise<{ size: number; data: Uint8Array<ArrayBuffer> }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const total = plaintextSize(size);
    if (total === null) throw damaged('wrong length');
    const stop = Math.min(end, total);
    const out = new Uint8Array(Math.max(0, stop - begin));
    if (out.length === 0) return { size: total, data: out };
    const head = Buffer.alloc(HEADER_BYTES);
    await readExactly(handle, head, 0);
    const header = parseHeader(head, contentKey);
    const sealed = Buffer.alloc(SEALED_CHUNK);
    const lastIndex = Math.ceil((size - HEADER_BYTES) / SEALED_CHUNK) - 1;
    for (let index = Math.floor(begin / CHUNK_BYTES); index * CHUNK_BYTES < stop; index++) {
      const position = HEADER_BYTES + index * SEALED_CHUNK;
      const length = Math.min(SEALED_CHUNK, size - position);
      await readExactly(handle, sealed.subarray(0, length), position);
      const plain = openChunk(header, index, index === lastIndex, sealed.subarray(0, length)) as Buffer;
      const from = Math.max(begin, index * CHUNK_BYTES);
      const to = Math.min(stop, index * CHUNK_BYTES + plain.length);
      out.set(plain.subarray(from - index * CHUNK_BYTES, to - index * CHUNK_BYTES), from - begin);
    }
    return { size: total, data: out };
  } finally {
    await handle.close();
  }
}

async function readExactly(handle: fs.FileHandle, into: Buffer, position: number): Promise<void> {
  let read = 0;
  while (read < into.length) {
    const { bytesRead } = await handle.read(into, read, into.length - read, position + read);
    if (bytesRead === 0) throw damaged('cut off');
    read += bytesRead;
  }
}
