// IPC and bridge fuzzing: payloads generated from the contract's own zod schemas (every call,
// so calls added later are covered without touching this file) go through the real dispatcher
// in-process and through the real bridge over loopback HTTP, against a real archive with a few
// real documents. Expected: no crash, no `internal` error and no HTTP 500, every refusal a 4xx
// with a known code, the archive intact. FUZZ_SEED=N reruns one sequence.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type CallName } from '../../shared/contract';
import { ERROR_CODES, type Envelope } from '../../shared/errors';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { textPdf } from '../fixtures/pdfs';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { checkIntegrity, HEALTHY, removeDir, tempDir } from '../helpers/temp-archive';
import { pathTricks, payloadFor, Random, type FuzzOptions } from '../helpers/zod-fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const DISPATCH_PAYLOADS = 10_000;
const BRIDGE_PAYLOADS = 1_000;

/**
 * Calls whose *valid* payloads are never sent, because a valid call would do real work outside
 * the archive or for minutes; their invalid payloads still are, so their validation is fuzzed.
 * Calls not named here (new ones included) get valid payloads too, with paths and URLs drawn
 * only from pathTricks, none of which names a real folder to scan or write.
 */
const NO_VALID_PAYLOADS: Readonly<Record<string, string>> = {
  'models:download': 'a catalog id starts a download from the network',
  'models:downloadUrl': 'a URL starts a download from the network (the bridge refuses it; bridge-access.test.ts checks that)',
  'archive:backup': 'writes a whole backup into the folder it is given',
  'archive:restore': 'replaces the open archive',
  'archive:recover': 'opens, creates or replaces an archive elsewhere, or quits',
  'archive:encrypt': 're-makes the whole archive under a new key (archive-convert.test.ts tests it)',
  'documents:delete': 'would erase the seeded documents the other calls work on (deletion has its own tests)',
  'documents:ocr': 'minutes of OCR per document on these 2 cores (OCR has its own tests)',
};

const KNOWN_CODES = new Set<string>(ERROR_CODES);

interface Finding {
  readonly via: 'dispatch' | 'bridge';
  readonly call: string;
  readonly index: number;
  readonly problem: string;
  readonly payload: string;
}

let scratch: string;
let backend: Backend;
let options: FuzzOptions;
let seededIds: number[];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

