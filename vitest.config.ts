import { defineConfig } from 'vitest/config';

// Tests layered by cost: unit (pure logic), integration (real SQLite, pdfjs, GGUF),
// e2e (a real Chromium against the bridge). Each project runs with `--project NAME`.
// The engine runs one thread in tests (CLI children inherit it): the tiny models gain nothing
// from more, and on shared cores ggml's spin-waiting threads slow each other down.
const env = { ABSTRACTOR_ENGINE_THREADS: '1' };
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          env,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
          env,
        },
      },
    ],
  },
});
