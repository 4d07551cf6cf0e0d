// LoRA adapters through the real engine process: the GGUF writer makes a tiny adapter for the
// tiny test model; with it applied the same greedy prompt gives other tokens, without it the
// base model's again. Wrong files are refused before the loaded model is dropped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { parseTemplate } from '../../shared/extraction/templates';
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { EngineHost } from '../../electron/main/services/llm/engine-host';
import { inspectModelFile } from '../../electron/main/services/llm/gguf-info';
import { craftedGgufHeader, ensureTinyModel, TINY_MODEL_OPTIONS, writeRandomLoraGguf } from '../fixtures/gguf-writer';
import { MODEL_FAMILIES } from '../fixtures/model-families';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli } from '../helpers/run-cli';
import { rejectionOf } from '../helpers/rejection';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const ENTRY = fileURLToPath(new URL('../../electron/main/services/llm/engine-process.ts', import.meta.url));
const PROMPT = { prompt: 'The tenant shall pay rent of 1000 dollars on the first day of each month.', maxTokens: 16 };

describe('LoRA adapters', () => {
  let dir: string;
  let host: EngineHost;
  let tiny: string;
  let adapter: string;

  beforeAll(async () => {
    dir = tempDir('abstractor-lora-');
    tiny = await ensureTinyModel();
    adapter = path.join(dir, 'contracts.lora.gguf');
    await writeRandomLoraGguf(adapter, TINY_MODEL_OPTIONS, { rank: 8, alpha: 8, seed: 5, name: 'contracts' });
    host = new EngineHost({ entry: ENTRY, threads: 1, loadTimeoutMs: 60_000 });
  });

  afterAll(async () => {
    await host?.dispose();
    removeDir(dir);
  });

  it('changes the greedy output when applied, and the base output returns without it', async () => {
    await host.loadModel(tiny);
    const base = await host.generate(PROMPT);
    expect(base.tokensOut).toBe(16);

    const info = await host.loadModel(tiny, { adapters: [{ path: adapter }] });
    expect(info.adapters).toEqual([{ path: adapter }]);
    const adapted = await host.generate(PROMPT);
    expect(adapted.tokensOut).toBe(16);
    expect(adapted.text).not.toBe(base.text);
    // Deterministic with the adapter too.
    expect((await host.generate(PROMPT)).text).toBe(adapted.text);

    // Scale 0: the adapter is loaded but contributes nothing.
    await host.loadModel(tiny, { adapters: [{ path: adapter, scale: 0 }] });
    expect((await host.generate(PROMPT)).text).toBe(base.text);

    const plain = await host.loadModel(tiny);
    expect(plain.adapters).toEqual([]);
    expect((await host.generate(PROMPT)).text).toBe(base.text);
  });

  it('refuses an adapter made for another architecture or shape, or a model given as an adapter, and keeps the model', async () => {
    await host.loadModel(tiny);
    const qwen = MODEL_FAMILIES.find((f) => f.id === 'qwen2.5')!;
    const otherArch = path.join(dir, 'qwen.lora.gguf');
    await writeRandomLoraGguf(otherArch, qwen.options, { rank: 4, alpha: 4, seed: 1 });
    const otherShape = path.join(dir, 'wide.lora.gguf');
    await writeRandomLoraGguf(otherShape, { ...TINY_MODEL_OPTIONS, hidden: 128 }, { rank: 4, alpha: 4, seed: 1 });

    const wrongArch = await rejectionOf(host.loadModel(tiny, { adapters: [{ path: otherArch }] }), EngineError);
    expect(wrongArch.code).toBe('invalid_adapter');
    expect(wrongArch.message).toMatch(/qwen2/);
    // Vetted from its header before anything was dropped: the model is still there.
    expect((await host.generate(PROMPT)).tokensOut).toBe(16);

    expect((await rejectionOf(host.loadModel(tiny, { adapters: [{ path: tiny }] }), EngineError)).code).toBe('invalid_adapter');
    expect((await rejectionOf(host.loadModel(tiny, { adapters: [{ path: path.join(dir, 'missing.gguf') }] }), EngineError)).code).toBe('not_found');

    // Same architecture, other shape: only llama.cpp can tell; the load fails cleanly.
    const wrongShape = await rejectionOf(host.loadModel(tiny, { adapters: [{ path: otherShape }] }), EngineError);
    expect(wrongShape.code).toBe('invalid_adapter');
    expect((await host.loadModel(tiny)).adapters).toEqual([]);
    expect((await host.generate(PROMPT)).tokensOut).toBe(16);
  });

  it('an adapter is not a model', async () => {
    const err = await rejectionOf(inspectModelFile(adapter), EngineError);
    expect(err.code).toBe('unsupported_model');
    expect(err.message).toMatch(/adapter/);
  });
});

