// Entry of the engine process: the only code that drives node-llama-cpp. It owns one Llama
// instance, at most one model with one context and one context sequence, and runs loads and
// generations one at a time from a queue. Runs under child_process.fork (Node, tests, CLI) or
// Electron's utilityProcess; the transport is detected at start. Must not import electron or
// anything outside this folder; node-llama-cpp is imported lazily so the process starts fast.
import type {
  ChatHistoryItem,
  Llama,
  LlamaChat,
  LlamaCompletion,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import { describeInternalError } from '../../../../shared/errors';
import { EngineError } from './engine-error';
import type {
  ChatMessage,
  CountRequest,
  CountResult,
  EngineInit,
  EngineToHost,
  GenerateRequest,
  GenerateResult,
  HostToEngine,
  LoadOptions,
  ModelInfo,
  RequestLogEntry,
  StopReason,
} from './engine-protocol';
import { detectTransport } from './engine-transport';
import { inspectAdapterFile } from './adapter-info';
import { readAdapterHeader, readModelFileInfo } from './gguf-read';
import { forcedPrefixGrammar, jsonSchemaToGbnf } from './json-grammar';

const DEFAULT_CONTEXT_SIZE = 8192;
const DEFAULT_MAX_TOKENS = 512;
// Prompt evaluation cannot be interrupted inside llama.cpp (node-llama-cpp gives it no abort
// callback), so long prompts are fed in slices and the abort signal is checked between them.
// A slice is never smaller than the context's batch size: smaller batches read the prompt several
// times slower on CPU (32-token slices ran at a quarter of node-llama-cpp's own rate). Where the
// machine is fast, slices grow to take about this long. A cancel that lands inside a long slice
// is the host's to enforce: it ends the engine after a short grace (engine-host cancelGraceMs).
const PREFILL_SLICE_TARGET_MS = 1000;
const PREFILL_SLICE_MAX = 8192;
// A slice of a large model on a slow machine can take minutes: a heartbeat keeps the host's idle
// timer (a hung engine) from mistaking it for silence.
const PREFILL_HEARTBEAT_MS = 5000;
const STREAM_BATCH_TOKENS = 16;
const STREAM_BATCH_MS = 50;
const GRAMMAR_CACHE_SIZE = 32;
const REQUEST_LOG_SIZE = 20_000;

const transport = detectTransport();
const send = (msg: EngineToHost): void => transport.send(msg);

// ---------------------------------------------------------------------------------------------
// State

interface Loaded {
  readonly options: Required<LoadOptions>;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly sequence: LlamaContextSequence;
  readonly chat: LlamaChat;
  readonly completion: LlamaCompletion;
  readonly info: ModelInfo;
}

type LlamaModule = typeof import('node-llama-cpp');

let init: EngineInit = { threads: 'auto', gpu: 'auto' };
let threads = 1; // resolved from init once the Llama instance exists
let fileWork = false;
let llamaModule: LlamaModule | undefined;
let llama: Llama | undefined;
let loaded: Loaded | undefined;
let disposing = false;
/** A schema's grammar, and the text every answer to it starts with (put in the prompt). */
interface AnswerGrammar {
  readonly grammar: LlamaGrammar;
  readonly prefix: string;
}
const grammars = new Map<string, AnswerGrammar>();
const controllers = new Map<string, AbortController>();
let queue: Promise<void> = Promise.resolve();

/** One lock for the whole engine: loads and generations never overlap. */
function enqueue(task: () => Promise<void>): void {
  queue = queue.then(task, task);
}

const now = (): number => performance.now();

// The last requests in the order the engine worked on them, for tests and diagnosis.
const requestLog: RequestLogEntry[] = [];
let logSeq = 0;
function logRequest(requestId: string, event: RequestLogEntry['event'], extra: Pick<RequestLogEntry, 'tokens' | 'outcome' | 'threads'> = {}): void {
  logSeq += 1;
  requestLog.push({ seq: logSeq, requestId, event, at: Math.round(now()), ...extra });
  if (requestLog.length > REQUEST_LOG_SIZE) requestLog.splice(0, requestLog.length - REQUEST_LOG_SIZE);
}

function toEngineError(err: unknown, signal?: AbortSignal): EngineError {
  if (signal?.aborted) {
    if (signal.reason instanceof EngineError) return signal.reason;
    return new EngineError('cancelled', 'The request was cancelled.');
  }
  if (err instanceof EngineError) return err;
  // Not err.message: it may quote the prompt, i.e. the document.
  return new EngineError('internal', `The model engine failed unexpectedly (${describeInternalError(err)}).`, { cause: err });
}

function sendError(requestId: string, err: unknown, signal?: AbortSignal): void {
  const e = toEngineError(err, signal);
  send({ type: 'error', requestId, code: e.code, message: e.message });
}

// ---------------------------------------------------------------------------------------------
// Loading

async function getLlamaInstance(): Promise<Llama> {
  if (llama) return llama;
  llamaModule ??= await import('node-llama-cpp');
  const common = {
    // Left unset node-llama-cpp uses max(cores, 4) threads; oversubscribing 2 cores that way
    // made generation ~100x slower, because ggml's worker threads spin-wait on each other.
    maxThreads: init.threads === 'auto' ? 1 : init.threads,
    // No compiler and no network here or on users' machines: use the bundled binaries only.
    build: 'never',
    skipDownload: true,
    progressLogs: false,
    logLevel: llamaModule.LlamaLogLevel.warn,
  } as const;
  try {
    llama = await llamaModule.getLlama({ ...common, gpu: init.gpu });
  } catch (err) {
    if (init.gpu === false) throw err;
    llama = await llamaModule.getLlama({ ...common, gpu: false });
  }
  // 'auto' creates the context for all cores; shareCores() lowers the limit while file work runs.
  if (init.threads === 'auto') llama.maxThreads = llama.cpuMathCores;
  threads = llama.maxThreads;
  shareCores();
  return llama;
}

/**
 * 'auto' threads: all cores while the engine is the only busy work, one left over while file work
 * (a batch's PDF and OCR workers) runs beside it. ggml's threads spin-wait on each other, so when
 * one loses its core decoding is ~50x slower (measured on 2 cores under load: 154 ms/token with 2
 * threads, 3.3 ms/token with 1). node-llama-cpp takes the limit at each batch it decodes, so a
 * change reaches the generation in flight.
 */
function shareCores(): void {
  if (!llama || init.threads !== 'auto') return;
  llama.maxThreads = fileWork ? Math.max(1, llama.cpuMathCores - 1) : llama.cpuMathCores;
}

async function unloadModel(): Promise<void> {
  const current = loaded;
  loaded = undefined;
  if (!current) return;
  current.chat.dispose();
  current.completion.dispose();
  await current.sequence.dispose();
  await current.context.dispose();
  await current.model.dispose();
}

async function loadModel(options: LoadOptions): Promise<ModelInfo> {
  const resolved: Required<LoadOptions> = {
    modelPath: options.modelPath,
    contextSize: options.contextSize ?? DEFAULT_CONTEXT_SIZE,
    adapters: options.adapters ?? [],
  };
  if (
    loaded &&
    loaded.options.modelPath === resolved.modelPath &&
    loaded.options.contextSize === resolved.contextSize &&
    JSON.stringify(loaded.options.adapters) === JSON.stringify(resolved.adapters)
  ) {
    return loaded.info;
  }
  // Vet the headers first: llama.cpp's own errors on a bad file are vague, and a file that is
  // not a model (or an adapter for another one) must leave the current model loaded.
  const file = await readModelFileInfo(resolved.modelPath); // this process is already apart from main
  for (const adapter of resolved.adapters) await inspectAdapterFile(adapter.path, readAdapterHeader, file.architecture);
  const started = now();
  await unloadModel();
  const instance = await getLlamaInstance();
  const { LlamaChat, LlamaCompletion } = llamaModule!;
  let model: LlamaModel;
  try {
    model = await instance.loadModel({ modelPath: resolved.modelPath });
  } catch (err) {
    throw new EngineError('load_failed', `The model could not be loaded: ${(err as Error).message}`, { cause: err });
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: { max: resolved.contextSize },
      threads,
      sequences: 1,
      // Without it the prompt rate collapses with depth on CPU (measured here at 12k tokens:
      // 25 tok/s off, ~92 tok/s on); llama.cpp falls back where a model cannot use it.
      flashAttention: true,
      ...(resolved.adapters.length > 0
        ? { lora: { adapters: resolved.adapters.map((a) => ({ filePath: a.path, scale: a.scale ?? 1 })) } }
        : {}),
    });
  } catch (err) {
    await model.dispose();
    const message =
      resolved.adapters.length > 0
        ? `The model's context with its adapters could not be created: ${(err as Error).message}`
        : `No memory for the model's context: ${(err as Error).message}`;
    throw new EngineError(resolved.adapters.length > 0 ? 'invalid_adapter' : 'load_failed', message, { cause: err });
  }
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: 'auto' });
  const completion = new LlamaCompletion({ contextSequence: sequence });
  const info: ModelInfo = {
    modelPath: resolved.modelPath,
    architecture: file.architecture,
    parameters: file.parameters ?? model.fileInsights.totalParameters,
    sizeBytes: file.sizeBytes,
    contextSize: context.contextSize,
    trainContextSize: model.fileInsights.trainContextSize ?? null,
    chatWrapper: chat.chatWrapper.wrapperName,
    adapters: resolved.adapters,
    threads,
    gpu: instance.gpu,
    loadMs: Math.round(now() - started),
  };
  loaded = { options: resolved, model, context, sequence, chat, completion, info };
  logRequest(resolved.modelPath, 'load', { tokens: context.contextSize });
  return info;
}

