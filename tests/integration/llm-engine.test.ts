// The LLM engine end to end: a real engine process running node-llama-cpp on real (random-
// weight) GGUF models. No mocks. The generated tiny model always runs; the shared llama-2 tiny
// model runs when ../shared is present.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { EngineHost, type TokenBatch } from '../../electron/main/services/llm/engine-host';
import type { ChatMessage, ModelInfo } from '../../electron/main/services/llm/engine-protocol';
import { inspectModelFile } from '../../electron/main/services/llm/gguf-info';
import { ensureTinyModel, writeHeaderOnlyGguf } from '../fixtures/gguf-writer';

const ENTRY = fileURLToPath(new URL('../../electron/main/services/llm/engine-process.ts', import.meta.url));
const SHARED_MODEL = fileURLToPath(new URL('../../../shared/models/llama-2-tiny-random.gguf', import.meta.url));

// One thread: on models this small ggml's thread synchronisation costs more than the math,
// and vitest runs other test files on the second core at the same time.
const THREADS = 1;

const DOCUMENT = Array.from(
  { length: 12 },
  (_, i) => `Clause ${i + 1}. The tenant shall pay rent of ${1000 + i * 25} dollars on the first day of each month.`,
).join('\n');

const ask = (question: string): ChatMessage[] => [
  { role: 'system', content: 'You extract facts from contracts.' },
  { role: 'user', content: `${DOCUMENT}\n\nQuestion: ${question}` },
];

async function expectEngineError(promise: Promise<unknown>, code: string): Promise<EngineError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected an EngineError with code ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  expect((err as EngineError).code).toBe(code);
  return err as EngineError;
}

