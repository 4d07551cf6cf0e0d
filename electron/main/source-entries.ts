// Entry files when the services run from source under tsx (CLI, bridge server, tests).
// The packaged app passes its compiled entries instead.
import { fileURLToPath } from 'node:url';

export const SOURCE_ENTRIES = {
  pdfWorker: fileURLToPath(new URL('./services/pdf/pdf-worker.ts', import.meta.url)),
  engine: fileURLToPath(new URL('./services/llm/engine-process.ts', import.meta.url)),
  ocrWorker: fileURLToPath(new URL('./services/ocr/ocr-worker.ts', import.meta.url)),
  ggufWorker: fileURLToPath(new URL('./services/llm/gguf-worker.ts', import.meta.url)),
} as const;
