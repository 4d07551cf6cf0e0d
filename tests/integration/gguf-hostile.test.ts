// Crafted GGUF headers against the model header reader the main process uses (gguf-info.ts:
// a worker thread with a heap and a time limit, the structure bounds-checked before any
// allocation). The two headers from issue 10 once spun the main process at 100% CPU past
// 660 MB (2^63 tensors) and ended Node with a V8 fatal error at 1.7 GB (a 2^40-element
// array). Both are written with the project's GGUF writer. The elapsed bound is a safety
// net against a hang, not a performance target. Also replays every GGUF the fuzzer kept.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { inspectModelFile } from '../../electron/main/services/llm/gguf-info';
import { craftedGgufHeader, ensureTinyModel } from '../fixtures/gguf-writer';
import { makeTempDir } from '../helpers/temp-dir';

const REGRESSIONS = path.resolve(import.meta.dirname, '../fuzz/regressions');
const GGUF_STRING = 8;
const MB = 1024 * 1024;

let dir: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  dir = makeTempDir('abstractor-gguf-hostile-');
  // A real header first: the reader's worker is started and warm, as in a running app.
  const info = await inspectModelFile(await ensureTinyModel());
  expect(info.architecture).toBe('llama');
});

afterAll(() => dir?.cleanup());

async function outcome(file: string): Promise<{ code: string; ms: number; rssGrowth: number }> {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const code = await inspectModelFile(file).then(
    () => 'ok',
    (err: unknown) => (err instanceof EngineError ? err.code : String(err)),
  );
  return { code, ms: performance.now() - started, rssGrowth: process.memoryUsage().rss - rss };
}

const CRAFTED = {
  '88 bytes declaring 2^63 tensors': craftedGgufHeader({
    tensorCount: 2n ** 63n,
    metadata: { 'general.architecture': 'llama' },
    size: 88,
  }),
  '100 bytes declaring a 2^40-element array': craftedGgufHeader({
    declaredArray: { key: 'tokenizer.ggml.tokens', of: GGUF_STRING, count: 2n ** 40n },
    size: 100,
  }),
};

describe('crafted GGUF headers', () => {
  for (const [name, bytes] of Object.entries(CRAFTED)) {
    it(`${name}: not_gguf at once, the main process unharmed`, async () => {
      const file = path.join(dir.dir, `${name.replace(/\W+/g, '-')}.gguf`);
      fs.writeFileSync(file, bytes);
      expect(fs.statSync(file).size).toBe(Number(/^\d+/.exec(name)![0]));
      const result = await outcome(file);
      console.log(`${name}: ${result.code} in ${result.ms.toFixed(1)} ms, main RSS ${(result.rssGrowth / MB).toFixed(1)} MB more`);
      expect(result.code).toBe('not_gguf');
      expect(result.ms).toBeLessThan(5000);
      expect(result.rssGrowth).toBeLessThan(50 * MB);
    });
  }

  it('still reads a real model after them', async () => {
    expect((await inspectModelFile(await ensureTinyModel())).layers).toBe(2);
  });
});

const kept = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => f.endsWith('.gguf')) : [];

describe.skipIf(kept.length === 0)('GGUF headers the fuzzer kept (tests/fuzz/regressions)', () => {
  for (const file of kept) {
    it(`${file} ends as a clear error, not a hang or a crash`, async () => {
      const result = await outcome(path.join(REGRESSIONS, file));
      expect(['not_gguf', 'unsupported_model', 'ok']).toContain(result.code);
      expect(result.ms).toBeLessThan(5000);
    });
  }
});
