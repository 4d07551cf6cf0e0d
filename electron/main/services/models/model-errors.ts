// Maps what the model services meet (engine errors, file system errors) onto the shared
// error codes. Plain Node: no electron, no node-llama-cpp.
import { AppError, type ErrorCode } from '../../../../shared/errors';
import { EngineError } from '../llm/engine-error';

export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof EngineError) return new AppError(err.code satisfies ErrorCode, err.message);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError('not_found', (err as Error).message);
  if (code === 'ENOSPC') return new AppError('io_error', 'The disk is full.');
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new AppError('io_error', (err as Error).message);
  return new AppError('internal', err instanceof Error ? err.message : String(err));
}
