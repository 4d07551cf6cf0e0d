// Error codes that cross every boundary (IPC, bridge, CLI). The UI switches on `code`;
// messages are for people. Shared: no Node, no DOM.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_request',
  'unknown_call',
  'forbidden',
  'path_not_allowed',
  'not_found',
  'password_required',
  'password_incorrect',
  'not_pdf',
  'empty_file',
  'corrupt_pdf',
  'empty_pdf',
  'unsupported_pdf',
  'timeout',
  'ocr_failed',
  'interrupted',
  'cancelled',
  'io_error',
  'archive_from_future',
  'archive_corrupt',
  'archive_in_use',
  /** The archive is encrypted and no key was given (no passphrase, keychain or recovery key). */
  'archive_locked',
  /** The passphrase or recovery key does not open this archive. */
  'wrong_passphrase',
  /** The app is locked (idle or on request): document content waits until it is unlocked. */
  'app_locked',
  'backup_invalid',
  /** A stored file (or backup file) failed its authentication: damaged, truncated or tampered with. */
  'file_damaged',
  'unsupported',
  'no_model',
  'not_gguf',
  'unsupported_model',
  /** A LoRA adapter file that is not one, or was made for another kind of model. */
  'invalid_adapter',
  'model_not_loaded',
  'load_failed',
  'engine_crashed',
  'engine_disposed',
  'context_overflow',
  'download_failed',
  /** The inference server could not be reached (refused, reset, unknown host). */
  'server_unreachable',
  /** The inference server stayed busy (429/503) through every retry. */
  'server_busy',
  /** The inference server refused the API key (401/403). */
  'server_auth',
  /** The inference server answered with an error or with something that is not its API. */
  'server_error',
  /** The inference server answered from (or redirected to) another host: refused, never followed. */
  'server_redirect',
  /** The model's output breaks the JSON schema it was asked for. */
  'invalid_output',
  'internal',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type AppErrorData = Readonly<z.infer<typeof appErrorSchema>>;

/** The one error type handlers throw; anything else is reported as `internal`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): AppErrorData {
    return { code: this.code, message: this.message };
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}

/** What a call returns over any transport: never a stack trace. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

/**
 * An AppError as it is; anything else as `internal` with only its kind. The message of an
 * unexpected error can carry document text (a JSON.parse error quotes the model output it
 * choked on, a library may quote its input), and error data ends up on screens, in the CLI's
 * stderr and in the archive's run and job records: only AppError messages are written for that.
 */
export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  return { code: 'internal', message: `An unexpected error stopped this (${errorKind(err)}). Its details are not shown: they could contain document text.` };
}

/** The kind of an unexpected error, for logs: its class and where it was thrown, never its message. */
export function describeInternalError(err: unknown): string {
  if (!(err instanceof Error)) return errorKind(err);
  const frame = err.stack?.split('\n').find((line) => /^\s+at /.test(line))?.trim();
  return frame ? `${errorKind(err)} ${frame}` : errorKind(err);
}

function errorKind(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