function engineSuite(name: string, modelPath: () => Promise<string>, skip: boolean): void {
  describe.skipIf(skip)(`engine with ${name}`, () => {
    let host: EngineHost;
    let info: ModelInfo;

    beforeAll(async () => {
      host = new EngineHost({ entry: ENTRY, threads: THREADS, loadTimeoutMs: 60_000, idleGenerationTimeoutMs: 30_000 });
      info = await host.loadModel(await modelPath(), { contextSize: 2048 });
    });

    afterAll(async () => {
      await host?.dispose();
    });

    it('loads the model and describes it', () => {
      expect(info.architecture).toBe('llama');
      expect(info.parameters).toBeGreaterThan(0);
      expect(info.contextSize).toBeGreaterThanOrEqual(2048);
      expect(info.threads).toBe(THREADS);
      expect(host.pid).toBeTypeOf('number');
    });

    it('streams generated tokens in batches', async () => {
      const batches: TokenBatch[] = [];
      const result = await host.generate(
        { requestId: 'stream-1', messages: ask('What is the rent in clause 3?'), maxTokens: 48 },
        { onTokens: (b) => batches.push(b) },
      );
      expect(result.requestId).toBe('stream-1');
      expect(result.tokensOut).toBeGreaterThan(0);
      expect(result.tokensOut).toBeLessThanOrEqual(48);
      expect(result.tokensIn).toBeGreaterThan(100);
      expect(batches.length).toBeGreaterThan(0);
      // Batches carry only new text: together they are the answer, nothing repeated.
      expect(batches.map((b) => b.text).join('')).toBe(result.text);
      expect(batches.every((b) => b.count <= 16)).toBe(true);
      expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.prefillMs);
    });

    it('reuses the cached document prefix for the next question', async () => {
      await host.generate({ messages: ask('Who pays the rent?'), maxTokens: 4 });
      const second = await host.generate({ messages: ask('When is the rent due?'), maxTokens: 4 });
      expect(second.tokensCached).toBeGreaterThan(second.tokensIn * 0.8);
    });

    it('generates JSON that matches a schema', async () => {
      const schema = {
        type: 'object',
        properties: {
          clause: { type: 'integer' },
          monthly: { type: 'boolean' },
          currency: { enum: ['USD', 'EUR'] },
        },
      };
      const result = await host.generate({ messages: ask('Answer in JSON.'), jsonSchema: schema, maxTokens: 200 });
      const parsed = JSON.parse(result.text) as { clause: unknown; monthly: unknown; currency: unknown };
      expect(Number.isInteger(parsed.clause)).toBe(true);
      expect(typeof parsed.monthly).toBe('boolean');
      expect(['USD', 'EUR']).toContain(parsed.currency);
    });

    it('writes schema JSON without whitespace and stops at its closing brace', async () => {
      const ids = Array.from({ length: 30 }, (_, i) => `L${i + 1}`);
      const schema = {
        type: 'object',
        properties: {
          rent: {
            oneOf: [
              { type: 'object', properties: { evidence: { type: 'array', items: { enum: ids }, maxItems: 0 }, value: { type: 'null' } }, required: ['evidence', 'value'], additionalProperties: false },
              {
                type: 'object',
                properties: { evidence: { type: 'array', items: { enum: ids }, minItems: 1, maxItems: 3 }, value: { type: 'string', minLength: 1, maxLength: 6 } },
                required: ['evidence', 'value'],
                additionalProperties: false,
              },
            ],
          },
        },
        required: ['rent'],
        additionalProperties: false,
      };
      const result = await host.generate({ requestId: 'json-compact', messages: ask('What is the rent?'), jsonSchema: schema, maxTokens: 200 });
      // Every answer starts {"rent": : read with the prompt, not generated, and still in the text.
      expect(result.tokensForced).toBeGreaterThan(0);
      expect(result.text.startsWith('{"rent":')).toBe(true);
      const parsed = JSON.parse(result.text) as { rent: { evidence: string[]; value: string | null } };
      expect(result.text).toBe(JSON.stringify(parsed));
      expect(parsed.rent.evidence.every((id) => ids.includes(id))).toBe(true);
      expect(parsed.rent.value === null ? parsed.rent.evidence.length === 0 : parsed.rent.evidence.length > 0).toBe(true);
      // Nothing after the brace: the generation ended there, not at the output limit.
      expect(result.stopReason).toBe('eos');
      expect(result.tokensOut).toBeLessThan(200);
    });

    it('generates from a raw prompt and serializes concurrent requests', async () => {
      const [a, b] = await Promise.all([
        host.generate({ prompt: 'Summary of the lease:', maxTokens: 8 }),
        host.generate({ prompt: 'Parties to the lease:', maxTokens: 8 }),
      ]);
      expect(a.tokensOut).toBeGreaterThan(0);
      expect(b.tokensOut).toBeGreaterThan(0);
      expect(b.timings.queuedMs).toBeGreaterThanOrEqual(a.timings.totalMs * 0.5);
    });

    it('cancels a queued request without disturbing the running one', async () => {
      const controller = new AbortController();
      let queued: Promise<unknown> | undefined;
      const running = host.generate(
        { messages: ask('List the clauses.'), maxTokens: 64 },
        {
          onTokens: () => {
            // The queued request is now with the engine, waiting behind this one.
            if (queued) controller.abort();
          },
        },
      );
      queued = host.generate({ prompt: 'Queued:', maxTokens: 8 }, { signal: controller.signal });
      await expectEngineError(queued, 'cancelled');
      expect((await running).tokensOut).toBeGreaterThan(0);
    });

    it('stops a generation within a second of cancel', async () => {
      const controller = new AbortController();
      let cancelledAt = 0;
      const pending = host.generate(
        { messages: ask('Repeat every clause.'), maxTokens: 100_000 },
        {
          signal: controller.signal,
          onTokens: () => {
            if (cancelledAt === 0) {
              cancelledAt = performance.now();
              controller.abort();
            }
          },
        },
      );
      await expectEngineError(pending, 'cancelled');
      expect(cancelledAt).toBeGreaterThan(0);
      expect(performance.now() - cancelledAt).toBeLessThan(1000);
      // The engine is free again at once.
      const next = await host.generate({ messages: ask('Who is the tenant?'), maxTokens: 4 });
      expect(next.tokensOut).toBeGreaterThan(0);
    });

    it('reports a crash as engine_crashed and restarts on the next call', async () => {
      const firstPid = host.pid!;
      let killed = false;
      const pending = host.generate(
        { messages: ask('Repeat every clause.'), maxTokens: 100_000 },
        {
          onTokens: () => {
            if (!killed) {
              killed = true;
              process.kill(firstPid, 'SIGKILL');
            }
          },
        },
      );
      const err = await expectEngineError(pending, 'engine_crashed');
      expect(err.message).toMatch(/SIGKILL/);
      expect(host.pid).toBeUndefined();

      const again = await host.generate({ messages: ask('What is the rent in clause 1?'), maxTokens: 8 });
      expect(again.tokensOut).toBeGreaterThan(0);
      expect(host.pid).toBeTypeOf('number');
      expect(host.pid).not.toBe(firstPid);
      expect(host.modelInfo?.modelPath).toBe(info.modelPath);
    });
  });
}

engineSuite('the generated tiny model', ensureTinyModel, false);
engineSuite('the shared llama-2 tiny model', async () => SHARED_MODEL, !existsSync(SHARED_MODEL));

describe('engine timeouts', () => {
  it('kills a generation that stops making progress', async () => {
    const host = new EngineHost({ entry: ENTRY, threads: THREADS, idleGenerationTimeoutMs: 400 });
    try {
      await host.loadModel(await ensureTinyModel());
      let frozen = false;
      const pending = host.generate(
        { messages: ask('Repeat every clause.'), maxTokens: 100_000 },
        {
          onTokens: () => {
            if (!frozen) {
              frozen = true;
              process.kill(host.pid!, 'SIGSTOP'); // hung: alive but silent
            }
          },
        },
      );
      await expectEngineError(pending, 'timeout');
      const next = await host.generate({ messages: ask('Who is the landlord?'), maxTokens: 4 });
      expect(next.tokensOut).toBeGreaterThan(0);
    } finally {
      await host.dispose();
    }
  });
});

