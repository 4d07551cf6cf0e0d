// The inference-server engine: the model runs on a team's llama-server, vLLM or Ollama, reached
// over HTTP at the one URL the user entered. Several calls run at once (one per server slot);
// a run's calls keep to one slot so the server's prompt cache holds its document. Answers that
// break their JSON schema fail with 'invalid_output'; a busy, slow or unreachable server is
// retried with backoff, then fails with its code. Plain Node.
import { createHash } from 'node:crypto';
import { serverHost, type ServerType } from '../../../../../shared/inference-server';
import type { ModelRef } from '../../models/model-ref';
import type { EngineGenerateOptions, RemoteEngine } from '../engine';
import { EngineError } from '../engine-error';
import type { HostGenerateRequest } from '../engine-host';
import type { ChatMessage, CountResult, GenerateResult, ModelInfo } from '../engine-protocol';
import { schemaBreach } from '../json-schema-check';
import { SERVER_ADAPTERS, type JsonCall, type ServerAdapter, type ServerModelDescription, type StreamState } from './server-adapters';
import { DEFAULT_RETRY, eventSplitter, request, requestJson, withRetries, type RetryPolicy, type ServerEndpoint } from './server-http';
import { SlotPinning } from './slot-pinning';

export interface ServerEngineOptions {
  readonly type: ServerType;
  readonly url: string;
  readonly apiKey?: string;
  /** The model's name on the server ('' lets llama-server use its one model). */
  readonly model: string;
  readonly slots: number;
  /** Longest wait for a generation's first byte (it may queue on the server); default 120 s. */
  readonly headersTimeoutMs?: number;
  /** Longest silence while an answer streams; default 120 s, as the local engine's idle timeout. */
  readonly idleTimeoutMs?: number;
  readonly retry?: RetryPolicy;
}

const SMALL_CALL_TIMEOUT_MS = 15_000;
/** Token counts in flight at once (a document is counted line by line). */
const COUNT_CONCURRENCY = 8;

export class ServerEngine implements RemoteEngine {
  readonly kind = 'server';
  readonly slots: number;
  readonly adapter: ServerAdapter;
  private readonly endpoint: ServerEndpoint;
  private readonly pinning: SlotPinning;
  private readonly inFlight = new Set<AbortController>();
  private described: Promise<{ model: ModelRef; info: ModelInfo; description: ServerModelDescription }> | undefined;
  private info: ModelInfo | undefined;
  private disposed = false;

