// The payload generator behind the IPC and bridge fuzz test: reproducible from its seed, and
// for every call in the contract it makes payloads that pass validation (to reach handlers)
// as well as payloads that do not (to exercise refusals).
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, calls } from '../../shared/contract';
import { encodeWire } from '../../shared/wire';
import { pathTricks, payloadFor, Random, type FuzzOptions } from '../helpers/zod-fuzz';

const OPTIONS: FuzzOptions = {
  hostility: 0.12,
  paths: pathTricks('/tmp/fuzz-scratch'),
  ids: [1, 2, 3],
  bytes: [new Uint8Array([37, 80, 68, 70])],
};

function sequence(seed: number, count: number): string[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, (_, i) => {
    const schema = calls[CALL_NAMES[i % CALL_NAMES.length]!].request;
    return encodeWire(payloadFor(schema, rng, OPTIONS)) ?? 'undefined';
  });
}

describe('zod-fuzz', () => {
  it('repeats the same payloads for the same seed, and others for another', () => {
    expect(sequence(7, 300)).toEqual(sequence(7, 300));
    expect(sequence(8, 300)).not.toEqual(sequence(7, 300));
  });

  it.each(CALL_NAMES)('makes valid and invalid payloads for %s', (name) => {
    const rng = new Random(name.length);
    const schema = calls[name].request;
    let valid = 0;
    for (let i = 0; i < 300; i++) if (schema.safeParse(payloadFor(schema, rng, OPTIONS)).success) valid++;
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(300);
  });

  it('draws path-like fields only from the path tricks', () => {
    const rng = new Random(1);
    const schema = calls['models:add'].request;
    for (let i = 0; i < 200; i++) {
      const payload = payloadFor(schema, rng, { ...OPTIONS, hostility: 0 }) as { path?: unknown } | null;
      if (payload && typeof payload === 'object' && typeof payload.path === 'string') expect(OPTIONS.paths).toContain(payload.path);
    }
  });
});