// ---------------------------------------------------------------------------------------------
// Generation

async function getGrammar(schema: Readonly<Record<string, unknown>>): Promise<AnswerGrammar> {
  const key = JSON.stringify(schema);
  const cached = grammars.get(key);
  if (cached) {
    grammars.delete(key);
    grammars.set(key, cached); // most recently used last
    return cached;
  }
  const instance = await getLlamaInstance();
  let grammar: LlamaGrammar;
  // The start every answer shares is read with the prompt, in one batch: generated, each of its
  // tokens would cost a forward pass and a grammar test of the whole vocabulary.
  const split = forcedPrefixGrammar(schema);
  try {
    // Ours where the schema allows (compact, ends at the closing brace), else node-llama-cpp's.
    const gbnf = split?.gbnf ?? jsonSchemaToGbnf(schema);
    grammar = gbnf
      ? await instance.createGrammar({ grammar: gbnf })
      : await instance.createGrammarForJsonSchema(schema as Parameters<Llama['createGrammarForJsonSchema']>[0]);
  } catch (err) {
    const message = `The JSON schema cannot be used: ${(err as Error).message}`;
    throw new EngineError('invalid_request', message, { cause: err });
  }
  const entry = { grammar, prefix: split?.prefix ?? '' };
  grammars.set(key, entry);
  if (grammars.size > GRAMMAR_CACHE_SIZE) grammars.delete(grammars.keys().next().value!);
  return entry;
}

