// A path that a caller typed (the CLI, the bridge, a dialog's answer), made absolute. A NUL
// character names no file on any system, and Node's fs throws a TypeError on it rather than an
// errno error, so it is refused here as a bad request instead of surfacing as an internal error.
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export function resolveGivenPath(given: string): string {
  if (given.includes('\0')) throw new AppError('invalid_request', 'A path cannot contain a NUL character.');
  return path.resolve(given);
}
