// Model headers are read in a worker thread with a heap limit and a time limit: a crafted
// GGUF (2^63 tensors, a 2^40-element array) once spun the main process past 600 MB or ended
// it with a V8 fatal error. The worker is kept warm between reads and let go when idle; one
// that overruns its time, runs out of heap or dies is replaced, and the file is `not_gguf`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../spawn-worker';
import { EngineError } from './engine-error';
import type { EngineErrorCode } from './engine-protocol';
import type { AdapterHeader, ModelFileInfo } from './gguf-read';

export type { ModelFileInfo } from './gguf-read';

export interface GgufRequest {
  readonly id: number;
  readonly path: string;
  /** A model header (the default) or a LoRA adapter's. */
  readonly kind?: 'adapter';
}
/** The worker's first message: its reader is loaded, so read time limits start now. */
export type GgufReady = { readonly ready: true };
export type GgufReply =
  | { readonly id: number; readonly info: ModelFileInfo | AdapterHeader }
  | { readonly id: number; readonly error: { code: EngineErrorCode; message: string } };

/** A real header (a 256k-token vocabulary) reads in well under a second; this bounds a hostile one. */
const READ_TIME_LIMIT_MS = 15_000;
/** The reader's heap: a real header needs tens of MB. */
const HEAP_LIMIT_MB = 256;
const IDLE_MS = 30_000;
/** Starting the worker and loading the reader; generous, as a busy machine is no attack. */
const STARTUP_LIMIT_MS = 120_000;

const SOURCE_ENTRY = fileURLToPath(new URL('./gguf-worker.ts', import.meta.url));
let entry: string | null = existsSync(SOURCE_ENTRY) ? SOURCE_ENTRY : null;

/** The compiled worker entry (the packaged app); from source it is found beside this file. */
export function setGgufWorkerEntry(path: string): void {
  entry = path;
}

interface Pending {
  readonly worker: Worker;
  readonly resolve: (info: ModelFileInfo | AdapterHeader) => void;
  readonly reject: (err: EngineError) => void;
  /** Armed once the worker is ready: its start-up is not the header's fault. */
  timer: NodeJS.Timeout | null;
}

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
const ready = new WeakSet<Worker>();

function failAll(w: Worker, message: string, code: EngineErrorCode = 'not_gguf'): void {
  if (worker === w) worker = null;
  for (const [id, p] of pending) {
    if (p.worker !== w) continue;
    if (p.timer) clearTimeout(p.timer);
    p.reject(new EngineError(code, message));
    pending.delete(id);
  }
  void w.terminate();
}

function arm(p: Pending): void {
  // Everything in flight on this worker shares its fate; the next read starts a fresh one.
  p.timer = setTimeout(
    () => failAll(p.worker, `The GGUF header is damaged or hostile: reading it took longer than ${READ_TIME_LIMIT_MS / 1000} s.`),
    READ_TIME_LIMIT_MS,
  );
}

function start(): Worker {
  if (!entry) throw new EngineError('load_failed', 'The model header reader is not available.');
  const w = spawnWorker(entry, { maxOldGenerationSizeMb: HEAP_LIMIT_MB, maxYoungGenerationSizeMb: 32 });
  const startup = setTimeout(() => failAll(w, 'The model header reader did not start.', 'load_failed'), STARTUP_LIMIT_MS);
  w.on('message', (reply: GgufReply | GgufReady) => {
    if ('ready' in reply) {
      clearTimeout(startup);
      ready.add(w);
      for (const p of pending.values()) if (p.worker === w) arm(p);
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (p.timer) clearTimeout(p.timer);
    if ('info' in reply) p.resolve(reply.info);
    else p.reject(new EngineError(reply.error.code, reply.error.message));
    if (pending.size === 0) scheduleIdle();
  });
  // ERR_WORKER_OUT_OF_MEMORY arrives as 'error', a native crash as 'exit'.
  w.on('error', (err) => {
    clearTimeout(startup);
    failAll(w, `The GGUF header is damaged or hostile: reading it failed (${err.message}).`);
  });
  w.on('exit', () => {
    clearTimeout(startup);
    failAll(w, 'The GGUF header is damaged or hostile: its reader stopped.');
  });
  // A warm reader must not keep the process alive (a CLI exits when done); a read in flight
  // does, through its time limit's timer. Unref after the listeners: adding one refs again.
  w.unref();
  return w;
}

function scheduleIdle(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    if (pending.size > 0 || !worker) return;
    const w = worker;
    worker = null;
    void w.terminate();
  }, IDLE_MS);
  idle.unref();
}

/**
 * Reads and checks a model file's header outside this thread. Rejects with EngineError:
 * not_found, not_gguf (also for a header that overruns the time or heap limit), unsupported_model,
 * or load_failed when the reader itself cannot start.
 */
export function inspectModelFile(filePath: string): Promise<ModelFileInfo> {
  return readInWorker(filePath) as Promise<ModelFileInfo>;
}

/** A LoRA adapter's header, read the same way (adapter-info.ts judges it). */
export function readAdapterHeaderInWorker(filePath: string): Promise<AdapterHeader> {
  return readInWorker(filePath, 'adapter') as Promise<AdapterHeader>;
}

function readInWorker(filePath: string, kind?: 'adapter'): Promise<ModelFileInfo | AdapterHeader> {
  if (idle) clearTimeout(idle);
  idle = null;
  const w = (worker ??= start());
  const id = nextId++;
  return new Promise<ModelFileInfo | AdapterHeader>((resolve, reject) => {
    const p: Pending = { worker: w, resolve, reject, timer: null };
    pending.set(id, p);
    if (ready.has(w)) arm(p);
    w.postMessage({ id, path: filePath, ...(kind ? { kind } : {}) } satisfies GgufRequest);
  });
}
