// The one error type of the LLM service: a stable `code` for callers to switch on and a
// message for people. Plain Node: no electron, no node-llama-cpp.
import type { EngineErrorCode } from './engine-protocol';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }

  static is(value: unknown, code?: EngineErrorCode): value is EngineError {
    return value instanceof EngineError && (code === undefined || value.code === code);
  }
}
