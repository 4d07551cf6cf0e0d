// The messages between the engine host (main process, CLI, tests) and the engine process that
// owns node-llama-cpp. Plain data only: every message survives structured clone (Electron
// utilityProcess) and JSON (child_process.fork IPC). Imports nothing: no Node, no electron.

/** Codes the host and engine use; the app maps them onto the shared error union. */
export const ENGINE_ERROR_CODES = [
  'engine_crashed', // the engine process exited (native crash, OOM, killed) with work in flight
  'engine_disposed', // the host was disposed
  'not_found', // the model file does not exist or cannot be read
  'not_gguf', // the file is not a GGUF model
  'unsupported_model', // a GGUF this engine cannot generate text with (architecture, encoder-only, projector, adapter)
  'invalid_adapter', // a LoRA adapter file that is not one, or not for the loaded model
  'model_not_loaded',
  'load_failed',
  'timeout', // load past loadTimeoutMs, or a generation silent past idleGenerationTimeoutMs
  'cancelled',
  'context_overflow', // the prompt does not fit the context window
  'invalid_request',
  // The inference-server engine (services/llm/server): see shared/errors.ts.
  'server_unreachable',
  'server_busy',
  'server_auth',
  'server_error',
  'server_redirect',
  'invalid_output',
  'internal',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/**
 * One generation. Give `messages` (rendered with the model's chat template) or a raw `prompt`.
 * For prefix reuse put the long, shared part first (the document) and what varies last (the
 * question): the engine keeps one context sequence and only evaluates tokens after the longest
 * prefix it already holds.
 */
export interface GenerateRequest {
  readonly requestId: string;
  readonly messages?: readonly ChatMessage[];
  readonly prompt?: string;
  /** A JSON schema (node-llama-cpp's GBNF subset); output is constrained to match it. */
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
  readonly maxTokens?: number;
  /** 0 (the default) is greedy decoding: the same input gives the same output. */
  readonly temperature?: number;
  readonly seed?: number;
}

export type StopReason = 'eos' | 'max_tokens' | 'stop_trigger';

export interface GenerateTimings {
  /** Waiting in the engine queue behind other work. */
  readonly queuedMs: number;
  /** Evaluating the prompt tokens not already cached. */
  readonly prefillMs: number;
  /** From the start of work to the first generated token. */
  readonly firstTokenMs: number;
  readonly totalMs: number;
}

export interface GenerateResult {
  readonly requestId: string;
  readonly text: string;
  readonly stopReason: StopReason;
  /** Prompt length in tokens. */
  readonly tokensIn: number;
  /** Prompt tokens reused from the KV cache (shared prefix with the previous request). */
  readonly tokensCached: number;
  readonly tokensOut: number;
  /** Answer tokens that the schema fixes (its forced start), read with the prompt instead of generated. */
  readonly tokensForced?: number;
  readonly timings: GenerateTimings;
}

/** A LoRA adapter (GGUF, general.type "adapter") applied on top of the model's weights. */
export interface AdapterOption {
  readonly path: string;
  /** How strongly it applies; 1 (the default) as trained. */
  readonly scale?: number;
}

export interface LoadOptions {
  readonly modelPath: string;
  /** Upper bound; the engine uses less when the model was trained on less. Default 8192. */
  readonly contextSize?: number;
  /** Adapters for the model's context; none by default. Changing them reloads the model. */
  readonly adapters?: readonly AdapterOption[];
}

export interface ModelInfo {
  readonly modelPath: string;
  readonly architecture: string;
  readonly parameters: number;
  readonly sizeBytes: number;
  readonly contextSize: number;
  readonly trainContextSize: number | null;
  readonly chatWrapper: string;
  /** The LoRA adapters applied, as given. */
  readonly adapters: readonly AdapterOption[];
  readonly threads: number;
  readonly gpu: string | false;
  readonly loadMs: number;
}

/**
 * Token counts with the loaded model's tokenizer: each text as plain (non-special) text, and
 * optionally `messages` rendered with the chat template exactly as a generation would see them.
 */
export interface CountRequest {
  readonly requestId: string;
  readonly texts: readonly string[];
  readonly messages?: readonly ChatMessage[];
}

export interface CountResult {
  readonly counts: readonly number[];
  /** Tokens of the rendered `messages`; null when none were given. */
  readonly promptTokens: number | null;
}

export interface EngineInit {
  /**
   * 'auto': the cores llama.cpp finds useful for math (physical cores, not hyperthreads), less
   * one while file work (PDF reading, OCR) runs beside the engine (see `fileWork`).
   */
  readonly threads: number | 'auto';
  /** 'auto' tries GPU backends and falls back to the bundled CPU binary; never builds or downloads. */
  readonly gpu: 'auto' | false;
}

/**
 * One line of the engine's request log: what it did, in the order it did it. A generation is
 * `start`, its `prefill` slices and `tokens` batches, then `end`; loads and counts are one line.
 */
export interface RequestLogEntry {
  readonly seq: number;
  readonly requestId: string;
  readonly event: 'load' | 'count' | 'start' | 'prefill' | 'tokens' | 'end';
  /** Milliseconds since the engine started. */
  readonly at: number;
  /** Tokens of this slice or batch; the context size of a load. */
  readonly tokens?: number;
  /** How a generation ended: done, or an error code. */
  readonly outcome?: string;
  /** The most compute threads a generation may use, as it starts. */
  readonly threads?: number;
}

export type HostToEngine =
  | { readonly type: 'init'; readonly init: EngineInit }
  | { readonly type: 'load'; readonly requestId: string; readonly options: LoadOptions }
  | { readonly type: 'unload'; readonly requestId: string }
  | { readonly type: 'generate'; readonly request: GenerateRequest }
  | { readonly type: 'count'; readonly request: CountRequest }
  | { readonly type: 'cancel'; readonly requestId: string }
  | { readonly type: 'requestLog'; readonly requestId: string }
  /** File work started or stopped beside the engine: 'auto' threads leave it a core meanwhile. */
  | { readonly type: 'fileWork'; readonly busy: boolean }
  | { readonly type: 'dispose' };

export type EngineToHost =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'loaded'; readonly requestId: string; readonly info: ModelInfo }
  | { readonly type: 'unloaded'; readonly requestId: string }
  /** The engine took the request off its queue; the host's idle timer starts here. */
  | { readonly type: 'started'; readonly requestId: string }
  | { readonly type: 'progress'; readonly requestId: string; readonly prefilled: number; readonly total: number }
  /** Text generated since the previous batch, never the whole text again. */
  | { readonly type: 'tokens'; readonly requestId: string; readonly text: string; readonly count: number }
  | { readonly type: 'done'; readonly result: GenerateResult }
  | { readonly type: 'counted'; readonly requestId: string; readonly result: CountResult }
  | { readonly type: 'requestLog'; readonly requestId: string; readonly entries: readonly RequestLogEntry[] }
  | {
      readonly type: 'error';
      readonly requestId: string;
      readonly code: EngineErrorCode;
      readonly message: string;
    }
  | { readonly type: 'disposed' };

export function isEngineErrorCode(value: unknown): value is EngineErrorCode {
  return typeof value === 'string' && (ENGINE_ERROR_CODES as readonly string[]).includes(value);
}
