// The engine host: what the main process, the CLI and tests use to run the model. It starts
// the engine process (engine-process.ts), keeps one request map, streams tokens to callers,
// enforces load and generation timeouts, and restarts the engine after a crash, reloading the
// last model on the next call. Plain Node: must not import electron or node-llama-cpp (Electron
// passes its utilityProcess in through `spawn`, see engine-spawn.ts).
import { EngineError } from './engine-error';
import type {
  AdapterOption,
  ChatMessage,
  CountResult,
  EngineToHost,
  GenerateRequest,
  GenerateResult,
  HostToEngine,
  LoadOptions,
  ModelInfo,
  RequestLogEntry,
} from './engine-protocol';
import { isEngineErrorCode } from './engine-protocol';
import { forkEngine, type EngineChild, type SpawnEngine } from './engine-spawn';
import type { GenerateOptions, HostGenerateRequest, LocalEngine, TokenBatch } from './engine';

export interface EngineHostOptions {
  /** engine-process.ts (run under tsx) or its built .js. */
  readonly entry: string;
  /** Defaults to child_process.fork; Electron main passes a utilityProcess wrapper. */
  readonly spawn?: SpawnEngine;
  /**
   * Compute threads. 'auto' is the physical cores, less one while file work runs beside the
   * engine (setFileWork), so a batch's PDF and OCR workers never take a core from under ggml's
   * spin-waiting threads; models of a few million parameters run faster on 1, as thread sync
   * outweighs the math.
   */
  readonly threads: number | 'auto';
  readonly gpu?: 'auto' | false;
  readonly loadTimeoutMs?: number;
  /** A started generation that sends nothing (no token, no prefill progress) this long is killed. */
  readonly idleGenerationTimeoutMs?: number;
  /**
   * After a cancel, how long the engine gets to stop before it is killed. It stops between tokens
   * and prompt slices; a slice of a large model on CPU takes longer, and killing the engine is the
   * only way to stop it there (the next call starts a fresh one and reloads the model).
   */
  readonly cancelGraceMs?: number;
  /** Lines the engine writes to stdout/stderr (llama.cpp logs); default: this process's stderr. */
  readonly onLog?: (line: string) => void;
}

export type { GenerateOptions, HostGenerateRequest, TokenBatch } from './engine';

interface Child {
  readonly proc: EngineChild;
  ready: boolean;
  readonly outbox: HostToEngine[];
  /** Exited, or killed by us and about to: takes no more messages. */
  exited: boolean;
  /** The model this process has (or is loading). */
  model?: Promise<ModelInfo>;
}

interface Pending {
  readonly kind: 'load' | 'unload' | 'generate' | 'count' | 'log';
  readonly child: Child;
  readonly resolve: (value: never) => void;
  readonly reject: (err: EngineError) => void;
  readonly onTokens?: ((batch: TokenBatch) => void) | undefined;
  readonly onProgress?: ((progress: { prefilled: number; total: number }) => void) | undefined;
  timer?: NodeJS.Timeout;
  cleanup?: () => void;
  /** The generate message went to the engine (it waits for the model first). */
  sent?: boolean;
  /** The engine is working on it (not just queued there). */
  started?: boolean;
  cancelRequested?: boolean;
}

const DEFAULTS = {
  loadTimeoutMs: 120_000,
  idleGenerationTimeoutMs: 120_000,
  cancelGraceMs: 750,
  disposeTimeoutMs: 5_000,
};

export class EngineHost implements LocalEngine {
  readonly kind = 'local';
  readonly identity = { engine: 'local' } as const;
  /** One context sequence: one call at a time. */
  readonly slots = 1;
  private readonly options: Required<Omit<EngineHostOptions, 'spawn' | 'onLog'>> & Pick<EngineHostOptions, 'onLog'>;
  private readonly spawn: SpawnEngine;
  private child: Child | undefined;
  private desired: LoadOptions | undefined;
  private info: ModelInfo | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private disposed = false;
  private fileWork = false;