function validateRequest(req: GenerateRequest): void {
  const hasMessages = Array.isArray(req.messages) && req.messages.length > 0;
  const hasPrompt = typeof req.prompt === 'string';
  if (hasMessages === hasPrompt) throw new EngineError('invalid_request', 'Give either messages or a prompt.');
  if (req.maxTokens !== undefined && (!Number.isInteger(req.maxTokens) || req.maxTokens < 1)) {
    throw new EngineError('invalid_request', 'maxTokens must be a positive integer.');
  }
  if (req.temperature !== undefined && !(req.temperature >= 0)) {
    throw new EngineError('invalid_request', 'temperature must be 0 or more.');
  }
}

/** The chat so far, ending in the model's answer: empty, or its forced start. */
function toChatHistory(req: { readonly messages?: readonly ChatMessage[] | undefined }, answerPrefix = ''): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = (req.messages ?? []).map((m): ChatHistoryItem => {
    switch (m.role) {
      case 'system':
        return { type: 'system', text: m.content };
      case 'user':
        return { type: 'user', text: m.content };
      case 'assistant':
        return { type: 'model', response: [m.content] };
      default:
        throw new EngineError('invalid_request', `Unknown message role: ${String((m as { role: unknown }).role)}`);
    }
  });
  history.push({ type: 'model', response: answerPrefix ? [answerPrefix] : [] });
  return history;
}

/** Streams text in batches of a few tokens or a few tens of milliseconds, whichever comes first. */
class TokenBatcher {
  private text = '';
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly requestId: string) {}

  push(text: string): void {
    this.text += text;
    this.count += 1;
    if (this.count >= STREAM_BATCH_TOKENS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), STREAM_BATCH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.count === 0) return;
    logRequest(this.requestId, 'tokens', { tokens: this.count });
    send({ type: 'tokens', requestId: this.requestId, text: this.text, count: this.count });
    this.text = '';
    this.count = 0;
  }
}

