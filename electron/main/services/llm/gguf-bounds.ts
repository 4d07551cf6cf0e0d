// Walks a GGUF header's structure before any reader builds objects from it: every count and
// length is checked against the bytes left in the file, so a header declaring 2^63 tensors or
// a 2^40-element array is refused at once instead of being allocated (node-llama-cpp's reader
// trusts the counts). Reads in chunks and keeps nothing: constant memory whatever the header
// says. Also caps what no real model has (more than a million tensors, a 16 MiB string).
import { open, type FileHandle } from 'node:fs/promises';
import { EngineError } from './engine-error';

const MAX_TENSORS = 1_000_000n;
const MAX_KEYS = 100_000n;
/** A real vocabulary is < 300k tokens, its merges < 1M. */
const MAX_ARRAY_LENGTH = 16_000_000n;
const MAX_STRING_BYTES = 16n * 1024n * 1024n;
const MAX_ARRAY_DEPTH = 3;
/** ggml's GGML_MAX_DIMS. */
const MAX_DIMS = 4;
const CHUNK = 1 << 20;

/** GGUF value types and their size in bytes; strings and arrays are variable. */
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
/** The least bytes a value of each type takes: a string its length, an array its type and count. */
const minSize = (type: number): number => FIXED_SIZE[type] ?? (type === STRING ? 8 : 12);

function refuse(message: string): never {
  throw new EngineError('not_gguf', `The GGUF header is damaged or hostile: ${message}.`);
}

/** Sequential reads over a file handle through one reused buffer. */
class HeaderCursor {
  private readonly buffer = Buffer.alloc(CHUNK);
  private bufferStart = 0;
  private bufferEnd = 0;
  position = 0;

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  get remaining(): bigint {
    return BigInt(this.size - this.position);
  }

  private async fill(bytes: number): Promise<void> {
    if (this.position >= this.bufferStart && this.position + bytes <= this.bufferEnd) return;
    if (this.position + bytes > this.size) refuse(`it ends inside a field at byte ${this.position}`);
    const { bytesRead } = await this.fh.read(this.buffer, 0, CHUNK, this.position);
    this.bufferStart = this.position;
    this.bufferEnd = this.position + bytesRead;
    if (bytesRead < bytes) refuse(`it ends inside a field at byte ${this.position}`);
  }

  async u32(): Promise<number> {
    await this.fill(4);
    const v = this.buffer.readUInt32LE(this.position - this.bufferStart);
    this.position += 4;
    return v;
  }

  async u64(): Promise<bigint> {
    await this.fill(8);
    const v = this.buffer.readBigUInt64LE(this.position - this.bufferStart);
    this.position += 8;
    return v;
  }

  /** Moves past `bytes` bytes, which must be in the file. */
  skip(bytes: bigint, what: string): void {
    if (bytes > this.remaining) refuse(`${what} declares ${bytes} bytes, and ${this.remaining} are left`);
    this.position += Number(bytes);
  }
}

/** Throws not_gguf unless the header's counts, lengths and types are possible in a file this size. */
export async function checkGgufBounds(filePath: string): Promise<void> {
  const fh = await open(filePath, 'r');
  try {
    const { size } = await fh.stat();
    const cursor = new HeaderCursor(fh, size);
    if ((await cursor.u32()) !== 0x46554747 /* 'GGUF' little-endian */) refuse('no GGUF magic');
    const version = await cursor.u32();
    if (version !== 2 && version !== 3) refuse(`version ${version} (llama.cpp reads 2 and 3)`);
    const tensors = await cursor.u64();
    const keys = await cursor.u64();
    if (tensors > MAX_TENSORS) refuse(`${tensors} tensors`);
    if (keys > MAX_KEYS) refuse(`${keys} metadata keys`);
    // Each key takes at least 13 bytes (length, type, a one-byte value), each tensor entry 24.
    if (keys * 13n + tensors * 24n > cursor.remaining) refuse(`${keys} keys and ${tensors} tensors cannot fit in ${size} bytes`);
    for (let k = 0n; k < keys; k++) {
      await string(cursor, 'a key');
      await value(cursor, await cursor.u32(), 0);
    }
    for (let t = 0n; t < tensors; t++) {
      await string(cursor, 'a tensor name');
      const dims = await cursor.u32();
      if (dims > MAX_DIMS) refuse(`a tensor with ${dims} dimensions`);
      cursor.skip(BigInt(dims) * 8n + 4n + 8n, 'a tensor entry'); // dimensions, type, offset
    }
  } finally {
    await fh.close();
  }
}

async function string(cursor: HeaderCursor, what: string): Promise<void> {
  const length = await cursor.u64();
  if (length > MAX_STRING_BYTES) refuse(`${what} of ${length} bytes`);
  cursor.skip(length, what);
}

async function value(cursor: HeaderCursor, type: number, depth: number): Promise<void> {
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined) return cursor.skip(BigInt(fixed), 'a value');
  if (type === STRING) return string(cursor, 'a string');
  if (type !== ARRAY) refuse(`value type ${type}`);
  if (depth >= MAX_ARRAY_DEPTH) refuse('arrays nested too deep');
  const of = await cursor.u32();
  if (FIXED_SIZE[of] === undefined && of !== STRING && of !== ARRAY) refuse(`array element type ${of}`);
  const count = await cursor.u64();
  if (count > MAX_ARRAY_LENGTH) refuse(`an array of ${count} elements`);
  if (count * BigInt(minSize(of)) > cursor.remaining) refuse(`an array of ${count} elements cannot fit in the ${cursor.remaining} bytes left`);
  const elementSize = FIXED_SIZE[of];
  if (elementSize !== undefined) return cursor.skip(count * BigInt(elementSize), 'an array');
  for (let i = 0n; i < count; i++) await value(cursor, of, depth + 1);
}
