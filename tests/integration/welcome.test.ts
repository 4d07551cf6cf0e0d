// The welcome's calls over a real archive: its state (opens by itself only on an empty archive
// that never had it; seen or skipped is kept), the shipped sample PDFs imported by id (real
// pdf.js: their text layer is there; a second import is a duplicate; a missing sample folder
// is a clear error), and the recommendation, whose speed turns from an estimate into a
// measurement once a finished run of the recommended model is in the archive (a catalog of
// one entry, so the pick does not depend on this computer).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../shared/models';
import type { Recommendation, WelcomeState } from '../../shared/welcome';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { detectHardware } from '../../electron/main/services/models/hardware';
import { modelRunTotals } from '../../electron/main/services/runs/run-store';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { callOk } from '../helpers/call-ok';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
let dispatch: Dispatch;
const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

/** A catalog of one entry that fits any computer (its recommended quantization, little RAM). */
async function oneEntryCatalog(): Promise<CatalogEntry[]> {
  const hardware = await detectHardware();
  return [
    {
      id: 'test-1.5b',
      name: 'Test 1.5B',
      family: 'qwen2.5',
      architecture: 'qwen2',
      sizeClass: '1-2b',
      parameters: '1.5B',
      domain: 'general',
      quantization: hardware.recommendedQuantization,
      approxBytes: 1_000_000,
      pinned: true,
      bytes: 1_000_000,
      sha256: 'b'.repeat(64),
      ramBytes: 1_000_000,
      contextLength: 32768,
      license: 'test',
      url: 'https://127.0.0.1:9/never.gguf',
      fileName: 'never.gguf',
      notes: '',
    },
  ];
}

beforeAll(async () => {
  archive = await openTempArchive({ modelCatalog: await oneEntryCatalog() });
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }), { checkResponses: true });
});

afterAll(async () => {
  await archive?.dispose();
});

interface Imported {
  document: { id: number; title: string; domain: string; pageCount: number; status: string };
  duplicate: boolean;
}

describe('welcome', () => {
  it('opens by itself on a new empty plaintext archive', async () => {
    expect(await call<WelcomeState>('welcome:state', {})).toEqual({ status: 'new', showOnStart: true, keychainBackend: null });
  });

  it('recommends one downloadable model with an estimated speed before any run', async () => {
    const { item, speed, totalRamBytes } = await call<Recommendation>('welcome:recommendation', {});
    expect(totalRamBytes).toBeGreaterThan(0);
    expect(item).toMatchObject({ id: 'test-1.5b', recommended: true, pinned: true, installedModelId: null });
    expect(speed).toMatchObject({ basis: 'estimate', tokensPerPage: 500 });
    expect(speed!.pagesPerMinute).toBeGreaterThan(0);
  });

  it('imports the sample contract and clinical note by id, with their text', async () => {
    const contract = await call<Imported>('welcome:importSample', { sample: 'services-agreement' });
    expect(contract).toMatchObject({ duplicate: false, document: { title: 'Sample services agreement', domain: 'legal', pageCount: 2, status: 'ready' } });
    expect(archive.services.archive.getPage(contract.document.id, 1).text).toContain('Harbor Lane Analytics LLC');
    expect(archive.services.archive.getPage(contract.document.id, 2).text).toContain('laws of the State of Ohio');

    const note = await call<Imported>('welcome:importSample', { sample: 'clinical-note' });
    expect(note).toMatchObject({ duplicate: false, document: { title: 'Sample clinical note', domain: 'medical', pageCount: 1 } });
    expect(archive.services.archive.getPage(note.document.id, 1).text).toMatch(/MRN:?\s+SYN-0042-7713/);

    const again = await call<Imported>('welcome:importSample', { sample: 'clinical-note' });
    expect(again).toMatchObject({ duplicate: true, document: { id: note.document.id } });
    expect(archive.services.archive.countDocuments()).toBe(2);
  });

  it('no longer opens by itself once the archive has documents, and keeps seen or skipped', async () => {
    expect(await call<WelcomeState>('welcome:state', {})).toMatchObject({ status: 'new', showOnStart: false });
    expect(await call<WelcomeState>('welcome:setStatus', { status: 'skipped' })).toMatchObject({ status: 'skipped', showOnStart: false });
    expect(await call<WelcomeState>('welcome:state', {})).toMatchObject({ status: 'skipped' });
    expect(await dispatch('welcome:setStatus', { status: 'new' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('welcome:importSample', { sample: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('measures the speed from finished runs of the recommended model', async () => {
    const db = archive.services.db;
    const sha = 'a'.repeat(64);
    // A finished run of the recommended model as the summarizer stores it: 6,000 prompt tokens
    // (1,000 of them cached) read in 10 s over 12 pages. Written directly: no real model here.
    db.prepare(
      `INSERT INTO models (sha256, name, file_name, path, storage, bytes, architecture, parameters, catalog_id, added_at)
       VALUES (?, 'Recommended', 'r.gguf', '/nowhere/r.gguf', 'referenced', 1, 'llama', ?, ?, '2026-01-01T00:00:00Z')`,
    ).run(sha, 1_500_000_000, 'test-1.5b');
    const documentId = archive.services.archive.listDocuments({ limit: 1 }).items[0]!.id;
    const run = (status: string, timings: object) =>
      db
        .prepare(
          `INSERT INTO runs (document_id, kind, profile, prompt_version, model_sha256, model_name, status, tokens_input, timings, pages_read, pages_total, started_at)
           VALUES (?, 'summary', 'general', 'v1', ?, 'Recommended', ?, 6000, ?, 12, 12, '2026-01-01T00:00:00Z')`,
        )
        .run(documentId, sha, status, JSON.stringify(timings));
    run('done', { prefillMs: 10_000, tokensCached: 1000 });
    run('failed', { prefillMs: 1, tokensCached: 0 }); // not finished: not counted
    run('done', { prefillMs: 0 }); // answered from a memo: nothing was read

    expect(modelRunTotals(db)).toEqual([{ modelSha256: sha, runs: 1, prefillTokens: 5000, prefillMs: 10_000, promptTokens: 6000, pagesRead: 12 }]);
    // 5,000 tokens in 10 s = 500 tokens/s; 6,000 prompt tokens over 12 pages = 500 a page → 60 pages a minute.
    const { item, speed } = await call<Recommendation>('welcome:recommendation', {});
    expect(item?.id).toBe('test-1.5b');
    expect(speed).toMatchObject({ basis: 'measured', promptTokensPerSecond: 500, tokensPerPage: 500, pagesPerMinute: 60 });
    expect(speed!.detail).toMatch(/^Measured: 1 run of Test 1.5B/);
  });
});

describe('samples missing from an installation', () => {
  const dir = tempDir('abstractor-no-samples-');
  let bare: TempArchive;

  afterAll(async () => {
    await bare?.dispose();
    removeDir(dir);
  });

  it('fails with not_found and imports nothing', async () => {
    bare = await openTempArchive({ assets: { ...runtimeAssets(), samplesDir: path.join(dir, 'nowhere') } });
    const bareDispatch = createDispatcher(createHandlers(bare.services, { version: 'test', transport: 'ipc' }), { checkResponses: true });
    const result = await bareDispatch('welcome:importSample', { sample: 'services-agreement' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(bare.services.archive.countDocuments()).toBe(0);
  });
});