  constructor(private readonly options: ServerEngineOptions) {
    if (!Number.isInteger(options.slots) || options.slots < 1) throw new Error('slots must be a positive integer');
    this.slots = options.slots;
    this.adapter = SERVER_ADAPTERS[options.type];
    this.endpoint = { url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}) };
    this.pinning = new SlotPinning(options.slots);
  }

  get identity() {
    return { engine: 'server', serverType: this.options.type, server: this.options.url, serverModel: this.modelName() } as const;
  }

  get modelInfo(): ModelInfo | undefined {
    return this.info;
  }

  /** The server's model (asked once; asked again after a failure). */
  async connect(): Promise<{ model: ModelRef; info: ModelInfo }> {
    const { model, info } = await this.describe();
    return { model, info };
  }

  private describe(): Promise<{ model: ModelRef; info: ModelInfo; description: ServerModelDescription }> {
    this.assertAlive();
    if (!this.described) {
      const started = performance.now();
      const attempt = withRetries(() => this.adapter.describe(this.call(), this.options.model), this.retry()).then((description) => {
        const id = `${this.options.type}|${this.options.url}|${description.name}`;
        const model: ModelRef = {
          id: 0,
          path: '',
          sha256: createHash('sha256').update(id).digest('hex'),
          name: `${description.name} @ ${serverHost(this.options.url)}`,
          contextLength: description.contextSize,
        };
        const info: ModelInfo = {
          modelPath: `${this.options.url}#${description.name}`,
          architecture: this.options.type,
          parameters: 0,
          sizeBytes: 0,
          contextSize: description.contextSize,
          trainContextSize: null,
          chatWrapper: this.options.type,
          adapters: [],
          threads: 0,
          gpu: 'server',
          loadMs: Math.round(performance.now() - started),
        };
        this.info = info;
        return { model, info, description };
      });
      this.described = attempt;
      attempt.catch(() => {
        if (this.described === attempt) this.described = undefined;
      });
    }
    return this.described;
  }

  async generate(req: HostGenerateRequest, options: EngineGenerateOptions = {}): Promise<GenerateResult> {
    this.assertAlive();
    const { description } = await this.describe();
    const requestId = req.requestId ?? `srv-${Math.random().toString(36).slice(2)}`;
    const slot = this.adapter.capabilities.slotPinning ? this.pinning.acquire(options.slotKey) : undefined;
    try {
      return await withRetries(() => this.generateOnce({ ...req, requestId }, description, slot, options), this.retry(), options.signal);
    } finally {
      this.pinning.release(slot);
    }
  }

  async countTokens(texts: readonly string[], messages?: readonly ChatMessage[]): Promise<CountResult> {
    await this.describe();
    const call = this.call();
    const model = this.modelName();
    const counts = new Array<number>(texts.length).fill(0);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < texts.length) {
        const i = next++;
        counts[i] = await withRetries(() => this.adapter.countText(call, model, texts[i]!), this.retry());
      }
    };
    await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, texts.length) }, worker));
    const promptTokens = messages && messages.length > 0 ? await withRetries(() => this.adapter.countMessages(call, model, messages), this.retry()) : null;
    return { counts, promptTokens };
  }

  setFileWork(): void {
    // The server's cores are not this machine's: file work takes nothing from it.
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  // -------------------------------------------------------------------------------------------

  private async generateOnce(req: HostGenerateRequest & { requestId: string }, model: ServerModelDescription, slot: number | undefined, options: EngineGenerateOptions): Promise<GenerateResult> {
    const { path, body } = await this.adapter.generation(this.call(), req, model, slot);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.inFlight.add(controller);
    const state: StreamState = { text: '' };
    const started = performance.now();
    let firstToken: number | undefined;
    const splitter = eventSplitter(this.adapter.streamFormat, (event) => {
      const added = this.adapter.readEvent(event, state);
      if (added) {
        firstToken ??= performance.now();
        options.onTokens?.({ text: added, count: 1 });
      }
    });
    try {
      await request(this.endpoint, 'POST', path, body, { signal: controller.signal, ...this.limits() }, (chunk) => splitter.push(chunk));
      splitter.end();
    } catch (err) {
      if (this.disposed) throw new EngineError('engine_disposed', 'The server engine was disposed.');
      throw err;
    } finally {
      this.inFlight.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (!state.stopReason) {
      // The stream ended without saying it was done: the answer may be cut off.
      throw new EngineError('server_error', `The inference server at ${serverHost(this.options.url)} ended its answer before it was complete.`);
    }
    if (req.jsonSchema && state.stopReason !== 'max_tokens') this.checkSchema(state.text, req.jsonSchema);
    const totalMs = performance.now() - started;
    const firstTokenMs = (firstToken ?? performance.now()) - started;
    const prefillMs = state.prefillMs ?? firstTokenMs;
    return {
      requestId: req.requestId,
      text: state.text,
      stopReason: state.stopReason,
      tokensIn: state.tokensIn ?? 0,
      tokensCached: state.tokensCached ?? 0,
      tokensOut: state.tokensOut ?? 0,
      timings: {
        queuedMs: Math.max(0, Math.round(firstTokenMs - prefillMs)),
        prefillMs: Math.round(prefillMs),
        firstTokenMs: Math.round(firstTokenMs),
        totalMs: Math.round(totalMs),
      },
    };
  }

  /** A finished answer must be JSON of the asked-for shape; the local engine's grammar guarantees it, a server may not. */
  private checkSchema(text: string, schema: Readonly<Record<string, unknown>>): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new EngineError('invalid_output', `The server model's answer is not JSON (${text.length} characters), though a JSON schema was asked for.`);
    }
    const breach = schemaBreach(value, schema);
    if (breach) throw new EngineError('invalid_output', `The server model's answer breaks the JSON schema it was asked for (${breach}).`);
  }

  private call(): JsonCall {
    return (method, path, body) =>
      requestJson(this.endpoint, method, path, body, { headersTimeoutMs: SMALL_CALL_TIMEOUT_MS, idleTimeoutMs: SMALL_CALL_TIMEOUT_MS });
  }

  private limits(): { headersTimeoutMs: number; idleTimeoutMs: number } {
    return { headersTimeoutMs: this.options.headersTimeoutMs ?? 120_000, idleTimeoutMs: this.options.idleTimeoutMs ?? 120_000 };
  }

  private retry(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
  }

  private modelName(): string {
    return this.info ? this.info.modelPath.slice(this.info.modelPath.lastIndexOf('#') + 1) : this.options.model;
  }

  private assertAlive(): void {
    if (this.disposed) throw new EngineError('engine_disposed', 'The server engine was disposed.');
  }
}
