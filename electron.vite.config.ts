import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { PAGE_CONTENT_SECURITY_POLICY } from './shared/page-csp';

// The page's CSP goes into index.html at build time only (the dev server needs inline scripts).
function contentSecurityPolicy(): Plugin {
  return {
    name: 'abstractor-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${PAGE_CONTENT_SECURITY_POLICY}" />`),
  };
}

// out/main/cli.js is the `abstractor` bin (package.json): a script with a shebang, runnable as is.
function executableCli(): Plugin {
  return {
    name: 'abstractor-cli-executable',
    apply: 'build',
    writeBundle(options, bundle) {
      if (options.dir && bundle['cli.js']) chmodSync(join(options.dir, 'cli.js'), 0o755);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [executableCli()],
    build: {
      outDir: 'out/main',
      // zod is bundled: loading its ~100 ESM files one by one costs the CLI a third of its start.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Worker entries run in their own threads and processes; they must be files of their own.
          'pdf-worker': resolve(__dirname, 'electron/main/services/pdf/pdf-worker.ts'),
          'ocr-worker': resolve(__dirname, 'electron/main/services/ocr/ocr-worker.ts'),
          'engine-process': resolve(__dirname, 'electron/main/services/llm/engine-process.ts'),
          'gguf-worker': resolve(__dirname, 'electron/main/services/llm/gguf-worker.ts'),
          // The `abstractor` command: runs under plain Node beside the worker entries it starts.
          cli: resolve(__dirname, 'electron/main/cli/index.ts'),
        },
        output: { banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