describe('engine cancel and threads', () => {
  it('ends a cancelled request within a second while the engine is stuck inside a prompt slice', async () => {
    const host = new EngineHost({ entry: ENTRY, threads: THREADS });
    try {
      await host.loadModel(await ensureTinyModel(), { contextSize: 2048 });
      const firstPid = host.pid!;
      const controller = new AbortController();
      let cancelledAt = 0;
      const long = Array.from({ length: 8 }, () => DOCUMENT).join('\n');
      const pending = host.generate(
        { messages: [{ role: 'user', content: long.slice(0, 1600) }], maxTokens: 8 },
        {
          signal: controller.signal,
          onProgress: () => {
            if (cancelledAt !== 0) return;
            // Frozen as if inside one long native prompt slice: it cannot look at its signal.
            process.kill(host.pid!, 'SIGSTOP');
            cancelledAt = performance.now();
            controller.abort();
          },
        },
      );
      await expectEngineError(pending, 'cancelled');
      expect(cancelledAt).toBeGreaterThan(0);
      expect(performance.now() - cancelledAt).toBeLessThan(1000);
      // A fresh engine with the same model answers the next request.
      const next = await host.generate({ messages: ask('Who is the landlord?'), maxTokens: 4 });
      expect(next.tokensOut).toBeGreaterThan(0);
      expect(host.pid).not.toBe(firstPid);
    } finally {
      await host.dispose();
    }
  });

  it("'auto' threads use every core while the engine works alone and leave one to file work", async () => {
    const host = new EngineHost({ entry: ENTRY, threads: 'auto' });
    try {
      const info = await host.loadModel(await ensureTinyModel(), { contextSize: 1024 });
      const startThreads = async (requestId: string): Promise<number | undefined> => {
        await host.generate({ requestId, prompt: 'Rent:', maxTokens: 2 });
        return (await host.requestLog()).find((e) => e.requestId === requestId && e.event === 'start')?.threads;
      };
      expect(info.threads).toBeGreaterThanOrEqual(1);
      expect(await startThreads('alone-1')).toBe(info.threads);
      host.setFileWork(true);
      expect(await startThreads('beside-files')).toBe(Math.max(1, info.threads - 1));
      host.setFileWork(false);
      expect(await startThreads('alone-2')).toBe(info.threads);
    } finally {
      await host.dispose();
    }
  });
});

describe('model file validation', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'abstractor-gguf-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('describes a valid model from its header', async () => {
    const info = await inspectModelFile(await ensureTinyModel());
    expect(info).toMatchObject({ architecture: 'llama', ggufVersion: 3, fileType: 'ALL_F32', hasChatTemplate: true });
    expect(info.parameters).toBeGreaterThan(0);
    expect(info.contextLength).toBe(2048);
    expect(info.layers).toBe(2);
  });

  it('refuses a file that is not GGUF', async () => {
    const notModel = path.join(dir, 'notes.gguf');
    await writeFile(notModel, 'These are meeting notes, not a model.\n');
    await expectEngineError(inspectModelFile(notModel), 'not_gguf');
    await expectEngineError(inspectModelFile(path.join(dir, 'missing.gguf')), 'not_found');
  });

  it('refuses architectures that cannot generate text', async () => {
    const unknown = path.join(dir, 'unknown-arch.gguf');
    await writeHeaderOnlyGguf(unknown, { 'general.architecture': 'made-up-arch' });
    await expectEngineError(inspectModelFile(unknown), 'unsupported_model');
    const embedder = path.join(dir, 'bert.gguf');
    await writeHeaderOnlyGguf(embedder, { 'general.architecture': 'bert' });
    await expectEngineError(inspectModelFile(embedder), 'unsupported_model');
  });

  it('the engine refuses a non-GGUF file and keeps the loaded model', async () => {
    const host = new EngineHost({ entry: ENTRY, threads: THREADS });
    try {
      const tiny = await ensureTinyModel();
      await host.loadModel(tiny);
      const notModel = path.join(dir, 'report.gguf');
      await writeFile(notModel, '%PDF-1.7\n');
      await expectEngineError(host.loadModel(notModel), 'not_gguf');
      expect(host.modelInfo?.modelPath).toBe(tiny);
      const result = await host.generate({ prompt: 'Still here:', maxTokens: 4 });
      expect(result.tokensOut).toBeGreaterThan(0);

      const pid = host.pid!;
      await host.dispose();
      expect(() => process.kill(pid, 0)).toThrow(); // the engine process is gone
      await expectEngineError(host.generate({ prompt: 'After dispose', maxTokens: 4 }), 'engine_disposed');
    } finally {
      await host.dispose();
    }
  });
});
