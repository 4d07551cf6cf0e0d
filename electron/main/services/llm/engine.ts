// What the model scheduler runs its calls on: the local engine (EngineHost, one model in a child
// process, one call at a time) or a shared inference server (ServerEngine, several slots at once).
// Plain Node: no electron, no node-llama-cpp.
import type { AdapterOption, ChatMessage, CountResult, GenerateRequest, GenerateResult, ModelInfo } from './engine-protocol';
import type { ModelRef } from '../models/model-ref';

export interface TokenBatch {
  readonly text: string;
  readonly count: number;
}

export interface GenerateOptions {
  readonly signal?: AbortSignal;
  readonly onTokens?: (batch: TokenBatch) => void;
  readonly onProgress?: (progress: { readonly prefilled: number; readonly total: number }) => void;
}

export type HostGenerateRequest = Omit<GenerateRequest, 'requestId'> & { readonly requestId?: string };

/** Which engine answered a run: stored with the run (its settings) and shown on it. */
export type EngineIdentity =
  | { readonly engine: 'local' }
  | { readonly engine: 'server'; readonly serverType: string; readonly server: string; readonly serverModel: string };

export interface EngineGenerateOptions extends GenerateOptions {
  /**
   * Calls with the same key share a prefix (one run's document): a server keeps them in one slot
   * so its prompt cache holds that prefix. The local engine has one sequence and ignores it.
   */
  readonly slotKey?: string;
}

interface EngineCommon {
  readonly identity: EngineIdentity;
  /** Model calls this engine runs at once. */
  readonly slots: number;
  readonly modelInfo: ModelInfo | undefined;
  generate(request: HostGenerateRequest, options?: EngineGenerateOptions): Promise<GenerateResult>;
  countTokens(texts: readonly string[], messages?: readonly ChatMessage[]): Promise<CountResult>;
  setFileWork(busy: boolean): void;
  dispose(): Promise<void>;
}

/** A model file loaded on this machine. */
export interface LocalEngine extends EngineCommon {
  readonly kind: 'local';
  loadModel(modelPath: string, options?: { contextSize?: number; adapters?: readonly AdapterOption[] }): Promise<ModelInfo>;
}

/** A model that a server already holds: nothing to load, only to ask what it is. */
export interface RemoteEngine extends EngineCommon {
  readonly kind: 'server';
  /** The server's model as a run records it (no file here; its id names server and model). */
  connect(): Promise<{ readonly model: ModelRef; readonly info: ModelInfo }>;
}

export type Engine = LocalEngine | RemoteEngine;