  constructor(options: EngineHostOptions) {
    if (options.threads !== 'auto' && !(Number.isInteger(options.threads) && options.threads >= 1)) {
      throw new Error("threads must be a positive integer or 'auto'");
    }
    this.options = {
      entry: options.entry,
      threads: options.threads,
      gpu: options.gpu ?? 'auto',
      loadTimeoutMs: options.loadTimeoutMs ?? DEFAULTS.loadTimeoutMs,
      idleGenerationTimeoutMs: options.idleGenerationTimeoutMs ?? DEFAULTS.idleGenerationTimeoutMs,
      cancelGraceMs: options.cancelGraceMs ?? DEFAULTS.cancelGraceMs,
      onLog: options.onLog,
    };
    this.spawn = options.spawn ?? ((entry) => forkEngine(entry, options.onLog));
  }

  /** The engine's process id while it runs. */
  get pid(): number | undefined {
    return this.child?.proc.pid;
  }

  /** The loaded model, as of the last successful load. */
  get modelInfo(): ModelInfo | undefined {
    return this.desired ? this.info : undefined;
  }

  async loadModel(
    modelPath: string,
    options: { contextSize?: number; adapters?: readonly AdapterOption[] } = {},
  ): Promise<ModelInfo> {
    this.assertAlive();
    const load: LoadOptions = {
      modelPath,
      ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {}),
      ...(options.adapters && options.adapters.length > 0 ? { adapters: options.adapters } : {}),
    };
    const child = this.ensureChild();
    const promise = this.sendLoad(child, load);
    child.model = promise;
    try {
      const info = await promise;
      this.desired = load;
      this.info = info;
      return info;
    } catch (err) {
      // The engine may have dropped its previous model; the next call reloads `desired`.
      if (child.model === promise) child.model = undefined;
      throw err;
    }
  }

  async unloadModel(): Promise<void> {
    this.assertAlive();
    this.desired = undefined;
    this.info = undefined;
    const child = this.child;
    if (!child || child.exited) return;
    child.model = undefined;
    const requestId = this.newId('unload');
    await new Promise<void>((resolve, reject) => {
      this.pending.set(requestId, { kind: 'unload', child, resolve: resolve as (v: never) => void, reject });
      this.post(child, { type: 'unload', requestId });
    });
  }

  generate(request: HostGenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    if (this.disposed) return Promise.reject(new EngineError('engine_disposed', 'The engine host is disposed.'));
    const requestId = request.requestId ?? this.newId('gen');
    if (this.pending.has(requestId)) {
      return Promise.reject(new EngineError('invalid_request', `Request ${requestId} is already running.`));
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new EngineError('cancelled', 'The request was cancelled.'));

    return new Promise<GenerateResult>((resolve, reject) => {
      const child = this.ensureChild();
      const entry: Pending = {
        kind: 'generate',
        child,
        resolve: resolve as (v: never) => void,
        reject,
        onTokens: options.onTokens,
        onProgress: options.onProgress,
      };
      if (signal) {
        const onAbort = (): void => this.cancel(requestId);
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(requestId, entry);
      // Sent after the model is in place, so a failed (re)load surfaces as the load's error.
      this.ensureModel(child).then(
        () => {
          if (this.pending.get(requestId) !== entry) return; // cancelled or crashed meanwhile
          entry.sent = true;
          this.post(child, { type: 'generate', request: { ...request, requestId } });
        },
        (err: unknown) => this.settle(requestId, undefined, toEngineError(err)),
      );
    });
  }

  /**
   * Token counts with the loaded model's tokenizer (reloading it after a crash): each text alone,
   * and `messages` rendered with the chat template as a generation would see them.
   */
  countTokens(texts: readonly string[], messages?: readonly ChatMessage[]): Promise<CountResult> {
    if (this.disposed) return Promise.reject(new EngineError('engine_disposed', 'The engine host is disposed.'));
    const requestId = this.newId('count');
    return new Promise<CountResult>((resolve, reject) => {
      const child = this.ensureChild();
      const entry: Pending = { kind: 'count', child, resolve: resolve as (v: never) => void, reject };
      this.pending.set(requestId, entry);
      this.ensureModel(child).then(
        () => {
          if (this.pending.get(requestId) !== entry) return;
          this.post(child, {
            type: 'count',
            request: { requestId, texts, ...(messages && messages.length > 0 ? { messages } : {}) },
          });
        },
        (err: unknown) => this.settle(requestId, undefined, toEngineError(err)),
      );
    });
  }

  /** File work (PDF reading, OCR) started or stopped beside the engine: 'auto' threads leave it a core. */
  setFileWork(busy: boolean): void {
    if (this.fileWork === busy) return;
    this.fileWork = busy;
    if (this.child && !this.child.exited) this.post(this.child, { type: 'fileWork', busy });
  }

  /** The running engine's request log (empty before it starts): what it did, in order. */
  requestLog(): Promise<RequestLogEntry[]> {
    const child = this.child;
    if (this.disposed || !child || child.exited) return Promise.resolve([]);
    const requestId = this.newId('log');
    return new Promise<RequestLogEntry[]>((resolve, reject) => {
      this.pending.set(requestId, { kind: 'log', child, resolve: resolve as (v: never) => void, reject });
      this.post(child, { type: 'requestLog', requestId });
    });
  }

  /** Stops a generation; its promise rejects with code 'cancelled'. Unknown ids are ignored. */
  cancel(requestId: string): void {
    const entry = this.pending.get(requestId);
    if (!entry || entry.kind !== 'generate' || entry.cancelRequested) return;
    const { child } = entry;
    if (entry.sent) this.post(child, { type: 'cancel', requestId });
    if (!entry.started) {
      // Not running yet: nothing to wait for. The engine drops it when it reaches it.
      this.settle(requestId, undefined, new EngineError('cancelled', 'The request was cancelled.'));
      return;
    }
    entry.cancelRequested = true;
    // The engine checks its signal between tokens and prefill slices; if it is stuck in native
    // code past the grace period, killing it is the only way to free the request.
    this.armTimer(requestId, entry, this.options.cancelGraceMs, () => {
      this.settle(requestId, undefined, new EngineError('cancelled', 'The request was cancelled.'));
      this.kill(child);
    });
  }

  /** Ends the engine process; every call after this rejects with 'engine_disposed'. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const child = this.child;
    this.child = undefined;
    if (child && !child.exited) {
      const exited = new Promise<void>((resolve) => child.proc.onExit(() => resolve()));
      this.post(child, { type: 'dispose' });
      const timer = setTimeout(() => child.proc.kill(), DEFAULTS.disposeTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    this.rejectAll(() => new EngineError('engine_disposed', 'The engine host was disposed.'));
  }

  // -------------------------------------------------------------------------------------------

  private assertAlive(): void {
    if (this.disposed) throw new EngineError('engine_disposed', 'The engine host is disposed.');
  }

  private newId(prefix: string): string {
    this.nextId += 1;
    return `${prefix}-${this.nextId}`;
  }

  private ensureChild(): Child {
    if (this.child && !this.child.exited) return this.child;
    const proc = this.spawn(this.options.entry);
    const child: Child = { proc, ready: false, outbox: [], exited: false };
    this.child = child;
    proc.onMessage((msg) => this.onMessage(child, msg));
    proc.onExit((exit) => this.onExit(child, exit));
    // Queued until the engine says it is listening; it ignores a late init once it has a Llama.
    this.post(child, { type: 'init', init: { threads: this.options.threads, gpu: this.options.gpu } });
    if (this.fileWork) this.post(child, { type: 'fileWork', busy: true });
    return child;
  }

  private ensureModel(child: Child): Promise<ModelInfo> {
    if (child.model) return child.model;
    if (!this.desired) return Promise.reject(new EngineError('model_not_loaded', 'No model is loaded.'));
    const promise = this.sendLoad(child, this.desired);
    child.model = promise;
    promise.catch(() => {
      if (child.model === promise) child.model = undefined;
    });
    return promise;
  }

  private sendLoad(child: Child, options: LoadOptions): Promise<ModelInfo> {
    const requestId = this.newId('load');
    return new Promise<ModelInfo>((resolve, reject) => {
      const entry: Pending = { kind: 'load', child, resolve: resolve as (v: never) => void, reject };
      this.pending.set(requestId, entry);
      this.armTimer(requestId, entry, this.options.loadTimeoutMs, () => {
        this.settle(
          requestId,
          undefined,
          new EngineError('timeout', `Loading the model took longer than ${this.options.loadTimeoutMs} ms.`),
        );
        this.kill(child);
      });
      this.post(child, { type: 'load', requestId, options });
    });
  }

  private post(child: Child, msg: HostToEngine): void {
    if (child.exited) return;
    if (child.ready) child.proc.send(msg);
    else child.outbox.push(msg);
  }

  private armTimer(requestId: string, entry: Pending, ms: number, onFire: () => void): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (this.pending.get(requestId) === entry) onFire();
    }, ms);
  }

  private settle(requestId: string, value: unknown, error?: EngineError): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    if (entry.timer) clearTimeout(entry.timer);
    entry.cleanup?.();
    if (error) entry.reject(error);
    else entry.resolve(value as never);
  }

  private kill(child: Child): void {
    // Detach at once: a call made before the exit event lands must start a fresh engine, not
    // queue behind the dying one. Its requests are still rejected when the exit arrives.
    child.exited = true;
    if (this.child === child) this.child = undefined;
    child.proc.kill();
  }

  private onMessage(child: Child, msg: EngineToHost): void {
    switch (msg.type) {
      case 'ready':
        child.ready = true;
        for (const queued of child.outbox.splice(0)) child.proc.send(queued);
        return;
      case 'loaded':
        if (child === this.child && this.pending.get(msg.requestId)?.kind === 'load') this.info = msg.info;
        this.settle(msg.requestId, msg.info);
        return;
      case 'unloaded':
        this.settle(msg.requestId, undefined);
        return;
      case 'started':
      case 'progress':
      case 'tokens': {
        const entry = this.pending.get(msg.requestId);
        if (!entry) return;
        if (msg.type === 'started') entry.started = true;
        // Any sign of life resets the idle timer, except that a cancel in flight keeps its grace timer.
        if (!entry.cancelRequested) this.armIdle(msg.requestId, entry);
        if (msg.type === 'tokens') entry.onTokens?.({ text: msg.text, count: msg.count });
        if (msg.type === 'progress') entry.onProgress?.({ prefilled: msg.prefilled, total: msg.total });
        return;
      }
      case 'done':
        this.settle(msg.result.requestId, msg.result);
        return;
      case 'counted':
        this.settle(msg.requestId, msg.result);
        return;
      case 'requestLog':
        this.settle(msg.requestId, [...msg.entries]);
        return;
      case 'error':
        this.settle(
          msg.requestId,
          undefined,
          new EngineError(isEngineErrorCode(msg.code) ? msg.code : 'internal', msg.message),
        );
        return;
      case 'disposed':
        return;
      default:
        msg satisfies never;
    }
  }

  private armIdle(requestId: string, entry: Pending): void {
    const { child } = entry;
    this.armTimer(requestId, entry, this.options.idleGenerationTimeoutMs, () => {
      this.settle(
        requestId,
        undefined,
        new EngineError('timeout', `The model produced nothing for ${this.options.idleGenerationTimeoutMs} ms.`),
      );
      this.kill(child);
    });
  }

  private onExit(child: Child, exit: { code: number | null; signal: string | null; detail?: string }): void {
    child.exited = true;
    child.model = undefined;
    if (this.child === child) this.child = undefined;
    const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
    const detail = exit.detail ? `: ${exit.detail.split('\n').slice(-3).join(' | ')}` : '';
    for (const [requestId, entry] of [...this.pending]) {
      if (entry.child !== child) continue;
      this.settle(
        requestId,
        undefined,
        this.disposed
          ? new EngineError('engine_disposed', 'The engine host was disposed.')
          : new EngineError('engine_crashed', `The model engine ${how}${detail}`),
      );
    }
  }

  private rejectAll(make: () => EngineError): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, undefined, make());
  }
}

function toEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('internal', err instanceof Error ? err.message : String(err), { cause: err });
}
