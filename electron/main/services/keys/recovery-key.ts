// The recovery key: 160 random bits a person can write down and type back, in Crockford's
// base32 (no I, L, O or U to misread) in groups of four, with a short checksum so a typo is
// caught as a typo rather than reported as a wrong key. Plain Node.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SECRET_BYTES = 20; // 160 bits: 32 characters
const CHECK_CHARS = 4; // 20 bits of SHA-256

export interface RecoveryKey {
  /** What the user sees and types: nine groups of four characters. */
  readonly text: string;
  readonly secret: Buffer;
}

export function newRecoveryKey(): RecoveryKey {
  const secret = randomBytes(SECRET_BYTES);
  return { secret, text: format(secret) };
}

/** The secret of a typed recovery key, or null when it is not one (wrong length, bad checksum). */
export function parseRecoveryKey(typed: string): Buffer | null {
  const chars = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (chars.length !== 32 + CHECK_CHARS || [...chars].some((c) => !ALPHABET.includes(c))) return null;
  const secret = decode(chars.slice(0, 32));
  return checksum(secret) === chars.slice(32) ? secret : null;
}

function format(secret: Buffer): string {
  const chars = encode(secret) + checksum(secret);
  return chars.match(/.{4}/g)!.join('-');
}

function checksum(secret: Buffer): string {
  return encode(createHash('sha256').update(secret).digest()).slice(0, CHECK_CHARS);
}

function encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function decode(chars: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of chars) {
    value = (value << 5) | ALPHABET.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
