// Seeded GGUF header mutations for `npm run fuzz -- --target gguf`: counts and lengths set to
// absurd or off-by-one values, value and element types changed, truncation, byte flips, arrays
// nested deep, metadata entries duplicated or dropped. The seed's header is mapped first, so a
// mutation hits a real field. Deterministic for a seed.
import type { Rng } from './mutate';

type FieldKind =
  | 'tensor_count'
  | 'key_count'
  | 'string_length'
  | 'value_type'
  | 'array_type'
  | 'array_count'
  | 'dims'
  | 'dim'
  | 'tensor_type'
  | 'tensor_offset';

interface Field {
  readonly offset: number;
  readonly size: 4 | 8;
  readonly kind: FieldKind;
}

interface HeaderMap {
  readonly fields: Field[];
  /** Byte ranges of whole metadata entries (key and value). */
  readonly entries: Array<[number, number]>;
  readonly end: number;
}

const FIXED: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Where each field of a well-formed header sits (the seeds are written by our own writer). */
export function mapHeader(data: Buffer): HeaderMap {
  const fields: Field[] = [];
  const entries: Array<[number, number]> = [];
  let at = 8;
  const u32 = (kind: FieldKind) => {
    fields.push({ offset: at, size: 4, kind });
    at += 4;
    return data.readUInt32LE(at - 4);
  };
  const u64 = (kind: FieldKind) => {
    fields.push({ offset: at, size: 8, kind });
    at += 8;
    return Number(data.readBigUInt64LE(at - 8));
  };
  const string = () => {
    const length = u64('string_length');
    at += length;
  };
  const value = (type: number): void => {
    if (FIXED[type] !== undefined) at += FIXED[type]!;
    else if (type === 8) string();
    else {
      const of = u32('array_type');
      const count = u64('array_count');
      if (FIXED[of] !== undefined) at += count * FIXED[of]!;
      else for (let i = 0; i < count; i++) value(of);
    }
  };
  const tensors = u64('tensor_count');
  const keys = u64('key_count');
  for (let k = 0; k < keys; k++) {
    const start = at;
    string();
    value(u32('value_type'));
    entries.push([start, at]);
  }
  for (let t = 0; t < tensors; t++) {
    string();
    const dims = u32('dims');
    for (let d = 0; d < dims; d++) u64('dim');
    u32('tensor_type');
    u64('tensor_offset');
  }
  return { fields, entries, end: at };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

function interesting64(r: Rng, old: bigint, left: number): bigint {
  return pick(r, [
    0n,
    1n,
    (old + 1n) % 2n ** 64n,
    old > 0n ? old - 1n : 0n,
    (old * 2n) % 2n ** 64n,
    BigInt(left),
    BigInt(left + 1),
    BigInt(Math.floor(left / 8)),
    255n,
    65_535n,
    2n ** 31n,
    2n ** 32n - 1n,
    2n ** 32n,
    2n ** 40n,
    2n ** 53n + 1n,
    2n ** 63n,
    2n ** 64n - 1n,
    BigInt(int(r, 0, 1 << 30)),
  ]);
}

function interesting32(r: Rng): number {
  return pick(r, [0, 1, 6, 7, 8, 9, 10, 12, 13, 31, 255, 2 ** 31, 2 ** 32 - 1, int(r, 0, 40)]);
}

type Mutation = (data: Buffer, map: HeaderMap, r: Rng) => { data: Buffer; note: string } | null;

const MUTATIONS: Array<[number, Mutation]> = [
  // A count or length made absurd: the heart of the hostile-header cases.
  [
    5,
    (data, map, r) => {
      const wide = map.fields.filter((f) => f.size === 8 && f.offset + 8 <= data.length);
      if (wide.length === 0) return null;
      const f = pick(r, wide);
      const old = data.readBigUInt64LE(f.offset);
      const v = interesting64(r, old, data.length - f.offset - 8);
      const out = Buffer.from(data);
      out.writeBigUInt64LE(v, f.offset);
      return { data: out, note: `${f.kind}@${f.offset} ${old} -> ${v}` };
    },
  ],
  [
    3,
    (data, map, r) => {
      const narrow = map.fields.filter((x) => x.size === 4 && x.offset + 4 <= data.length);
      if (narrow.length === 0) return null;
      const f = pick(r, narrow);
      const v = interesting32(r);
      const out = Buffer.from(data);
      out.writeUInt32LE(v, f.offset);
      return { data: out, note: `${f.kind}@${f.offset} -> ${v}` };
    },
  ],
  [
    2,
    (data, map, r) => {
      const at = int(r, 0, Math.min(data.length, map.end + 64));
      return { data: data.subarray(0, at), note: `truncated at ${at} (header ends at ${map.end})` };
    },
  ],
  [
    2,
    (data, map, r) => {
      const out = Buffer.from(data);
      const flips = int(r, 1, 16);
      for (let i = 0; i < flips; i++) out[int(r, 0, map.end - 1)] = int(r, 0, 255);
      return { data: out, note: `${flips} header bytes changed` };
    },
  ],
  // A metadata entry of arrays nested `depth` deep, inserted first.
  [
    2,
    (data, map, r) => {
      if (data.length < 24) return null;
      const depth = int(r, 1, 8);
      const parts: Buffer[] = [];
      const u32 = (v: number) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(v);
        parts.push(b);
      };
      const u64 = (v: bigint) => {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(v);
        parts.push(b);
      };
      const key = Buffer.from('fuzz.nested');
      u64(BigInt(key.length));
      parts.push(key);
      u32(9);
      for (let d = 0; d < depth; d++) {
        u32(d === depth - 1 ? 0 : 9);
        u64(d === depth - 1 ? BigInt(int(r, 0, 64)) : r() < 0.2 ? interesting64(r, 1n, data.length) : 1n);
      }
      parts.push(Buffer.alloc(int(r, 0, 64)));
      const keyCount = data.readBigUInt64LE(16);
      const head = Buffer.from(data.subarray(0, 24));
      head.writeBigUInt64LE((keyCount + 1n) % 2n ** 64n, 16);
      return { data: Buffer.concat([head, ...parts, data.subarray(24)]), note: `arrays nested ${depth} deep` };
    },
  ],
  [
    1,
    (data, map, r) => {
      if (map.entries.length === 0 || data.length < 24) return null;
      const [from, to] = pick(r, map.entries);
      const times = pick(r, [1, 2, 100]);
      const out = Buffer.concat([data.subarray(0, to), ...Array.from({ length: times }, () => data.subarray(from, to)), data.subarray(to)]);
      if (r() < 0.5) out.writeBigUInt64LE((out.readBigUInt64LE(16) + BigInt(times)) % 2n ** 64n, 16);
      return { data: out, note: `entry at ${from} repeated ${times} times` };
    },
  ],
  [
    1,
    (data, map, r) => {
      if (map.entries.length === 0) return null;
      const [from, to] = pick(r, map.entries);
      return { data: Buffer.concat([data.subarray(0, from), data.subarray(to)]), note: `entry at ${from} dropped, count kept` };
    },
  ],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [w]) => sum + w, 0);

/** One to three mutations of a seed GGUF, the header mapped once. */
export function mutateGguf(seed: Buffer, map: HeaderMap, r: Rng): { data: Buffer; notes: string[] } {
  let data = seed;
  const notes: string[] = [];
  const rounds = int(r, 1, 3);
  for (let i = 0; i < rounds; i++) {
    let roll = r() * TOTAL_WEIGHT;
    const [, mutation] = MUTATIONS.find(([w]) => (roll -= w) < 0) ?? MUTATIONS[0]!;
    // Later rounds keep using the seed's map: a shifted field is one more kind of damage.
    const result = mutation(data, map, r);
    if (result) {
      data = result.data;
      notes.push(result.note);
    }
  }
  return { data, notes };
}
