// The one line in front of the model. Every model run (summaries, extraction, batch and
// watched-folder jobs, the CLI) starts here and gets the engine one call at a time per slot
// (the local engine has one; a shared inference server as many as it has parallel slots, each
// held by one run so the server's prompt cache keeps that run's document):
// - A run holds the model from its first call to its end, so runs do not interleave and spoil
//   each other's prefix cache; the others wait in line, told their place and whom they wait for.
// - A person's run (priority 'interactive') goes before batch runs. It takes the model from a
//   batch run at the next call boundary: it never waits for more than the generation in flight,
//   and the batch run continues after it.
// - The model is loaded here, its context sized once at load. A run waiting for another never
//   swaps the model from under it; a run whose model was swapped while it waited gets its own
//   back before its next call.
// Plain Node: no electron, no node-llama-cpp (the engine host owns it).
import os from 'node:os';
import type { ModelWait, RunPriority } from '../../../../shared/summaries';
import { EngineError } from '../llm/engine-error';
import type { Engine } from '../llm/engine';
import type { AdapterOption, ChatMessage, CountResult, ModelInfo } from '../llm/engine-protocol';
import { inspectModelFile } from '../llm/gguf-info';
import type { AdapterUse } from '../models/adapter-library';
import type { ModelRef, ModelResolver } from '../models/model-ref';
import { chooseContextSize } from './context-budget';
import { executeRun, type ModelRunOptions, type RunAccount, type RunEnd } from './execute-run';
import type { Generate } from './generation-memo';
import type { RunKind, RunStore } from './run-store';

export interface ModelSchedulerOptions {
  /** The engine; a function when it can change (the user turns the inference server on or off). */
  readonly engine: Engine | (() => Engine);
  readonly models: ModelResolver;
  /** Upper bound on the context a model is loaded with; its training context and free memory may lower it. */
  readonly maxContextSize?: number;
  /** Bytes of memory free for the KV cache; default os.freemem(). */
  readonly freeMemory?: () => number;
}

/** What a run's body gets: the model, through the line. */
export interface ModelSession {
  readonly signal: AbortSignal;
  /**
   * Resolves the run's model (the given file, else the active model) and the LoRA adapters
   * chosen for `use`, and loads them if another model or other adapters are loaded.
   */
  load(modelPath?: string, use?: AdapterUse): Promise<{ readonly model: ModelRef; readonly info: ModelInfo }>;
  readonly generate: Generate;
  countTokens(texts: readonly string[], messages?: readonly ChatMessage[]): Promise<CountResult>;
  /** Throws 'cancelled' once the run was asked to stop. */
  checkCancelled(): void;
  /** Sends progress unless some went out in the last PROGRESS_INTERVAL_MS; `force` for phase changes. */
  progress(emit: () => void, force?: boolean): void;
}

/** A pipeline's run as the line drives it. */
export interface ScheduledRun<Output> {
  /** The run started or stopped waiting for the model (null: it has it), or its place changed. */
  waiting(wait: ModelWait | null): void;
  /** The run's work, once it is its turn. */
  body(session: ModelSession): Promise<Output>;
  /** What the run spent, read once its body has settled. */
  account(): RunAccount<Output>;
  end(status: RunEnd): void;
}

/** Which run: its stored row and the document (its title is shown to runs waiting behind it). */
export interface RunTarget {
  readonly runId: number;
  readonly documentId: number;
  readonly title: string;
}

interface Entry {
  readonly runId: number;
  readonly kind: RunKind;
  readonly documentId: number;
  readonly title: string;
  readonly priority: RunPriority;
  readonly seq: number;
  readonly controller: AbortController;
  readonly onWait: (wait: ModelWait | null) => void;
  admitted: boolean;
  admit?: () => void;
  /** Blocked before a model call until it is this run's turn. */
  gate?: { readonly resolve: () => void; readonly reject: (err: unknown) => void };
  /** The model this run loaded; reloaded before its next call if another run swapped it. */
  model?: ModelRef;
  /** The LoRA adapters it runs with (its template's or profile's), part of what "its model" means. */
  adapters?: readonly AdapterOption[];
  /** The last wait reported, to report only changes. */
  lastWait: string;
  /** The engine the run started on: it keeps it to the end, even if the setting changes. */
  engine?: Engine;
}