/** A short, printable view of a payload for a report (payloads can be megabytes). */
function preview(payload: unknown): string {
  let text: string;
  try {
    text = encodeWire(payload) ?? String(payload);
  } catch (err) {
    text = `<unserializable: ${(err as Error).message}>`;
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/** Payloads for every call, round robin, with the calls' valid-payload policy applied. */
function* payloads(count: number, seed: number): Generator<{ call: CallName; payload: unknown; index: number }> {
  const rng = new Random(seed);
  for (let index = 0; index < count; index++) {
    const call = CALL_NAMES[index % CALL_NAMES.length]!;
    const schema = calls[call].request;
    let payload = payloadFor(schema, rng, options);
    // Redraw (more hostile each time) until the payload is one this call may receive.
    for (let tries = 0; NO_VALID_PAYLOADS[call] && schema.safeParse(payload).success; tries++) {
      payload = tries < 20 ? payloadFor(schema, rng, { ...options, hostility: 0.5 }) : null;
    }
    yield { call, payload, index };
  }
}

/** Findings grouped by call and problem (first payload of each), so one bug reads as one line. */
function summarize(findings: readonly Finding[]): string[] {
  const groups = new Map<string, { count: number; first: Finding }>();
  for (const f of findings) {
    const key = `${f.via} ${f.call}: ${f.problem.replace(/'[^']*'|"[^"]*"/g, '…').slice(0, 160)}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, first: f });
  }
  return [...groups].map(([key, { count, first }]) => `${key} ×${count} (#${first.index}: ${first.payload})`);
}

function checkEnvelope(envelope: unknown): string | null {
  const e = envelope as Envelope<unknown> | undefined;
  if (!e || typeof e !== 'object' || typeof e.ok !== 'boolean') return `not an envelope: ${preview(envelope)}`;
  if (e.ok) return null;
  if (!KNOWN_CODES.has(e.error?.code)) return `unknown code ${preview(e.error)}`;
  if (e.error.code === 'internal') return `internal: ${e.error.message}`;
  if (/\n\s+at |\.ts:\d+/.test(e.error.message)) return `stack in message: ${e.error.message}`;
  return null;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  scratch = tempDir('abstractor-fuzz-');
  fs.writeFileSync(path.join(scratch, 'decoy.txt'), 'not a model, not a PDF');
  backend = await startBackend({ archiveDir: path.join(scratch, 'archive'), entries: SOURCE_ENTRIES, version: 'fuzz', allowDownloads: false, allowDirs: [scratch] });
  const services = backend.services;
  const pdfs = [
    textPdf({ title: 'Fuzz NDA', pages: [['Mutual Non-Disclosure Agreement between Acme Corp and Beta LLC.', 'Governed by the laws of Delaware.']] }),
    textPdf({ title: 'Fuzz chart', pages: [['Discharge summary.', 'Diagnosis: pneumonia.'], ['Follow up in two weeks.']] }),
    textPdf({ title: '=HYPERLINK("http://evil.example")', pages: [['Third document.']] }),
  ];
  const outcomes = await services.importer.importMany(pdfs.map((data, i) => ({ key: `seed-${i}`, name: `seed-${i}.pdf`, data })));
  seededIds = outcomes.map((o) => (o.kind === 'imported' ? o.document.id : -1));
  expect(seededIds.every((id) => id > 0)).toBe(true);
  services.extraction.edit(seededIds[0]!, 'nda', 'governing_law', 'Delaware');

  const templates = services.extraction.templates.list().map((t) => t.name);
  const nda = JSON.parse(fs.readFileSync(path.join(runtimeAssets().templatesDir, 'nda.json'), 'utf8')) as { fields: Array<{ key: string }> };
  const fields = nda.fields.map((f) => f.key);
  options = {
    hostility: 0.12,
    paths: pathTricks(scratch),
    ids: [...seededIds, 1, 2, 3, 4],
    bytes: [pdfs[0]!, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), new Uint8Array(64).fill(0xff)],
    hints: {
      template: [...templates, { ...nda, name: 'fuzz-copy', fields: nda.fields.slice(0, 2) }, { ...nda, name: 'nda' }, 'nda', 'no-such-template'],
      name: [...templates, 'fuzz-copy', '../../../etc/passwd', 'x.pdf'],
      field: [...fields, 'no_such_field'],
      query: ['agreement', 'Delaware OR pneumonia', '"unbalanced', 'NEAR(a b)', '*', '-', 'a AND', '^x'],
      format: ['csv', 'json'],
      key: ['seed-0', 'k', 'catalog-x'],
      value: ['Delaware', 42, true, null, ['a', 'b'], [{ a: 'b' }], '=cmd|x'],
    },
  };
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await backend?.close();
  if (scratch) removeDir(scratch);
});

describe('contract fuzzing', () => {
  it(`sends ${DISPATCH_PAYLOADS} generated payloads through the dispatcher: clear codes, no internal error`, async () => {
    // Both transports' dispatchers: IPC refuses every raw path (it takes handles only), the
    // bridge's lets paths under the scratch folder (its --allow-dir) through to the services.
    const transports = [backend.host.dispatch('ipc'), backend.host.dispatch('bridge')];
    const findings: Finding[] = [];
    const perCall = new Map<string, { ok: number; refused: number }>();
    for (const { call, payload, index } of payloads(DISPATCH_PAYLOADS, SEED)) {
      let envelope: unknown;
      try {
        envelope = await transports[index % 2]!(call, payload);
      } catch (err) {
        envelope = undefined;
        findings.push({ via: 'dispatch', call, index, problem: `threw ${(err as Error).stack ?? String(err)}`, payload: preview(payload) });
        continue;
      }
      const problem = checkEnvelope(envelope);
      if (problem) findings.push({ via: 'dispatch', call, index, problem, payload: preview(payload) });
      const counts = perCall.get(call) ?? { ok: 0, refused: 0 };
      if ((envelope as Envelope<unknown>).ok) counts.ok++;
      else counts.refused++;
      perCall.set(call, counts);
    }
    if (process.env.FUZZ_REPORT) console.log(Object.fromEntries([...perCall].map(([c, n]) => [c, `${n.ok} ok / ${n.refused} refused`])));
    expect(summarize(findings)).toEqual([]);
    // Every call was exercised, and every call refused something.
    expect([...perCall.keys()].sort()).toEqual([...CALL_NAMES].sort());
    for (const [call, counts] of perCall) expect(counts.refused, call).toBeGreaterThan(0);
    // Most calls also got past validation into their handlers at least once.
    const reached = [...perCall].filter(([call, c]) => c.ok > 0 || NO_VALID_PAYLOADS[call]).length;
    expect(reached / perCall.size).toBeGreaterThan(0.6);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it(`sends ${BRIDGE_PAYLOADS} generated payloads over the bridge: no 500, every refusal a 4xx with a code`, async () => {
    const { url, token } = backend.bridge;
    const findings: Finding[] = [];
    const statuses = new Map<number, number>();
    for (const { call, payload, index } of payloads(BRIDGE_PAYLOADS, SEED + 1)) {
      let body: string;
      try {
        body = encodeWire(payload) ?? '';
      } catch {
        continue; // JSON cannot carry it (too deep for the encoder): not a payload a client can send
      }
      const res = await fetch(url + BRIDGE_PATHS.call(call), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      let envelope: unknown;
      try {
        envelope = decodeWire(text);
      } catch {
        envelope = text;
      }
      const ok = (envelope as Envelope<unknown>)?.ok === true;
      const problem =
        checkEnvelope(envelope) ??
        (ok && res.status !== 200 ? `ok with HTTP ${res.status}` : null) ??
        (!ok && !(res.status >= 400 && res.status < 500) ? `refusal with HTTP ${res.status}` : null);
      if (problem) findings.push({ via: 'bridge', call, index, problem, payload: preview(payload) });
    }
    expect(summarize(findings)).toEqual([]);
    if (process.env.FUZZ_REPORT) console.log('HTTP statuses', Object.fromEntries(statuses));
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it('refuses what the fuzz found, with a clear code (regressions)', async () => {
    // A NUL byte in a folder made fs throw a TypeError, answered as `internal` (before the
    // bridge checked paths; the CLI still hands typed folders to the service).
    for (const folder of ['\0', `${scratch}\0`, `${scratch}/decoy.txt\0.gguf`]) {
      const res = await backend.host.dispatch('bridge')('watch:add', { folder, template: null, summarize: false });
      expect(res).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
      expect(() => backend.services.jobs.watch({ folder, template: null, summarize: false, modelPath: null })).toThrow(
        expect.objectContaining({ code: 'invalid_request' }),
      );
    }
  });

  it('leaves the archive intact and the backend answering', async () => {
    const info = await backend.host.dispatch('bridge')('app:info', {});
    expect(info.ok).toBe(true);
    for (const id of seededIds) expect((await backend.host.dispatch('ipc')('documents:get', { id })).ok).toBe(true);
    expect(checkIntegrity(backend.services.db)).toEqual(HEALTHY);
    expect(unhandled).toEqual([]);
  });
});
