// Validates a call against the contract, runs its handler, and wraps the result in an
// envelope. IPC and the bridge both go through here, so every transport checks the same.
import { calls, isCallName, type CallName, type CallRequestParsed, type CallResponse } from '../../../shared/contract';
import { AppError, toErrorData, type Envelope } from '../../../shared/errors';

export type Handlers = {
  readonly [N in CallName]: (request: CallRequestParsed<N>) => Promise<CallResponse<N>> | CallResponse<N>;
};

export type Dispatch = (name: string, payload: unknown) => Promise<Envelope<unknown>>;

export interface DispatcherOptions {
  /** Also validate responses: on in development and tests, where a drift should fail loudly. */
  readonly checkResponses?: boolean;
  readonly onInternalError?: (name: string, err: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (name, payload) => {
    if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `Unknown call "${name}".` } };
    const spec = calls[name];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_request', message: describeIssues(name, parsed.error.issues) } };
    }
    try {
      const handler = handlers[name] as (req: unknown) => Promise<unknown> | unknown;
      const data = await handler(parsed.data);
      if (options.checkResponses) spec.response.parse(data);
      return { ok: true, data };
    } catch (err) {
      if (!(err instanceof AppError)) options.onInternalError?.(name, err);
      return { ok: false, error: toErrorData(err) };
    }
  };
}

function describeIssues(name: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const details = issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`)
    .join('; ');
  return `Invalid request for ${name}: ${details}`;
}
