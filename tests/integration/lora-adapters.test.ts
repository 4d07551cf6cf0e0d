// LoRA adapters through the real engine process: the GGUF writer makes a tiny adapter for the
// tiny test model; with it applied the same greedy prompt gives other tokens, without it the
// base model's again. Wrong files are refused before the loaded model is dropped.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { EngineHost } from '../../electron/main/services/llm/engine-host';
import { inspectModelFile } from '../../electron/main/services/llm/gguf-info';
import { ensureTinyModel, TINY_MODEL_OPTIONS, writeRandomLoraGguf } from '../fixtures/gguf-writer';
import { MODEL_FAMILIES } from '../fixtures/model-families';
import { removeDir, tempDir } from '../helpers/temp-archive';

const ENTRY = fileURLToPath(new URL('../../electron/main/services/llm/engine-process.ts', import.meta.url));
const PROMPT = { prompt: 'The tenant shall pay rent of 1000 dollars on the first day of each month.', maxTokens: 16 };

async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

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

    const wrongArch = await engineError(host.loadModel(tiny, { adapters: [{ path: otherArch }] }));
    expect(wrongArch.code).toBe('invalid_adapter');
    expect(wrongArch.message).toMatch(/qwen2/);
    // Vetted from its header before anything was dropped: the model is still there.
    expect((await host.generate(PROMPT)).tokensOut).toBe(16);

    expect((await engineError(host.loadModel(tiny, { adapters: [{ path: tiny }] }))).code).toBe('invalid_adapter');
    expect((await engineError(host.loadModel(tiny, { adapters: [{ path: path.join(dir, 'missing.gguf') }] }))).code).toBe('not_found');

    // Same architecture, other shape: only llama.cpp can tell; the load fails cleanly.
    const wrongShape = await engineError(host.loadModel(tiny, { adapters: [{ path: otherShape }] }));
    expect(wrongShape.code).toBe('invalid_adapter');
    expect((await host.loadModel(tiny)).adapters).toEqual([]);
    expect((await host.generate(PROMPT)).tokensOut).toBe(16);
  });

  it('an adapter is not a model', async () => {
    const err = await engineError(inspectModelFile(adapter));
    expect(err.code).toBe('unsupported_model');
    expect(err.message).toMatch(/adapter/);
  });
});
