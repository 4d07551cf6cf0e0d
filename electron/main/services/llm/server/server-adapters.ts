// One adapter per server type: how a generation is asked for, how its streamed answer reads,
// and what the server can do. llama.cpp's llama-server is the reference (GBNF grammar or JSON
// schema, prompt cache, a slot per document); vLLM constrains through its structured outputs
// (OpenAI `response_format`), Ollama through its `format` schema. Plain Node.
import type { ServerType } from '../../../../../shared/inference-server';
import { EngineError } from '../engine-error';
import type { ChatMessage, GenerateRequest, StopReason } from '../engine-protocol';
import { jsonSchemaToGbnf } from '../json-grammar';

export interface AdapterCapabilities {
  /** Takes a GBNF grammar. */
  readonly grammar: boolean;
  /** Constrains output to a JSON schema. */
  readonly jsonSchema: boolean;
  /** Reuses a prompt prefix it evaluated before. */
  readonly prefixCache: boolean;
  /** Says how many prompt tokens came from its cache. */
  readonly reportsCache: boolean;
  /** A request can ask for a slot, so one document's prefix stays in one slot's cache. */
  readonly slotPinning: boolean;
  /** Counts tokens with the model's tokenizer (else counts are estimated on the high side). */
  readonly tokenizer: boolean;
}

/** What a streamed answer said so far. */
export interface StreamState {
  text: string;
  stopReason?: StopReason;
  tokensIn?: number;
  tokensCached?: number;
  tokensOut?: number;
  prefillMs?: number;
}

export type JsonCall = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

export interface ServerModelDescription {
  /** The model's name on the server. */
  readonly name: string;
  /** Tokens of context one request may use. */
  readonly contextSize: number;
}

export interface ServerAdapter {
  readonly type: ServerType;
  readonly capabilities: AdapterCapabilities;
  readonly streamFormat: 'sse' | 'ndjson';
  describe(call: JsonCall, model: string): Promise<ServerModelDescription>;
  /** The streamed request for one generation; `slot` when the adapter pins slots. */
  generation(call: JsonCall, request: GenerateRequest, model: ServerModelDescription, slot: number | undefined): Promise<{ readonly path: string; readonly body: unknown }>;
  /** Folds one streamed event into `state`; returns the text it added. */
  readEvent(event: unknown, state: StreamState): string;
  countText(call: JsonCall, model: string, text: string): Promise<number>;
  countMessages(call: JsonCall, model: string, messages: readonly ChatMessage[]): Promise<number>;
}

// --- reading JSON answers ---------------------------------------------------------------------

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function bad(what: string): EngineError {
  return new EngineError('server_error', `The inference server's answer is not what its API returns (${what}).`);
}

function stopOf(reason: unknown): StopReason | undefined {
  if (reason === 'length' || reason === 'limit') return 'max_tokens';
  if (reason === 'stop' || reason === 'eos' || reason === 'word') return 'eos';
  return undefined;
}

/** OpenAI-style chat streaming (llama-server and vLLM): choices[0].delta.content, then usage. */
function readChatChunk(event: unknown, state: StreamState): string {
  const chunk = obj(event);
  if (chunk['error'] !== undefined) throw new EngineError('server_error', `The inference server failed mid-answer: ${JSON.stringify(chunk['error']).slice(0, 200)}`);
  const choices = chunk['choices'];
  if (!Array.isArray(choices)) throw bad('no choices');
  let added = '';
  const choice = obj(choices[0]);
  const content = obj(choice['delta'])['content'];
  if (typeof content === 'string') added = content;
  const stop = stopOf(choice['finish_reason']);
  if (stop) state.stopReason = stop;
  const usage = obj(chunk['usage']);
  state.tokensIn = num(usage['prompt_tokens']) ?? state.tokensIn;
  state.tokensOut = num(usage['completion_tokens']) ?? state.tokensOut;
  const cached = num(obj(usage['prompt_tokens_details'])['cached_tokens']);
  if (cached !== undefined) state.tokensCached = cached;
  // llama-server's own timings: cache_n is the prompt tokens its slot already held.
  const timings = obj(chunk['timings']);
  if (num(timings['cache_n']) !== undefined) state.tokensCached = num(timings['cache_n']);
  if (num(timings['prompt_ms']) !== undefined) state.prefillMs = num(timings['prompt_ms']);
  if (num(timings['predicted_n']) !== undefined) state.tokensOut = num(timings['predicted_n']);
  if (num(timings['prompt_n']) !== undefined && num(timings['cache_n']) !== undefined) {
    state.tokensIn = num(timings['prompt_n'])! + num(timings['cache_n'])!;
  }
  state.text += added;
  return added;
}

