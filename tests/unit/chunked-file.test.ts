// The encrypted file format (crypto/chunked-file.ts): round trips at every size around the
// chunk boundary, by stream and by whole-file read; and every way of changing a file (a
// flipped bit, a cut at a chunk boundary, swapped or dropped chunks, bytes appended, another
// key, another header) ends as file_damaged, never as wrong bytes.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, HEADER_BYTES, decryptStream, encryptStream, plaintextSize, readDecrypted } from '../../electron/main/services/archive/crypto/chunked-file';
import { deriveSubKeys } from '../../electron/main/services/archive/crypto/keys';
import { storedFile, storedSha256 } from '../../electron/main/services/archive/crypto/stored-file';
import { makeTempDir } from '../helpers/temp-dir';

const { dir, cleanup } = makeTempDir('abstractor-chunked-');
afterAll(cleanup);

const key = randomBytes(32);
const SEALED = CHUNK_BYTES + 16;
let n = 0;

async function encrypt(data: Buffer, k: Buffer = key): Promise<string> {
  const file = path.join(dir, `f${++n}.abx`);
  // Fed in odd-sized pieces, as a file stream would.
  const pieces = [];
  for (let at = 0; at < data.length; at += 10_007) pieces.push(data.subarray(at, at + 10_007));
  await pipeline(Readable.from(pieces), encryptStream(k), fs.createWriteStream(file));
  return file;
}

async function decryptByStream(file: string, k: Buffer = key): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(fs.createReadStream(file, { highWaterMark: 5000 }), decryptStream(k), async function* (source) {
    for await (const chunk of source) out.push(chunk as Buffer);
  });
  return Buffer.concat(out);
}

async function expectDamaged(file: string, k: Buffer = key): Promise<void> {
  await expect(readDecrypted(file, k)).rejects.toMatchObject({ code: 'file_damaged' });
  await expect(decryptByStream(file, k)).rejects.toMatchObject({ code: 'file_damaged' });
}

describe('round trips', () => {
  for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 3 * CHUNK_BYTES + 17]) {
    it(`${size} bytes`, async () => {
      const data = randomBytes(size);
      const file = await encrypt(data);
      const stored = fs.readFileSync(file);
      expect(plaintextSize(stored.length)).toBe(size);
      expect(Buffer.from(await readDecrypted(file, key)).equals(data)).toBe(true);
      expect((await decryptByStream(file)).equals(data)).toBe(true);
      expect(await storedSha256({ path: file, key })).toBe(createHash('sha256').update(data).digest('hex'));
    });
  }

  it('writes no plaintext and a fresh salt and nonce prefix per file', async () => {
    const data = Buffer.from('%PDF-1.7 suicidal ideation '.repeat(5000));
    const a = fs.readFileSync(await encrypt(data));
    const b = fs.readFileSync(await encrypt(data));
    expect(a.includes('suicidal')).toBe(false);
    expect(a.subarray(8, HEADER_BYTES).equals(b.subarray(8, HEADER_BYTES))).toBe(false);
    expect(a.subarray(HEADER_BYTES, HEADER_BYTES + 64).equals(b.subarray(HEADER_BYTES, HEADER_BYTES + 64))).toBe(false);
  });
});

describe('a changed file is file_damaged', () => {
  const data = randomBytes(3 * CHUNK_BYTES + 500);
  const variant = async (change: (bytes: Buffer) => Buffer): Promise<string> => {
    const file = await encrypt(data);
    fs.writeFileSync(file, change(fs.readFileSync(file)));
    return file;
  };
  const chunk = (bytes: Buffer, i: number) => bytes.subarray(HEADER_BYTES + i * SEALED, HEADER_BYTES + (i + 1) * SEALED);
  const header = (bytes: Buffer) => bytes.subarray(0, HEADER_BYTES);

  it('one flipped bit in the middle', async () => {
    await expectDamaged(await variant((b) => ((b[HEADER_BYTES + SEALED + 100]! ^= 1), b)));
  });
  it('cut at a chunk boundary (a whole last chunk dropped)', async () => {
    await expectDamaged(await variant((b) => b.subarray(0, HEADER_BYTES + 3 * SEALED)));
  });
  it('cut inside a chunk', async () => {
    await expectDamaged(await variant((b) => b.subarray(0, b.length - 10)));
  });
  it('two chunks swapped', async () => {
    await expectDamaged(await variant((b) => Buffer.concat([header(b), chunk(b, 1), chunk(b, 0), b.subarray(HEADER_BYTES + 2 * SEALED)])));
  });
  it('a chunk dropped from the middle', async () => {
    await expectDamaged(await variant((b) => Buffer.concat([header(b), chunk(b, 0), b.subarray(HEADER_BYTES + 2 * SEALED)])));
  });
  it('bytes appended after the final chunk', async () => {
    await expectDamaged(await variant((b) => Buffer.concat([b, randomBytes(SEALED)])));
  });
  it('a changed header (salt) or an unknown version', async () => {
    await expectDamaged(await variant((b) => ((b[10]! ^= 1), b)));
    await expectDamaged(await variant((b) => ((b[4] = 9), b)));
  });
  it('another key', async () => {
    await expectDamaged(await encrypt(data), randomBytes(32));
  });
  it('a plaintext PDF where an encrypted file should be', async () => {
    const file = path.join(dir, 'plain.abx');
    fs.writeFileSync(file, Buffer.from('%PDF-1.4\n'.repeat(100)));
    await expectDamaged(file);
  });
});

describe('stored file names', () => {
  it('hide the sha256 behind an HMAC of the archive key, stable for one key', () => {
    const sha = createHash('sha256').update('a known document').digest('hex');
    const keys = deriveSubKeys(key);
    const plain = storedFile('/a/files', sha, null);
    const hidden = storedFile('/a/files', sha, keys);
    expect(plain).toEqual({ path: path.join('/a/files', sha.slice(0, 2), `${sha}.pdf`), key: null });
    expect(hidden.path).not.toContain(sha);
    expect(hidden.path).not.toContain(sha.slice(0, 16));
    expect(storedFile('/a/files', sha, deriveSubKeys(key)).path).toBe(hidden.path);
    expect(storedFile('/a/files', sha, deriveSubKeys(randomBytes(32))).path).not.toBe(hidden.path);
    // Distinct purposes get distinct keys.
    expect(new Set([keys.fileContent, keys.fileName, keys.backupManifest].map((k) => k.toString('hex'))).size).toBe(3);
  });
});
