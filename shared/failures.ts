// What a failure means to the person who hit it: a short name in words (never the code) and
// the one action that can help. Shared: the job queue uses the same rule not to retry what
// cannot succeed, and the screens use it to offer only an action that can help.
import type { ErrorCode } from './errors';

/** A retry reads the same bytes again: these fail the same way every time. */
const RETRY_CANNOT_HELP: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'not_pdf',
  'empty_file',
  'corrupt_pdf',
  'empty_pdf',
  'unsupported_pdf',
  // A retry without the password fails again; the file needs "Enter password".
  'password_required',
  'password_incorrect',
]);

export const PASSWORD_CODES: readonly ErrorCode[] = ['password_required', 'password_incorrect'];

/** Error codes a plain retry can never fix, for the job store's query. */
export const UNRETRYABLE_CODES: readonly ErrorCode[] = [...RETRY_CANNOT_HELP];

export function canRetry(code: ErrorCode | string | null | undefined): boolean {
  return !RETRY_CANNOT_HELP.has(code as ErrorCode);
}

/** The action that can help: the password, another try, or only removing the file. */
export type Remedy = 'password' | 'retry' | 'remove';

export function remedyFor(code: ErrorCode | string | null | undefined): Remedy {
  if ((PASSWORD_CODES as readonly string[]).includes(code ?? '')) return 'password';
  return canRetry(code) ? 'retry' : 'remove';
}

const NAMES: Partial<Record<ErrorCode, string>> = {
  not_pdf: 'Not a PDF',
  empty_file: 'Empty file',
  corrupt_pdf: 'Damaged PDF',
  empty_pdf: 'PDF without pages',
  unsupported_pdf: 'PDF of a kind that cannot be read',
  password_required: 'Needs a password',
  password_incorrect: 'Wrong password',
  timeout: 'Took too long',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  io_error: 'Could not read the file',
  ocr_failed: 'Scanned pages could not be read',
  no_model: 'No model chosen',
  model_not_loaded: 'The model is not loaded',
  load_failed: 'The model could not be loaded',
  engine_crashed: 'The model stopped unexpectedly',
  context_overflow: 'Too long for the model',
  server_unreachable: 'Inference server unreachable',
  server_busy: 'Inference server busy',
  server_auth: 'Inference server refused the key',
  server_error: 'Inference server error',
  server_redirect: 'Inference server redirected elsewhere',
  invalid_output: 'Model output broke the schema',
};

/** A short name for the failure, in words ("Not a PDF"); "Failed" for the rest. */
export function failureName(code: ErrorCode | string | null | undefined): string {
  return NAMES[code as ErrorCode] ?? 'Failed';
}