/** Evaluates all but the last prompt token, reusing the cached prefix. Returns the cached length. */
async function prefill(
  state: Loaded,
  tokens: readonly Token[],
  requestId: string,
  signal: AbortSignal,
): Promise<number> {
  const { sequence } = state;
  const target = tokens.slice(0, -1); // the last token is evaluated by the generator, for its logits
  await sequence.adaptStateToTokens(target, false);
  const cached = Math.min(sequence.nextTokenIndex, target.length);
  const floor = state.context.batchSize;
  let slice = floor;
  for (let i = cached; i < target.length; ) {
    if (signal.aborted) throw signal.reason;
    const part = target.slice(i, i + slice);
    const started = now();
    const heartbeat = setInterval(() => send({ type: 'progress', requestId, prefilled: i, total: target.length }), PREFILL_HEARTBEAT_MS);
    try {
      await sequence.evaluateWithoutGeneratingNewTokens(part);
    } finally {
      clearInterval(heartbeat);
    }
    const msPerToken = Math.max((now() - started) / part.length, 0.001);
    slice = Math.round(Math.min(PREFILL_SLICE_MAX, Math.max(floor, PREFILL_SLICE_TARGET_MS / msPerToken)));
    i += part.length;
    logRequest(requestId, 'prefill', { tokens: part.length });
    send({ type: 'progress', requestId, prefilled: i, total: target.length });
  }
  return cached;
}

/** The same rendering LlamaChat does, so a prefill of these tokens is exactly its prompt. */
function renderChat(state: Loaded, history: ChatHistoryItem[]): Token[] {
  const { contextText } = state.chat.chatWrapper.generateContextState({ chatHistory: history });
  return contextText.tokenize(state.model.tokenizer);
}

