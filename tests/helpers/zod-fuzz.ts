// Payloads generated from zod 4 schemas for fuzzing the API: mostly the shape the schema asks
// for (so calls get past validation and into their handlers), with hostile values mixed in at
// every level: wrong types, huge strings and arrays, prototype keys, unknown fields, deep
// nesting, bad numbers and path tricks. Seeded, so a failure names the seed that reproduces it.
import type { z } from 'zod';
import { rng as mulberry32 } from '../fuzz/mutate';

export class Random {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Paths a hostile caller would try. Those that exist lie in `scratch`; none names a real folder to scan or write elsewhere. */
export function pathTricks(scratch: string): string[] {
  const missing = `${scratch}/missing`;
  return [
    `${missing}/model.gguf`,
    `${missing}/a/../../missing-too/x.pdf`,
    `../missing-${scratch.length}/../../etc/passwd-not-here`,
    `file://${missing}/x.pdf`,
    'file:///etc/passwd',
    `\\\\fuzz-host\\share\\x.pdf`,
    `\\\\?\\C:\\Windows\\win.ini`,
    'C:\\Windows\\System32\\config\\SAM',
    `${scratch}/decoy.txt`,
    `${scratch}/decoy.txt/../decoy.txt`,
    `${missing}/x\0.pdf`,
    '\0',
    `${scratch}/decoy.txt\0.gguf`,
    '/dev/null',
    '~/.ssh/id_rsa',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'CON',
    'https://fuzz.invalid/model.gguf',
    'http://127.0.0.1:9/x',
  ];
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\0',
  '\u202eevil\u202c',
  '\ud800',
  '🙂'.repeat(10),
  "'; DROP TABLE documents; --",
  '"unbalanced',
  'NEAR(a b',
  '*',
  'a OR',
  '=HYPERLINK("http://evil.example","x")',
  '%s%s%n',
  '${process.exit()}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

const BAD_NUMBERS = [-1, 0, -0, 1.5, -(2 ** 31), 2 ** 31, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];

/** Own keys that poison a naive merge (JSON.parse makes `__proto__` an own key, as a network payload would). */
function prototypeKeys(rng: Random): Record<string, unknown> {
  return JSON.parse(
    rng.pick([
      '{"__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"prototype":{"polluted":"yes"}}',
      '{"__proto__":null}',
      '{"toString":"not a function","valueOf":1}',
    ]),
  ) as Record<string, unknown>;
}

export interface FuzzOptions {
  /** Sample values by key name (template names, field keys, …): reach deeper than random strings. */
  readonly hints?: Readonly<Record<string, readonly unknown[]>>;
  /** Strings for keys that look like paths or URLs. */
  readonly paths: readonly string[];
  /** Ids worth hitting (the seeded rows). */
  readonly ids: readonly number[];
  /** Byte strings for Uint8Array fields (real PDFs among them). */
  readonly bytes: readonly Uint8Array[];
  /** Chance that any one node is replaced by a hostile value. */
  readonly hostility: number;
}

const PATH_KEY = /path|dest|folder|dir|url|file$/i;

/** A hostile value of any kind, for any place in a payload. */
export function hostileValue(rng: Random, options: FuzzOptions, key = ''): unknown {
  switch (rng.int(11)) {
    case 0:
      return rng.pick([null, true, false, 0, 'x', [], {}, undefined]);
    case 1:
      return 'A'.repeat(rng.pick([1_000, 65_536, 200_000]));
    case 2:
      return Array.from({ length: rng.pick([1_000, 20_000]) }, (_, i) => (rng.chance(0.5) ? i : 'x'));
    case 3:
      return prototypeKeys(rng);
    case 4:
      return deepNest(rng.pick([100, 2_000]), rng.chance(0.5));
    case 5:
    case 6:
      return rng.pick(BAD_NUMBERS);
    case 7:
      return rng.pick(options.paths);
    case 8:
      return rng.pick(HOSTILE_STRINGS);
    case 9:
      return { ...prototypeKeys(rng), [key || 'extra']: rng.pick(HOSTILE_STRINGS), unknownField: 1 };
    default:
      return rng.pick([new Uint8Array(0), rng.pick(options.bytes), [37, 80, 68, 70], { $bytes: '!!notbase64' }]);
  }
}

function deepNest(depth: number, arrays: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}

type AnyDef = { type: string; [key: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: AnyDef } })._zod.def;

/** A value for `schema`: its own shape most of the time, hostile values mixed in at each level. */
export function generate(schema: z.ZodType, rng: Random, options: FuzzOptions, key = '', depth = 0): unknown {
  if (rng.chance(options.hostility)) return hostileValue(rng, options, key);
  const hint = options.hints?.[key];
  if (hint && rng.chance(0.7)) return rng.pick(hint);
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [k, field] of Object.entries(shape)) {
        const optional = ['optional', 'default', 'prefault'].includes(defOf(field).type);
        if (optional && rng.chance(0.4)) continue;
        out[k] = generate(field, rng, options, k, depth + 1);
      }
      if (rng.chance(0.05)) Object.assign(out, prototypeKeys(rng));
      if (rng.chance(0.05)) out[`unknown_${rng.int(100)}`] = hostileValue(rng, options);
      return out;
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return rng.chance(0.1) ? undefined : generate(def.innerType as z.ZodType, rng, options, key, depth + 1);
    case 'nullable':
      return rng.chance(0.2) ? null : generate(def.innerType as z.ZodType, rng, options, key, depth + 1);
    case 'pipe':
      return generate(def.in as z.ZodType, rng, options, key, depth + 1);
    case 'lazy':
      return depth > 6 ? null : generate((def.getter as () => z.ZodType)(), rng, options, key, depth + 1);
    case 'array': {
      const n = depth > 6 ? 0 : rng.pick([0, 1, 1, 2, 3]);
      return Array.from({ length: n }, () => generate(def.element as z.ZodType, rng, options, key, depth + 1));
    }
    case 'tuple':
      return (def.items as z.ZodType[]).map((item) => generate(item, rng, options, key, depth + 1));
    case 'union':
      return generate(rng.pick(def.options as z.ZodType[]), rng, options, key, depth + 1);
    case 'intersection':
      return generate(def.left as z.ZodType, rng, options, key, depth + 1);
    case 'record': {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(3); i > 0; i--) out[`k${rng.int(10)}`] = generate(def.valueType as z.ZodType, rng, options, key, depth + 1);
      return out;
    }
    case 'enum':
      return rng.pick(Object.values(def.entries as Record<string, string | number>));
    case 'literal':
      return rng.pick(def.values as unknown[]);
    case 'string':
      return PATH_KEY.test(key) ? rng.pick(options.paths) : randomString(rng);
    case 'number':
      return rng.chance(0.7) ? rng.pick(options.ids) : rng.pick([1, 2, 3, 10, 100, rng.int(1_000_000)]);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'custom':
      return rng.pick(options.bytes);
    default:
      // unknown, any and kinds this contract does not use yet: any JSON value.
      return rng.pick([null, 1, 'x', [], {}, { a: [1, 'b'] }, true]);
  }
}

function randomString(rng: Random): string {
  if (rng.chance(0.2)) return rng.pick(HOSTILE_STRINGS);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 -_.é';
  return Array.from({ length: 1 + rng.int(12) }, () => rng.pick([...alphabet])).join('');
}

/** One payload for a call's request schema; now and then not even an object. */
export function payloadFor(schema: z.ZodType, rng: Random, options: FuzzOptions): unknown {
  if (rng.chance(0.03)) return rng.pick([undefined, null, 'payload', 42, [], [{}], true]);
  return generate(schema, rng, options);
}