const PROGRESS_INTERVAL_MS = 100;
const DEFAULT_MAX_CONTEXT = 16_384;
const RANK: Record<RunPriority, number> = { interactive: 0, batch: 1 };

export class ModelScheduler {
  /** Runs in progress, best first: the first one holds the model. */
  private line: Entry[] = [];
  /** The runs whose model call is in flight (at most the engine's slots). */
  private readonly busy = new Set<Entry>();
  private seq = 0;
  private readonly settling = new Set<Promise<RunEnd>>();
  private readonly maxContextSize: number;

  constructor(private readonly options: ModelSchedulerOptions) {
    this.maxContextSize = options.maxContextSize ?? DEFAULT_MAX_CONTEXT;
  }

  /** Queues a run and returns at once; `done` settles with how it ended, never rejects. */
  start<Output>(
    runs: RunStore<Output>,
    target: RunTarget,
    options: Pick<ModelRunOptions, 'priority' | 'signal'>,
    run: ScheduledRun<Output>,
  ): { runId: number; done: Promise<RunEnd> } {
    if (this.line.some((e) => e.runId === target.runId && e.kind === runs.kind)) {
      throw new EngineError('invalid_request', `Run ${target.runId} is already in progress.`);
    }
    const { signal } = options;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    const entry: Entry = {
      ...target,
      kind: runs.kind,
      priority: options.priority ?? 'interactive',
      seq: (this.seq += 1),
      controller,
      onWait: (wait) => run.waiting(wait),
      admitted: false,
      lastWait: 'null',
    };
    const admitted = new Promise<void>((resolve) => {
      entry.admit = resolve;
      // A run cancelled while it waits in line ends at once.
      controller.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    this.line.push(entry);
    this.line.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.seq - b.seq);
    this.update();
    const session = this.session(entry);
    // Every stored run says which engine answered it (and the server its documents went to).
    const account = (): RunAccount<Output> => {
      const spent = run.account();
      return { ...spent, settings: { ...spent.settings, ...(entry.engine ?? this.engine()).identity } };
    };
    const done = admitted
      .then(() => {
        this.engineOf(entry);
        return executeRun(runs, target.runId, controller.signal, () => run.body(session), account);
      })
      .then((status) => {
        run.end(status);
        return status;
      })
      .finally(() => {
        signal?.removeEventListener('abort', onAbort);
        this.line = this.line.filter((e) => e !== entry);
        this.settling.delete(done);
        this.update();
      });
    this.settling.add(done);
    return { runId: target.runId, done };
  }

  /** Stops a queued or running run of this kind; it ends 'cancelled'. False when it is not in progress. */
  cancel(kind: RunKind, runId: number): boolean {
    const entry = this.line.find((e) => e.kind === kind && e.runId === runId);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }

  /** Runs in line (holder first), for views and tests. */
  get runs(): ReadonlyArray<{ readonly kind: RunKind; readonly runId: number; readonly priority: RunPriority }> {
    return this.line.map(({ kind, runId, priority }) => ({ kind, runId, priority }));
  }

  /** Cancels every run and waits until they are stored. */
  async dispose(): Promise<void> {
    for (const e of this.line) e.controller.abort();
    await Promise.all([...this.settling]);
  }

  // -------------------------------------------------------------------------------------------

  private session(entry: Entry): ModelSession {
    const { signal } = entry.controller;
    let lastProgress = 0;
    return {
      signal,
      load: async (modelPath, use) => {
        const engine = this.engineOf(entry);
        if (engine.kind === 'server') {
          // The server holds its model: nothing here to resolve or load, only to ask what it is.
          entry.adapters = [];
          return this.call(entry, () => engine.connect());
        }
        const model = await this.options.models.resolve(modelPath);
        await inspectModelFile(model.path); // a clear not_gguf before the engine starts
        entry.adapters = use ? ((await this.options.models.adaptersFor?.(use)) ?? []) : [];
        entry.model = model;
        const info = await this.call(entry, async () => engine.modelInfo!);
        return { model, info };
      },
      generate: (request, options) =>
        this.call(entry, () => this.engineOf(entry).generate(request, { ...options, signal, slotKey: `${entry.kind}:${entry.runId}` })),
      countTokens: (texts, messages) => this.call(entry, () => this.engineOf(entry).countTokens(texts, messages)),
      checkCancelled: () => {
        if (signal.aborted) throw new EngineError('cancelled', 'The run was cancelled.');
      },
      progress: (emit, force = false) => {
        const now = performance.now();
        if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        emit();
      },
    };
  }

  /** One model call of a run: waits for its turn, puts its model in place, then calls. */
  private async call<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
    const { signal } = entry.controller;
    if (signal.aborted) throw new EngineError('cancelled', 'The run was cancelled.');
    if (this.myTurn(entry)) this.busy.add(entry);
    else {
      // update() makes this run `busy` as it opens the gate, so no other call slips in between.
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          entry.gate = undefined;
          reject(new EngineError('cancelled', 'The run was cancelled.'));
          this.update();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.gate = {
          resolve: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          reject,
        };
        this.update();
      });
    }
    const work = (async () => {
      await this.ensureModel(entry);
      return fn();
    })();
    // The model's line stays taken until the call really ends (a load cannot be stopped), but a
    // cancelled run does not wait for it: it ends now and the next run waits for the load instead.
    void work
      .finally(() => {
        this.busy.delete(entry);
        this.update();
      })
      .catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new EngineError('cancelled', 'The run was cancelled.'));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private engine(): Engine {
    const { engine } = this.options;
    return typeof engine === 'function' ? engine() : engine;
  }

  private engineOf(entry: Entry): Engine {
    return (entry.engine ??= this.engine());
  }

  /** Calls at once: the slots of the engine the holder (else the next run) uses. */
  private slots(): number {
    const head = this.line[0];
    return head ? this.engineOf(head).slots : this.engine().slots;
  }

  /** Among the first `slots` runs in line, with a free slot and no call of its own in flight. */
  private myTurn(entry: Entry): boolean {
    const slots = this.slots();
    const at = this.line.indexOf(entry);
    return at >= 0 && at < slots && this.busy.size < slots && !this.busy.has(entry);
  }

  private async ensureModel(entry: Entry): Promise<void> {
    const engine = this.engineOf(entry);
    if (engine.kind === 'server') return;
    const model = entry.model;
    const adapters = entry.adapters ?? [];
    const loaded = engine.modelInfo;
    if (!model || (loaded?.modelPath === model.path && JSON.stringify(loaded.adapters) === JSON.stringify(adapters))) return;
    // Sized once, here: every run on this model shares the context it was loaded with.
    const file = await inspectModelFile(model.path);
    const free = this.options.freeMemory?.() ?? os.freemem();
    await engine.loadModel(model.path, { contextSize: chooseContextSize(file, model.contextLength, this.maxContextSize, free), adapters });
  }

  /** Admits the best runs (one per slot), lets those whose turn it is call, and tells the others where they are. */
  private update(): void {
    const slots = this.slots();
    const holders = this.line.slice(0, slots);
    for (const entry of holders) {
      if (entry.admitted) continue;
      entry.admitted = true;
      entry.admit?.();
    }
    for (const entry of holders) {
      if (!entry.gate || this.busy.size >= slots || this.busy.has(entry)) continue;
      const { gate } = entry;
      entry.gate = undefined;
      this.busy.add(entry);
      gate.resolve();
    }
    // A cancelled run's load may still hold the engine; its waiters are shown the run next in line.
    const head = this.line[0];
    const inFlight = [...this.busy].find((e) => this.line.includes(e));
    const holder = slots === 1 ? (inFlight ?? head) : head;
    let position = 0;
    for (const entry of this.line) {
      if (entry === holder || (slots > 1 && holders.includes(entry) && entry.gate === undefined)) {
        if (entry !== holder) this.report(entry, null);
        continue;
      }
      const waiting = !entry.admitted || entry.gate !== undefined;
      if (waiting) position += 1;
      const wait: ModelWait | null =
        waiting && holder
          ? {
              position,
              behind: { runId: holder.runId, kind: holder.kind, documentId: holder.documentId, title: holder.title, priority: holder.priority },
            }
          : null;
      this.report(entry, wait);
    }
    if (holder) this.report(holder, null);
  }

  private report(entry: Entry, wait: ModelWait | null): void {
    const key = JSON.stringify(wait);
    if (key === entry.lastWait) return;
    entry.lastWait = key;
    entry.onWait(wait);
  }
}