function chatBase(request: GenerateRequest, model: string): Json {
  if (!request.messages) throw new EngineError('invalid_request', 'A server generation needs chat messages.');
  return {
    ...(model ? { model } : {}),
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    temperature: request.temperature ?? 0,
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
  };
}

// --- llama-server ------------------------------------------------------------------------------

const llamaServer: ServerAdapter = {
  type: 'llama-server',
  capabilities: { grammar: true, jsonSchema: true, prefixCache: true, reportsCache: true, slotPinning: true, tokenizer: true },
  streamFormat: 'sse',
  async describe(call, model) {
    const props = obj(await call('GET', '/props'));
    const settings = obj(props['default_generation_settings']);
    const contextSize = num(settings['n_ctx']) ?? num(obj(settings['params'])['n_ctx']);
    if (!contextSize) throw bad('/props has no n_ctx');
    const path = typeof props['model_path'] === 'string' ? props['model_path'] : '';
    return { name: model || path.split(/[\\/]/).pop() || 'llama-server model', contextSize };
  },
  // /completion on the prompt the server's own chat template renders (/apply-template): there a
  // grammar is the caller's alone (the chat endpoint would feed its generation prompt into it),
  // and the answer says how many prompt tokens the slot already held (tokens_cached).
  async generation(call, request, _model, slot) {
    let prompt = request.prompt;
    if (request.messages) {
      const rendered = obj(await call('POST', '/apply-template', { messages: request.messages }));
      if (typeof rendered['prompt'] !== 'string') throw bad('/apply-template has no prompt');
      prompt = rendered['prompt'];
    }
    if (prompt === undefined) throw new EngineError('invalid_request', 'A generation needs messages or a prompt.');
    const body: Json = {
      prompt,
      stream: true,
      cache_prompt: true,
      temperature: request.temperature ?? 0,
      ...(request.maxTokens !== undefined ? { n_predict: request.maxTokens } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(slot !== undefined ? { id_slot: slot } : {}),
    };
    if (request.jsonSchema) {
      // The same compact grammar the local engine uses (cheaper per token than a generic one);
      // the server converts the schema itself when the grammar writer does not cover it.
      const grammar = jsonSchemaToGbnf(request.jsonSchema);
      if (grammar) body['grammar'] = grammar;
      else body['json_schema'] = request.jsonSchema;
    }
    return { path: '/completion', body };
  },
  readEvent(event, state) {
    const chunk = obj(event);
    if (chunk['error'] !== undefined) throw new EngineError('server_error', `llama-server failed mid-answer: ${JSON.stringify(chunk['error']).slice(0, 200)}`);
    if (typeof chunk['content'] !== 'string' && chunk['stop'] === undefined) throw bad('no content');
    const added = typeof chunk['content'] === 'string' ? chunk['content'] : '';
    if (chunk['stop'] === true) {
      state.stopReason = stopOf(chunk['stop_type']) ?? 'eos';
      const timings = obj(chunk['timings']);
      // cache_n: prompt tokens the slot already held (tokens_cached in older servers).
      state.tokensCached = num(timings['cache_n']) ?? num(chunk['tokens_cached']);
      state.prefillMs = num(timings['prompt_ms']);
      state.tokensOut = num(timings['predicted_n']) ?? num(chunk['tokens_predicted']);
      const evaluated = num(timings['prompt_n']);
      state.tokensIn = evaluated !== undefined ? evaluated + (state.tokensCached ?? 0) : num(chunk['tokens_evaluated']);
    }
    state.text += added;
    return added;
  },
  async countText(call, _model, text) {
    const answer = obj(await call('POST', '/tokenize', { content: text, add_special: false, parse_special: false }));
    if (!Array.isArray(answer['tokens'])) throw bad('/tokenize has no tokens');
    return answer['tokens'].length;
  },
  async countMessages(call, _model, messages) {
    const rendered = obj(await call('POST', '/apply-template', { messages }));
    if (typeof rendered['prompt'] !== 'string') throw bad('/apply-template has no prompt');
    const answer = obj(await call('POST', '/tokenize', { content: rendered['prompt'], add_special: true, parse_special: true }));
    if (!Array.isArray(answer['tokens'])) throw bad('/tokenize has no tokens');
    return answer['tokens'].length;
  },
};

// --- vLLM --------------------------------------------------------------------------------------

const vllm: ServerAdapter = {
  type: 'vllm',
  // Automatic prefix caching shares prefixes across all sequences; there are no slots to pin.
  capabilities: { grammar: true, jsonSchema: true, prefixCache: true, reportsCache: true, slotPinning: false, tokenizer: true },
  streamFormat: 'sse',
  async describe(call, model) {
    const list = obj(await call('GET', '/v1/models'));
    const data = Array.isArray(list['data']) ? list['data'].map(obj) : [];
    const entry = data.find((m) => m['id'] === model) ?? (model ? undefined : data[0]);
    if (!entry) throw new EngineError('server_error', `The vLLM server does not serve a model named "${model}".`);
    const contextSize = num(entry['max_model_len']);
    if (!contextSize) throw bad('/v1/models has no max_model_len');
    return { name: String(entry['id']), contextSize };
  },
  async generation(_call, request, model) {
    const body = chatBase(request, model.name);
    if (request.jsonSchema) body['response_format'] = { type: 'json_schema', json_schema: { name: 'answer', schema: request.jsonSchema, strict: true } };
    return { path: '/v1/chat/completions', body };
  },
  readEvent: readChatChunk,
  async countText(call, model, text) {
    const answer = obj(await call('POST', '/tokenize', { model, prompt: text, add_special_tokens: false }));
    const count = num(answer['count']);
    if (count === undefined) throw bad('/tokenize has no count');
    return count;
  },
  async countMessages(call, model, messages) {
    const answer = obj(await call('POST', '/tokenize', { model, messages, add_generation_prompt: true }));
    const count = num(answer['count']);
    if (count === undefined) throw bad('/tokenize has no count');
    return count;
  },
};

// --- Ollama ------------------------------------------------------------------------------------

/** Ollama sizes the context per request and reloads the model when it changes: one size, always. */
const OLLAMA_MAX_CONTEXT = 8192;

/** Ollama has no tokenizer endpoint: about one token per 3 bytes is on the high side for English. */
function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}

