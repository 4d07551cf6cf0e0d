// HTTP to the one inference server the user entered. Every request goes to that origin and
// nowhere else: paths are joined onto the base URL and checked, and redirects are refused,
// never followed (a redirect could send documents to another host). Failures become
// EngineErrors with codes a run can store; `withRetries` retries the ones that can pass.
// Plain Node (global fetch).
import { EngineError } from '../engine-error';
import type { EngineErrorCode } from '../engine-protocol';

export interface ServerEndpoint {
  /** The base URL as entered (http(s)://host[:port][/prefix]). */
  readonly url: string;
  readonly apiKey?: string;
}

export interface RequestLimits {
  readonly signal?: AbortSignal;
  /** Longest wait for the answer's headers (a generation waits in the server's queue first). */
  readonly headersTimeoutMs: number;
  /** Longest silence while the answer streams in. */
  readonly idleTimeoutMs: number;
}

/** The request URL for `path` under the base URL; throws unless it stays on the base's origin. */
export function endpointUrl(endpoint: ServerEndpoint, path: string): URL {
  const base = new URL(endpoint.url);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const url = new URL(path.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) throw new EngineError('server_redirect', `Refusing to contact ${url.origin}: only ${base.origin} was entered.`);
  return url;
}

/** Codes a later attempt can clear: the server was down, busy or slow. */
const RETRYABLE: ReadonlySet<EngineErrorCode> = new Set(['server_unreachable', 'server_busy', 'timeout']);

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Runs `fn` again after a retryable failure, backing off (or as long as Retry-After asks, within bounds). */
export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof EngineError) || !RETRYABLE.has(err.code) || attempt >= policy.attempts || signal?.aborted) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const asked = err instanceof ServerHttpError && err.retryAfterMs !== undefined ? Math.min(policy.maxDelayMs, err.retryAfterMs) : 0;
      await sleep(Math.max(backoff, asked), signal);
    }
  }
}

/** An HTTP answer that is an error; carries Retry-After for the retry loop. */
export class ServerHttpError extends EngineError {
  constructor(
    code: EngineErrorCode,
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new EngineError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One request; `onChunk` gets the body as it arrives (each chunk resets the idle timer). Resolves
 * once the body has ended. Throws EngineError: cancelled, timeout, server_unreachable,
 * server_redirect, server_busy (429/503), server_auth (401/403), context_overflow, server_error.
 */
export async function request(
  endpoint: ServerEndpoint,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  limits: RequestLimits,
  onChunk: (text: string) => void,
): Promise<void> {
  const url = endpointUrl(endpoint, path);
  const controller = new AbortController();
  let timedOut: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, what: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = what;
      controller.abort();
    }, ms);
  };
  const onAbort = (): void => controller.abort();
  limits.signal?.addEventListener('abort', onAbort, { once: true });
  if (limits.signal?.aborted) controller.abort();
  const fail = (err: unknown): EngineError => {
    if (err instanceof EngineError) return err;
    if (limits.signal?.aborted) return new EngineError('cancelled', 'The request was cancelled.');
    if (timedOut) return new EngineError('timeout', `The inference server at ${url.host} ${timedOut}.`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return new EngineError('server_unreachable', `The inference server at ${url.host} cannot be reached (${why}).`);
  };
  try {
    arm(limits.headersTimeoutMs, `did not answer within ${limits.headersTimeoutMs} ms`);
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream, application/x-ndjson' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (endpoint.apiKey) headers['authorization'] = `Bearer ${endpoint.apiKey}`;
    const response = await fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
      signal: controller.signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const to = response.headers.get('location');
      throw new ServerHttpError('server_redirect', `The inference server at ${url.host} redirected to ${to ?? 'another address'}; redirects are not followed (only the host you entered is contacted).`, response.status);
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 500);
      throw httpError(url, response.status, text, response.headers.get('retry-after'));
    }
    arm(limits.idleTimeoutMs, `sent nothing for ${limits.idleTimeoutMs} ms`);
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm(limits.idleTimeoutMs, `sent nothing for ${limits.idleTimeoutMs} ms`);
      onChunk(decoder.decode(value, { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) onChunk(rest);
  } catch (err) {
    throw fail(err);
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', onAbort);
  }
}

function httpError(url: URL, status: number, text: string, retryAfter: string | null): ServerHttpError {
  const detail = serverMessage(text);
  const where = `The inference server at ${url.host}`;
  if (status === 429 || status === 503) {
    const seconds = Number(retryAfter);
    return new ServerHttpError('server_busy', `${where} is busy (HTTP ${status})${detail}.`, status, Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined);
  }
  if (status === 401 || status === 403) return new ServerHttpError('server_auth', `${where} refused the API key (HTTP ${status}).`, status);
  // llama-server and vLLM say so when the prompt is longer than the context.
  if (status === 400 && /context|too long|maximum.*length|exceed/i.test(text)) {
    return new ServerHttpError('context_overflow', `The prompt does not fit the server model's context${detail}.`, status);
  }
  return new ServerHttpError('server_error', `${where} answered HTTP ${status}${detail}.`, status);
}

/** The server's own error message, short, when it sent one. */
function serverMessage(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
    if (typeof message === 'string' && message) return `: ${message.slice(0, 200)}`;
  } catch {
    // not JSON
  }
  return '';
}

/** A whole JSON answer; `server_error` when the body is not JSON. */
export async function requestJson(endpoint: ServerEndpoint, method: 'GET' | 'POST', path: string, body: unknown, limits: RequestLimits): Promise<unknown> {
  let text = '';
  await request(endpoint, method, path, body, limits, (chunk) => (text += chunk));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EngineError('server_error', `The inference server's answer to ${path} is not JSON.`);
  }
}

/**
 * Splits a streamed body into events: Server-Sent Events (`data: …` lines, as OpenAI-style
 * servers stream) or newline-delimited JSON (Ollama). Each event's JSON goes to `onEvent`;
 * `[DONE]` ends an SSE stream. A line that is not JSON is a `server_error`.
 */
export function eventSplitter(format: 'sse' | 'ndjson', onEvent: (event: unknown) => void): { push(text: string): void; end(): void } {
  let buffer = '';
  const line = (raw: string): void => {
    const text = raw.trim();
    if (!text) return;
    let payload = text;
    if (format === 'sse') {
      if (!text.startsWith('data:')) return; // comments, event names, ids
      payload = text.slice(5).trim();
      if (payload === '[DONE]') return;
    }
    let event: unknown;
    try {
      event = JSON.parse(payload);
    } catch {
      throw new EngineError('server_error', 'The inference server streamed something that is not JSON.');
    }
    onEvent(event);
  };
  return {
    push(text) {
      buffer += text;
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        line(buffer.slice(0, at));
        buffer = buffer.slice(at + 1);
      }
    },
    end() {
      line(buffer);
      buffer = '';
    },
  };
}
