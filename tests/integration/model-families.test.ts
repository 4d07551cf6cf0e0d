// Every model family the field runs, through the real engine process: a tiny random-weight
// model of each architecture the bundled llama.cpp supports (tests/fixtures/model-families.ts),
// added to the model library (the add-time check), loaded by the engine, which must choose the
// chat format from the model's own `tokenizer.chat_template`, generate 8 greedy tokens, and
// produce JSON that matches a schema. Architectures it cannot run are refused when added.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { EngineHost } from '../../electron/main/services/llm/engine-host';
import type { ChatMessage } from '../../electron/main/services/llm/engine-protocol';
import type { ModelLibrary } from '../../electron/main/services/models/model-library';
import { ensureRandomModel, TINY_MODEL_OPTIONS, writeRandomLlamaGguf } from '../fixtures/gguf-writer';
import { MODEL_FAMILIES } from '../fixtures/model-families';
import { rejectionOf } from '../helpers/rejection';
import { openTempArchive, tempDir, removeDir, type TempArchive } from '../helpers/temp-archive';

const ENTRY = fileURLToPath(new URL('../../electron/main/services/llm/engine-process.ts', import.meta.url));

// A document longer than the 64-token sliding windows of the Gemma and Mistral models, so
// their windowed layers really slide.
const DOCUMENT = Array.from(
  { length: 8 },
  (_, i) => `Clause ${i + 1}. The tenant shall pay rent of ${1000 + i * 25} dollars on the first day of each month.`,
).join('\n');

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You extract facts from contracts.' },
  { role: 'user', content: `${DOCUMENT}\n\nQuestion: What is the rent in clause 3?` },
];

// Shaped like an extraction answer: closed sets only, so every family finishes well inside maxTokens.
const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    found: { type: 'boolean' },
    clause: { enum: [1, 2, 3, 4, 5, 6, 7, 8] },
    currency: { enum: ['USD', 'EUR'] },
  },
};

describe('every model family the field uses', () => {
  let host: EngineHost;
  let archive: TempArchive;
  let library: ModelLibrary;

  beforeAll(async () => {
    host = new EngineHost({ entry: ENTRY, threads: 1, loadTimeoutMs: 60_000, idleGenerationTimeoutMs: 30_000 });
    archive = await openTempArchive();
    library = archive.services.models;
  });

  afterAll(async () => {
    await host?.dispose();
    await archive?.dispose();
  });

  for (const family of MODEL_FAMILIES) {
    const architecture = family.options.architecture ?? 'llama';
    it(`${family.id} (${architecture}): ${family.description}`, async () => {
      const file = await ensureRandomModel(family.options, `family-${family.id}`);

      const { model } = await library.addFromFile(file, { mode: 'reference' });
      expect(model.architecture).toBe(architecture);

      const info = await host.loadModel(file, { contextSize: 2048 });
      expect(info.architecture).toBe(architecture);
      // The chat format comes from the model's own template, not from a default.
      expect(info.chatWrapper).toBe(family.chatWrapper);

      const first = await host.generate({ messages: MESSAGES, maxTokens: 8 });
      expect(first.tokensOut).toBe(8);
      expect(first.stopReason).toBe('max_tokens');
      expect(first.text.length).toBeGreaterThan(0);
      // Greedy: the same prompt again (now from the cached state: sliding windows and recurrent
      // states must not leak the previous answer into it) gives the same tokens.
      const again = await host.generate({ messages: MESSAGES, maxTokens: 8 });
      expect(again.text).toBe(first.text);

      const answer = await host.generate({ messages: MESSAGES, jsonSchema: ANSWER_SCHEMA, maxTokens: 96 });
      const parsed = JSON.parse(answer.text) as { found: unknown; clause: unknown; currency: unknown };
      expect(typeof parsed.found).toBe('boolean');
      expect(ANSWER_SCHEMA.properties.clause.enum).toContain(parsed.clause);
      expect(ANSWER_SCHEMA.properties.currency.enum).toContain(parsed.currency);
    });
  }

  it('refuses at add time what the bundled llama.cpp cannot generate with', async () => {
    const dir = tempDir('abstractor-arch-');
    try {
      // A complete model (tensors and all) under an architecture name llama.cpp does not know.
      const unknown = path.join(dir, 'unknown-arch.gguf');
      await writeRandomLlamaGguf(unknown, { ...TINY_MODEL_OPTIONS, declaredArchitecture: 'zz-llama' });
      // Encoder-decoder: llama.cpp lists t5, but node-llama-cpp never runs llama_encode, so
      // its decoder would generate from nothing.
      const t5 = path.join(dir, 't5.gguf');
      await writeRandomLlamaGguf(t5, { ...TINY_MODEL_OPTIONS, declaredArchitecture: 't5' });
      for (const file of [unknown, t5]) {
        expect((await rejectionOf(library.addFromFile(file, { mode: 'reference' }), AppError)).code).toBe('unsupported_model');
      }
      expect((await library.list()).map((m) => m.path)).not.toEqual(expect.arrayContaining([unknown]));
      expect((await library.list()).map((m) => m.path)).not.toEqual(expect.arrayContaining([t5]));
    } finally {
      removeDir(dir);
    }
  });
});

