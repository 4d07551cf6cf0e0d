// The entry files of the services' workers and engine process. Under tsx (`npm run cli`, the
// bridge server, tests) they are the .ts sources; the app and the built CLI use the compiled
// .js files electron-vite writes beside them in out/main.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServiceEntries {
  readonly pdfWorker: string;
  readonly engine: string;
  readonly ocrWorker: string;
  readonly ggufWorker: string;
}

export const SOURCE_ENTRIES: ServiceEntries = {
  pdfWorker: fileURLToPath(new URL('./services/pdf/pdf-worker.ts', import.meta.url)),
  engine: fileURLToPath(new URL('./services/llm/engine-process.ts', import.meta.url)),
  ocrWorker: fileURLToPath(new URL('./services/ocr/ocr-worker.ts', import.meta.url)),
  ggufWorker: fileURLToPath(new URL('./services/llm/gguf-worker.ts', import.meta.url)),
};

/** The compiled entries in `dir` (out/main: the folder of the app's and the CLI's own bundles). */
export function builtEntries(dir: string): ServiceEntries {
  return {
    pdfWorker: path.join(dir, 'pdf-worker.js'),
    engine: path.join(dir, 'engine-process.js'),
    ocrWorker: path.join(dir, 'ocr-worker.js'),
    ggufWorker: path.join(dir, 'gguf-worker.js'),
  };
}