const ollama: ServerAdapter = {
  type: 'ollama',
  capabilities: { grammar: false, jsonSchema: true, prefixCache: true, reportsCache: false, slotPinning: false, tokenizer: false },
  streamFormat: 'ndjson',
  async describe(call, model) {
    if (!model) throw new EngineError('invalid_request', 'Ollama needs the model name.');
    const show = obj(await call('POST', '/api/show', { model }));
    const info = obj(show['model_info']);
    const trained = Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1];
    return { name: model, contextSize: Math.min(OLLAMA_MAX_CONTEXT, num(trained) ?? OLLAMA_MAX_CONTEXT) };
  },
  async generation(_call, request, model) {
    if (!request.messages) throw new EngineError('invalid_request', 'A server generation needs chat messages.');
    return {
      path: '/api/chat',
      body: {
        model: model.name,
        messages: request.messages,
        stream: true,
        ...(request.jsonSchema ? { format: request.jsonSchema } : {}),
        options: {
          temperature: request.temperature ?? 0,
          num_ctx: model.contextSize,
          ...(request.maxTokens !== undefined ? { num_predict: request.maxTokens } : {}),
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
        },
      },
    };
  },
  readEvent(event, state) {
    const chunk = obj(event);
    if (typeof chunk['error'] === 'string') throw new EngineError('server_error', `Ollama failed mid-answer: ${chunk['error'].slice(0, 200)}`);
    const content = obj(chunk['message'])['content'];
    const added = typeof content === 'string' ? content : '';
    if (chunk['done'] === true) {
      state.stopReason = stopOf(chunk['done_reason']) ?? 'eos';
      state.tokensIn = num(chunk['prompt_eval_count']) ?? state.tokensIn;
      state.tokensOut = num(chunk['eval_count']) ?? state.tokensOut;
      const ns = num(chunk['prompt_eval_duration']);
      if (ns !== undefined) state.prefillMs = ns / 1e6;
    } else if (chunk['message'] === undefined) throw bad('no message');
    state.text += added;
    return added;
  },
  async countText(_call, _model, text) {
    return estimateTokens(text);
  },
  async countMessages(_call, _model, messages) {
    // A few tokens of template around each message.
    return messages.reduce((n, m) => n + estimateTokens(m.content) + 8, 8);
  },
};

export const SERVER_ADAPTERS: Readonly<Record<ServerType, ServerAdapter>> = { 'llama-server': llamaServer, vllm, ollama };