function count(req: CountRequest): CountResult {
  const state = loaded;
  if (!state) throw new EngineError('model_not_loaded', 'No model is loaded.');
  if (!Array.isArray(req.texts)) throw new EngineError('invalid_request', 'texts must be an array of strings.');
  const counts = req.texts.map((text) => state.model.tokenize(String(text), false).length);
  const promptTokens = req.messages && req.messages.length > 0 ? renderChat(state, toChatHistory(req)).length : null;
  return { counts, promptTokens };
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function toStopReason(reason: string): StopReason {
  if (reason === 'eogToken') return 'eos';
  if (reason === 'maxTokens') return 'max_tokens';
  return 'stop_trigger';
}

async function generate(req: GenerateRequest, signal: AbortSignal, receivedAt: number): Promise<GenerateResult> {
  const started = now();
  send({ type: 'started', requestId: req.requestId });
  if (signal.aborted) throw signal.reason;
  validateRequest(req);
  const state = loaded;
  if (!state) throw new EngineError('model_not_loaded', 'No model is loaded.');
  const { model, sequence, chat, completion, context } = state;
  const constraint = req.jsonSchema ? await getGrammar(req.jsonSchema) : undefined;
  const grammar = constraint?.grammar;
  const prefix = constraint?.prefix ?? '';

  const history = req.messages ? toChatHistory(req, prefix) : undefined;
  let promptTokens: Token[];
  let completionInput: Token[] = [];
  if (history) {
    promptTokens = renderChat(state, history);
  } else {
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    completionInput = model.tokenize((req.prompt ?? '') + prefix, false, bos != null ? 'trimLeadingSpace' : undefined);
    promptTokens = bos != null ? [bos, ...completionInput] : completionInput;
  }
  const tokensIn = promptTokens.length;
  // Leave room for the whole answer: past the window node-llama-cpp would silently drop the
  // start of the prompt (the document) to make space.
  const room = context.contextSize - tokensIn - 2;
  if (tokensIn === 0 || room < 1) {
    throw new EngineError(
      'context_overflow',
      `The prompt has ${tokensIn} tokens and the context window holds ${context.contextSize}.`,
    );
  }
  const maxTokens = Math.min(req.maxTokens ?? DEFAULT_MAX_TOKENS, room);

  const tokensCached = await prefill(state, promptTokens, req.requestId, signal);
  const prefillMs = now() - started;
  const meterBefore = sequence.tokenMeter.getState();
  const batcher = new TokenBatcher(req.requestId);
  let firstTokenAt: number | undefined;
  // A JSON answer ends at its closing brace: stopping there spares the constrained tokens the
  // grammar would force after it (each one tests the whole vocabulary).
  const complete = new AbortController();
  let answer = prefix;
  if (prefix) batcher.push(prefix);
  const onTextChunk = (text: string): void => {
    firstTokenAt ??= now();
    batcher.push(text);
    if (!grammar) return;
    answer += text;
    if (text.includes('}') && isCompleteJson(answer)) complete.abort();
  };
  const sampling = {
    signal: grammar ? AbortSignal.any([signal, complete.signal]) : signal,
    stopOnAbortSignal: grammar !== undefined,
    maxTokens,
    temperature: req.temperature ?? 0,
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
    ...(grammar ? { grammar } : {}),
    onTextChunk,
  };

  let text: string;
  let stopReason: string;
  try {
    if (history) {
      const res = await chat.generateResponse(history, sampling);
      text = res.response;
      stopReason = res.metadata.stopReason;
    } else {
      const res = await completion.generateCompletionWithMeta(completionInput, {
        ...sampling,
        disableContextShift: true,
      });
      text = res.response;
      stopReason = res.metadata.stopReason;
    }
  } finally {
    batcher.flush();
  }
  // stopOnAbortSignal ends a cancelled generation quietly too: a cancel is still a cancel.
  if (signal.aborted) throw signal.reason;
  text = prefix + text;
  if (complete.signal.aborted) stopReason = 'eogToken';
  const finished = now();
  return {
    requestId: req.requestId,
    text,
    stopReason: toStopReason(stopReason),
    tokensIn,
    tokensCached,
    tokensOut: sequence.tokenMeter.diff(meterBefore).usedOutputTokens,
    tokensForced: prefix ? model.tokenize(prefix, false).length : 0,
    timings: {
      queuedMs: Math.round(started - receivedAt),
      prefillMs: Math.round(prefillMs),
      firstTokenMs: Math.round((firstTokenAt ?? finished) - started),
      totalMs: Math.round(finished - started),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Messages

async function dispose(): Promise<void> {
  await unloadModel();
  grammars.clear();
  await llama?.dispose();
  llama = undefined;
}

function handle(msg: HostToEngine): void {
  if (disposing && msg.type !== 'cancel') return;
  switch (msg.type) {
    case 'init':
      if (!llama) init = msg.init;
      return;
    case 'load':
      enqueue(async () => {
        try {
          const info = await loadModel(msg.options);
          send({ type: 'loaded', requestId: msg.requestId, info });
        } catch (err) {
          sendError(msg.requestId, err);
        }
      });
      return;
    case 'unload':
      enqueue(async () => {
        try {
          await unloadModel();
          send({ type: 'unloaded', requestId: msg.requestId });
        } catch (err) {
          sendError(msg.requestId, err);
        }
      });
      return;
    case 'generate': {
      const { request } = msg;
      const receivedAt = now();
      if (controllers.has(request.requestId)) {
        send({
          type: 'error',
          requestId: request.requestId,
          code: 'invalid_request',
          message: `Request ${request.requestId} is already running.`,
        });
        return;
      }
      const controller = new AbortController();
      controllers.set(request.requestId, controller);
      enqueue(async () => {
        logRequest(request.requestId, 'start', { threads: llama?.maxThreads ?? threads });
        let outcome = 'done';
        try {
          send({ type: 'done', result: await generate(request, controller.signal, receivedAt) });
        } catch (err) {
          outcome = toEngineError(err, controller.signal).code;
          sendError(request.requestId, err, controller.signal);
        } finally {
          controllers.delete(request.requestId);
          logRequest(request.requestId, 'end', { outcome });
        }
      });
      return;
    }
    case 'count':
      // Queued like the rest: it needs the model a load may be replacing.
      enqueue(async () => {
        try {
          logRequest(msg.request.requestId, 'count');
          send({ type: 'counted', requestId: msg.request.requestId, result: count(msg.request) });
        } catch (err) {
          sendError(msg.request.requestId, err);
        }
      });
      return;
    case 'cancel':
      controllers.get(msg.requestId)?.abort(new EngineError('cancelled', 'The request was cancelled.'));
      return;
    case 'fileWork':
      fileWork = msg.busy;
      shareCores();
      return;
    case 'requestLog':
      // Answered at once, not queued: it reads what was done so far.
      send({ type: 'requestLog', requestId: msg.requestId, entries: [...requestLog] });
      return;
    case 'dispose':
      disposing = true;
      for (const c of controllers.values()) c.abort(new EngineError('engine_disposed', 'The engine is shutting down.'));
      enqueue(async () => {
        try {
          await dispose();
        } finally {
          send({ type: 'disposed' });
          // Let the IPC message flush before leaving.
          setTimeout(() => process.exit(0), 20);
        }
      });
      return;
    default:
      msg satisfies never;
  }
}

transport.listen(handle);
send({ type: 'ready', pid: process.pid });
