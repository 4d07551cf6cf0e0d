// The bridge's JSON codec: Uint8Array must survive the round trip byte for byte, and the
// pure base64 must agree with Node's Buffer on every length.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BRIDGE_PATHS, decodeWire, encodeWire, fromBase64, toBase64 } from '../../shared/wire';

describe('toBase64 / fromBase64', () => {
  it('encodes like Buffer for every short length (all padding cases)', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= bytes.length; n++) {
      const slice = bytes.subarray(0, n);
      const expected = Buffer.from(slice).toString('base64');
      expect(toBase64(slice), `length ${n}`).toBe(expected);
      expect(fromBase64(expected), `length ${n}`).toEqual(new Uint8Array(slice));
    }
  });

  it('handles the empty array', () => {
    expect(toBase64(new Uint8Array(0))).toBe('');
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });

  it('round-trips 1 MB of random bytes, matching Buffer both ways', () => {
    const bytes = new Uint8Array(randomBytes(1024 * 1024 + 1)); // + 1: a padded tail
    const encoded = toBase64(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
    const decoded = fromBase64(encoded);
    expect(decoded.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(decoded), Buffer.from(bytes))).toBe(0);
  });

  it('encodes every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
    expect(fromBase64(Buffer.from(all).toString('base64'))).toEqual(all);
  });

  it('encodes a view by its own bytes, not its whole buffer', () => {
    const backing = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const view = backing.subarray(2, 5);
    expect(toBase64(view)).toBe(Buffer.from([3, 4, 5]).toString('base64'));
  });

  it('accepts base64 without padding and rejects characters outside the alphabet', () => {
    expect(fromBase64('AQID')).toEqual(Uint8Array.from([1, 2, 3]));
    expect(fromBase64('AQI')).toEqual(Uint8Array.from([1, 2]));
    expect(() => fromBase64('AQ*D')).toThrow(/base64/i);
    expect(() => fromBase64('AQ-D')).toThrow(/base64/i); // base64url is not accepted
  });
});

describe('encodeWire / decodeWire', () => {
  it('carries Uint8Array anywhere in a value as {$bytes}', () => {
    const value = {
      files: [
        { key: 'a', name: 'a.pdf', data: Uint8Array.from([37, 80, 68, 70, 45]) },
        { key: 'b', name: 'empty.pdf', data: new Uint8Array(0) },
      ],
      nested: { deeper: [new Uint8Array([255, 0, 128])] },
      password: 'p',
    };
    const text = encodeWire(value);
    expect(JSON.parse(text).files[0].data).toEqual({ $bytes: 'JVBERi0=' });
    const back = decodeWire(text) as typeof value;
    expect(back.files[0]!.data).toBeInstanceOf(Uint8Array);
    expect(back.files[0]!.data).toEqual(value.files[0]!.data);
    expect(back.files[1]!.data).toBeInstanceOf(Uint8Array);
    expect(back.files[1]!.data.length).toBe(0);
    expect(back.nested.deeper[0]).toEqual(new Uint8Array([255, 0, 128]));
    expect(back.password).toBe('p');
  });

  it('round-trips 1 MB of random bytes inside a request', () => {
    const data = new Uint8Array(randomBytes(1024 * 1024));
    const back = decodeWire(encodeWire({ data })) as { data: Uint8Array };
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(data))).toBe(0);
  });

  it('leaves ordinary JSON alone', () => {
    const value = { a: 1, b: 'text', c: [true, null, { d: 'x' }], e: { $other: 'AQID' } };
    expect(encodeWire(value)).toBe(JSON.stringify(value));
    expect(decodeWire(JSON.stringify(value))).toEqual(value);
  });

  it('names the bridge paths', () => {
    expect(BRIDGE_PATHS.call('documents:import')).toBe('/api/call/documents%3Aimport');
    expect(BRIDGE_PATHS.events).toBe('/api/events');
  });
});
