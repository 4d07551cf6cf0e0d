// Seeded PDF mutations for the fuzzer: byte flips, truncation, damaged xref offsets and
// /Length values, corrupted (deflate) stream bodies, duplicated and removed objects, spliced
// chunks and absurd numbers. Deterministic for a seed, so a failure can be made again.

export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick mutations. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

type Mutation = (data: Buffer, r: Rng) => { data: Buffer; note: string } | null;

/** Byte ranges of every `N G obj ... endobj`. */
function objects(data: Buffer): Array<[number, number]> {
  const text = data.toString('latin1');
  const out: Array<[number, number]> = [];
  const re = /\d+\s+\d+\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 20_000) {
    const end = text.indexOf('endobj', m.index);
    if (end < 0) break;
    out.push([m.index, end + 'endobj'.length]);
    re.lastIndex = end;
  }
  return out;
}

/** Byte ranges of stream bodies (between `stream` EOL and `endstream`). */
function streams(data: Buffer): Array<[number, number]> {
  const text = data.toString('latin1');
  const out: Array<[number, number]> = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 20_000) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    if (end > start) out.push([start, end]);
    re.lastIndex = end + 9;
  }
  return out;
}

const MUTATIONS: Record<string, Mutation> = {
  flipBytes(data, r) {
    const out = Buffer.from(data);
    const n = int(r, 1, 24);
    for (let i = 0; i < n; i++) {
      const at = int(r, 0, out.length - 1);
      out[at] = out[at]! ^ (1 << int(r, 0, 7));
    }
    return { data: out, note: `flipped ${n} bits` };
  },
  truncate(data, r) {
    const at = int(r, 0, data.length - 1);
    return { data: data.subarray(0, at), note: `truncated to ${at} of ${data.length} bytes` };
  },
  damageXref(data, r) {
    const text = data.toString('latin1');
    const entries = [...text.matchAll(/(\d{10}) (\d{5}) ([nf])/g)];
    const startxref = /startxref\s+(\d+)/g.exec(text);
    if (entries.length === 0 && !startxref) return null;
    const out = Buffer.from(data);
    if (startxref && (entries.length === 0 || r() < 0.3)) {
      const digits = startxref[1]!;
      const at = startxref.index + startxref[0].length - digits.length;
      const value = String(pick(r, [0, 1, Number(digits) + int(r, -50, 50), 99999999, data.length + 10])).padStart(digits.length, '0').slice(0, digits.length);
      out.write(value, at, 'latin1');
      return { data: out, note: `startxref ${digits} -> ${value}` };
    }
    const n = int(r, 1, Math.min(8, entries.length));
    for (let i = 0; i < n; i++) {
      const e = pick(r, entries);
      const value = String(pick(r, [0, int(r, 0, data.length), Number(e[1]) + int(r, -40, 40), 9999999999])).padStart(10, '0').slice(-10);
      out.write(value, e.index!, 'latin1');
    }
    return { data: out, note: `changed ${n} xref offsets` };
  },
  damageLength(data, r) {
    const text = data.toString('latin1');
    const lengths = [...text.matchAll(/\/Length (\d+)/g)];
    if (lengths.length === 0) return null;
    const e = pick(r, lengths);
    const value = String(pick(r, [0, 1, Number(e[1]) * 2, Number(e[1]) - 7, 2147483647, -1]));
    const out = Buffer.concat([data.subarray(0, e.index! + 8), Buffer.from(value, 'latin1'), data.subarray(e.index! + 8 + e[1]!.length)]);
    return { data: out, note: `/Length ${e[1]} -> ${value}` };
  },
  corruptStream(data, r) {
    const list = streams(data);
    if (list.length === 0) return null;
    const [start, end] = pick(r, list);
    const out = Buffer.from(data);
    const mode = pick(r, ['noise', 'zero', 'header']);
    if (mode === 'header') {
      // Breaks the zlib header or the first deflate block of a FlateDecode stream.
      for (let i = start; i < Math.min(end, start + 4); i++) out[i] = int(r, 0, 255);
    } else {
      const from = int(r, start, end - 1);
      const to = Math.min(end, from + int(r, 1, 256));
      for (let i = from; i < to; i++) out[i] = mode === 'zero' ? 0 : int(r, 0, 255);
    }
    return { data: out, note: `corrupted a stream body (${mode}) at ${start}-${end}` };
  },
  duplicateObject(data, r) {
    const list = objects(data);
    if (list.length === 0) return null;
    const [start, end] = pick(r, list);
    const at = pick(r, list)[1];
    const copy = data.subarray(start, end);
    return { data: Buffer.concat([data.subarray(0, at), Buffer.from('\n'), copy, data.subarray(at)]), note: `duplicated object at ${start} after ${at}` };
  },
  removeObject(data, r) {
    const list = objects(data);
    if (list.length === 0) return null;
    const [start, end] = pick(r, list);
    return { data: Buffer.concat([data.subarray(0, start), data.subarray(end)]), note: `removed object at ${start}-${end}` };
  },
  splice(data, r) {
    const from = int(r, 0, data.length - 1);
    const len = int(r, 1, Math.min(4096, data.length - from));
    const at = int(r, 0, data.length);
    const times = int(r, 1, 4);
    const chunk = Buffer.concat(Array.from({ length: times }, () => data.subarray(from, from + len)));
    return { data: Buffer.concat([data.subarray(0, at), chunk, data.subarray(at)]), note: `spliced ${len} bytes x${times} at ${at}` };
  },
  absurdNumber(data, r) {
    const text = data.toString('latin1');
    const keys = [...text.matchAll(/\/(Count|Size|W|Index|Columns|Rows|Width|Height|BitsPerComponent|Rotate|N|First) (\d+)/g)];
    if (keys.length === 0) return null;
    const e = pick(r, keys);
    const value = String(pick(r, [0, -1, 2147483647, 4294967296, 99999999999, 1e6]));
    const at = e.index! + e[1]!.length + 2;
    const out = Buffer.concat([data.subarray(0, at), Buffer.from(value, 'latin1'), data.subarray(at + e[2]!.length)]);
    return { data: out, note: `/${e[1]} ${e[2]} -> ${value}` };
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to three mutations of `seed`; the notes say exactly what was done. */
export function mutate(seed: Buffer, r: Rng): { data: Buffer; notes: string[] } {
  let data = seed;
  const notes: string[] = [];
  const rounds = int(r, 1, 3);
  for (let i = 0; i < rounds && data.length > 0; i++) {
    const name = pick(r, MUTATION_NAMES);
    const result = MUTATIONS[name]!(data, r);
    if (!result) continue;
    data = result.data;
    notes.push(`${name}: ${result.note}`);
  }
  if (notes.length === 0) {
    const result = MUTATIONS.flipBytes!(data.length > 0 ? data : Buffer.from('%PDF-1.4\n'), r)!;
    data = result.data;
    notes.push(`flipBytes: ${result.note}`);
  }
  return { data, notes };
}