describe('adapters chosen per template and per profile', () => {
  let dir: string;
  let adapterFile: string;
  let archive: TempArchive;
  let documentId: number;
  let tiny: string;

  const TEMPLATE = {
    name: 'lease-terms',
    title: 'Lease terms',
    domain: 'legal',
    version: 1,
    description: 'One field, run with the contracts adapter.',
    adapter: 'contracts-v1',
    fields: [{ key: 'rent', label: 'Rent', type: 'money', instructions: 'The monthly rent.' }],
  };
  const FAST = { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 200 };

  beforeAll(async () => {
    dir = tempDir('abstractor-adapters-');
    tiny = await ensureTinyModel();
    adapterFile = path.join(dir, 'contracts.lora.gguf');
    await writeRandomLoraGguf(adapterFile, TINY_MODEL_OPTIONS, { rank: 8, alpha: 8, seed: 5 });
  });

  afterAll(async () => {
    await archive?.dispose();
    removeDir(dir);
  });

  it('the CLI adds an adapter and chooses it for a profile; names are names, adapters are adapters', async () => {
    const archiveDir = path.join(dir, 'cli-archive');
    const env = { ABSTRACTOR_PASSPHRASE: undefined };
    const cli = (args: string[]) => runCli([...args, '--archive', archiveDir, '--json', '--no-encryption'], env);
    const added = await cli(['models', 'adapters', 'add', adapterFile, '--name', 'contracts-v1']);
    expect(added.code, added.stderr).toBe(0);
    expect(json<{ name: string; architecture: string }>(added)).toMatchObject({ name: 'contracts-v1', architecture: 'llama' });
    const used = await cli(['models', 'adapters', 'use', 'contracts-v1', '--profile', 'legal']);
    expect(used.code, used.stderr).toBe(0);

    const cliArchive = await openTempArchive({ dir: archiveDir, keep: true });
    try {
      const adapters = cliArchive.services.models.adapters;
      expect((await adapters.list()).map((a) => a.name)).toEqual(['contracts-v1']);
      expect(adapters.chosen({ profile: 'legal' })).toBe('contracts-v1');
      // A path is not a name; a model is not an adapter.
      expect((await rejectionOf(adapters.add(adapterFile, '../evil'), AppError)).code).toBe('invalid_request');
      expect((await rejectionOf(adapters.add(tiny, 'not-an-adapter'), AppError)).code).toBe('invalid_adapter');
      expect((await adapters.list()).map((a) => a.name)).toEqual(['contracts-v1']);
    } finally {
      await cliArchive.dispose();
    }
  });

  it("extraction runs with the template's adapter or the stored choice, summaries with the profile's", async () => {
    archive = await openTempArchive({ engineThreads: 1 });
    const { services } = archive;
    const pdf = path.join(dir, 'lease.pdf');
    fs.writeFileSync(pdf, textPdf({ pages: [['Lease', 'The tenant pays rent of $1,000 per month.']], title: 'Lease' }));
    const [outcome] = await services.importer.importMany([{ key: 'l', name: 'lease.pdf', path: pdf }]);
    if (outcome?.kind !== 'imported') throw new Error('import failed');
    documentId = outcome.document.id;
    await services.models.adapters.add(adapterFile, 'contracts-v1');
    services.extraction.templates.save(TEMPLATE);
    const extract = () => services.extraction.extract(documentId, TEMPLATE.name, { modelPath: tiny, settings: FAST });

    // The template names its adapter.
    const first = await extract();
    expect(first.run.status).toBe('done');
    expect(first.run.settings['adapters']).toEqual(['contracts-v1']);
    expect(services.engine.modelInfo?.adapters.map((a) => path.basename(a.path))).toEqual(['contracts-v1.gguf']);

    // A stored "none" overrides it; forgetting the choice brings it back.
    await services.models.adapters.choose({ template: TEMPLATE.name }, null);
    const plain = await extract();
    expect(plain.run.settings['adapters']).toBeUndefined();
    expect(services.engine.modelInfo?.adapters).toEqual([]);
    services.models.adapters.forget({ template: TEMPLATE.name });
    expect((await extract()).run.settings['adapters']).toEqual(['contracts-v1']);

    // Per profile.
    await services.models.adapters.choose({ profile: 'legal' }, 'contracts-v1');
    const summary = await services.summaries.summarize(documentId, {
      modelPath: tiny,
      profile: 'legal',
      settings: { maxOutputTokens: 200, mapOutputTokens: 160, maxBullets: 1, maxBulletChars: 16 },
    });
    expect(summary.status).toBe('done');
    expect(summary.settings['adapters']).toEqual(['contracts-v1']);
    const general = await services.summaries.summarize(documentId, {
      modelPath: tiny,
      profile: 'general',
      settings: { maxOutputTokens: 200, mapOutputTokens: 160, maxBullets: 1, maxBulletChars: 16 },
    });
    expect(general.settings['adapters']).toBeUndefined();

    // A chosen adapter that is gone fails the run with a clear code, nothing half-done.
    await services.models.adapters.remove('contracts-v1');
    const gone = await extract();
    expect(gone.run.status).toBe('failed');
    expect(gone.run.error?.code).toBe('not_found');
    expect((await rejectionOf(services.models.adapters.choose({ profile: 'legal' }, 'contracts-v1'), AppError)).code).toBe('not_found');
  });

  it('the contract lists adapters and choices, adds from an allowed path, chooses and resets', async () => {
    const { createDispatcher } = await import('../../electron/main/api/dispatcher');
    const { createHandlers } = await import('../../electron/main/api/handlers');
    const { allowedDirs } = await import('../../electron/main/api/path-access');
    const contractArchive = await openTempArchive();
    try {
      const { services } = contractArchive;
      // As over the bridge with --allow-dir for the folder the adapter lies in.
      const dispatch = createDispatcher(createHandlers(services, { version: 'test', transport: 'bridge', paths: allowedDirs([dir]) }), {
        checkResponses: true,
      });
      services.extraction.templates.save(TEMPLATE);
      const added = await dispatch('models:addAdapter', { path: adapterFile, name: 'contracts-v1' });
      expect(added).toMatchObject({ ok: true, data: { name: 'contracts-v1', architecture: 'llama' } });
      expect(await dispatch('models:addAdapter', { path: '/etc/hostname', name: 'x' })).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
      expect(await dispatch('models:addAdapter', { path: adapterFile, name: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

      const listed = await dispatch('models:adapters', {});
      if (!listed.ok) throw new Error(listed.error.message);
      const { items, choices } = listed.data as { items: Array<{ name: string }>; choices: unknown[] };
      expect(items.map((a) => a.name)).toEqual(['contracts-v1']);
      expect(choices).toContainEqual({ target: { profile: 'legal' }, adapter: null, source: 'none' });
      expect(choices).toContainEqual({ target: { template: TEMPLATE.name }, adapter: 'contracts-v1', source: 'template' });

      const target = { template: TEMPLATE.name };
      expect(await dispatch('models:chooseAdapter', { target, selection: { kind: 'none' } })).toEqual({
        ok: true,
        data: { target, adapter: null, source: 'chosen' },
      });
      expect(await dispatch('models:chooseAdapter', { target, selection: { kind: 'default' } })).toEqual({
        ok: true,
        data: { target, adapter: 'contracts-v1', source: 'template' },
      });
      const legal = { profile: 'legal' as const };
      expect(await dispatch('models:chooseAdapter', { target: legal, selection: { kind: 'adapter', name: 'contracts-v1' } })).toEqual({
        ok: true,
        data: { target: legal, adapter: 'contracts-v1', source: 'chosen' },
      });
      expect(await dispatch('models:chooseAdapter', { target: legal, selection: { kind: 'adapter', name: 'missing' } })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await dispatch('models:chooseAdapter', { target: { template: 'nope' }, selection: { kind: 'none' } })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(await dispatch('models:removeAdapter', { name: 'contracts-v1' })).toEqual({ ok: true, data: { removed: true } });
    } finally {
      await contractArchive.dispose();
    }
  });

  it('a crafted adapter header (2^63 tensors, a 2^40-element array) is refused at once, in the library and the engine', async () => {
    const crafted = [
      craftedGgufHeader({ tensorCount: 2n ** 63n, metadata: { 'general.architecture': 'llama', 'general.type': 'adapter', 'adapter.type': 'lora' }, size: 160 }),
      craftedGgufHeader({
        metadata: { 'general.type': 'adapter' },
        declaredArray: { key: 'adapter.lora.task_name', of: 8, count: 2n ** 40n },
        size: 120,
      }),
    ];
    const library = await openTempArchive();
    const host = new EngineHost({ entry: ENTRY, threads: 1, loadTimeoutMs: 60_000 });
    try {
      for (const [i, bytes] of crafted.entries()) {
        const file = path.join(dir, `crafted-${i}.gguf`);
        fs.writeFileSync(file, bytes);
        const rss = process.memoryUsage().rss;
        expect((await rejectionOf(library.services.models.adapters.add(file, `crafted-${i}`), AppError)).code).toBe('invalid_adapter');
        expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
        expect((await rejectionOf(host.loadModel(tiny, { adapters: [{ path: file }] }), EngineError)).code).toBe('invalid_adapter');
      }
      expect(await library.services.models.adapters.list()).toEqual([]);
      // The engine is unharmed.
      await host.loadModel(tiny);
      expect((await host.generate({ prompt: 'Still here:', maxTokens: 4 })).tokensOut).toBe(4);
    } finally {
      await host.dispose();
      await library.dispose();
    }
  });

  it('a template names an adapter by name, never by path', () => {
    const bad = parseTemplate({ ...TEMPLATE, adapter: '../../etc/passwd' });
    expect(bad.ok).toBe(false);
  });
});
