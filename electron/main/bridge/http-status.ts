// The HTTP status of a bridge answer, from its envelope: the body always carries the envelope
// (the client reads the code from it), the status tells HTTP tools and tests what happened.
// A refusal is a 4xx; only `internal` (a bug) is a 500; an engine that went away is a 503.
// io_error stays a 4xx: it nearly always names a path the caller gave that cannot be read.
import type { Envelope, ErrorCode } from '../../../shared/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_request: 400,
  forbidden: 403,
  path_not_allowed: 403,
  wrong_passphrase: 403,
  not_found: 404,
  unknown_call: 404,
  archive_in_use: 409,
  archive_locked: 423,
  app_locked: 423,
  cancelled: 409,
  interrupted: 409,
  engine_crashed: 503,
  engine_disposed: 503,
  internal: 500,
};

/** 200 for a result; the code's status for an error, 422 (a valid request that cannot be done) by default. */
export function httpStatusOf(envelope: Envelope<unknown>): number {
  return envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 422);
}
