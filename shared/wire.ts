// JSON encoding for the bridge: like JSON, but Uint8Array survives as {"$bytes": base64}.
// IPC needs none of this (structured clone carries bytes). Pure: no Buffer, no DOM.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Char code → 6-bit value, 255 for a character outside the alphabet.
const LOOKUP = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
// Characters are built in blocks and joined once: a string grown a character at a time costs
// seconds on a PDF of a few megabytes.
const BLOCK_CHARS = 32_768;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const block = new Uint8Array(BLOCK_CHARS);
  let used = 0;
  const flush = () => {
    parts.push(String.fromCharCode.apply(null, block.subarray(0, used) as unknown as number[]));
    used = 0;
  };
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    block[used++] = CODES[(n >> 18) & 63]!;
    block[used++] = CODES[(n >> 12) & 63]!;
    block[used++] = i + 1 < bytes.length ? CODES[(n >> 6) & 63]! : 61; // '='
    block[used++] = i + 2 < bytes.length ? CODES[n & 63]! : 61;
    if (used === BLOCK_CHARS) flush();
  }
  if (used > 0) flush();
  return parts.join('');
}

export function fromBase64(text: string): Uint8Array {
  let length = text.length;
  while (length > 0 && text.charCodeAt(length - 1) === 61) length--; // '=' padding
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : 255;
    if (v === 255) throw new Error('Invalid base64');
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: toBase64(v) } : v));
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v && typeof v === 'object' && typeof (v as { $bytes?: unknown }).$bytes === 'string'
      ? fromBase64((v as { $bytes: string }).$bytes)
      : v,
  );
}

/** HTTP paths of the bridge. */
export const BRIDGE_PATHS = {
  call: (name: string) => `/api/call/${encodeURIComponent(name)}`,
  events: '/api/events',
} as const;
