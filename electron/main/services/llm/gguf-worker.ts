// Worker-thread entry: reads one model header per message (gguf-read.ts) for gguf-info.ts,
// which gives this thread a heap limit and a time limit, so a hostile header costs this
// thread, never the main process.
import { parentPort } from 'node:worker_threads';
import { EngineError } from './engine-error';
import { readAdapterHeader, readModelFileInfo } from './gguf-read';
import type { GgufReady, GgufReply, GgufRequest } from './gguf-info';

const port = parentPort;
if (!port) throw new Error('gguf-worker must run in a worker thread');

port.on('message', (msg: GgufRequest) => {
  void (msg.kind === 'adapter' ? readAdapterHeader(msg.path) : readModelFileInfo(msg.path)).then(
    (info) => port.postMessage({ id: msg.id, info } satisfies GgufReply),
    (err: unknown) =>
      port.postMessage({
        id: msg.id,
        error: EngineError.is(err)
          ? { code: err.code, message: err.message }
          : { code: 'not_gguf', message: `The GGUF header cannot be read: ${(err as Error)?.message ?? String(err)}` },
      } satisfies GgufReply),
  );
});

// Load the reader before saying ready, so the per-read time limit measures reading alone.
void import('node-llama-cpp').then(
  () => port.postMessage({ ready: true } satisfies GgufReady),
  () => port.postMessage({ ready: true } satisfies GgufReady), // the read itself reports the failure
);
