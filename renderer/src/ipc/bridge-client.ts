// AbstractorApi over the loopback HTTP bridge: calls are POSTs whose bodies use the wire
// codec, events arrive on one Server-Sent Events stream read through fetch (the token goes in
// the Authorization header, which EventSource cannot send). fetch is injected, so this module
// has no DOM globals and is unit-tested in Node.
import type { AbstractorApi } from '../../../shared/api';
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from '../../../shared/contract';
import type { AppErrorData, Envelope } from '../../../shared/errors';
import { SseParser, type SseEvent } from '../../../shared/sse';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../../shared/wire';

export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  /** The body as it arrives (the event stream reads it chunk by chunk). */
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export interface FetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

export interface BridgeClientOptions {
  readonly token: string;
  /** Origin of the bridge; '' means the page's own origin (the bridge serves the page). */
  readonly baseUrl?: string;
  readonly fetch: FetchLike;
  /** Wait before reconnecting a dropped event stream; doubles per failure up to 10 times. */
  readonly reconnectDelayMs?: number;
}

export interface BridgeClient extends AbstractorApi {
  /** Closes the event stream; later `on` calls reopen it. */
  close(): void;
}

type AnyListener = (payload: unknown) => void;

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'data' in v;
  if (v.ok !== false || !v.error || typeof v.error !== 'object') return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

function failure(error: AppErrorData): Envelope<never> {
  return { ok: false, error };
}

/** Turns an HTTP response into an envelope; the bridge answers errors with an envelope too. */
export function envelopeFromResponse(status: number, body: string): Envelope<unknown> {
  let decoded: unknown;
  try {
    decoded = decodeWire(body);
  } catch {
    decoded = undefined;
  }
  if (isEnvelope(decoded)) return decoded;
  if (status === 401 || status === 403) {
    return failure({
      code: 'forbidden',
      message: 'The bridge refused this page. Open the link printed by the server (it carries the access token).',
    });
  }
  if (status === 404) return failure({ code: 'unknown_call', message: `The bridge does not know this call (HTTP ${status}).` });
  return failure({ code: 'internal', message: `Unexpected answer from the bridge (HTTP ${status}).` });
}

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const base = options.baseUrl ?? '';
  const auth = { Authorization: `Bearer ${options.token}` };
  const listeners = new Map<string, Set<AnyListener>>();
  let stream: AbortController | null = null;

  function dispatch(name: string, payload: unknown): void {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`Listener for ${name} failed`, err);
      }
    }
  }

  function deliver({ event, data }: SseEvent): void {
    if (!listeners.has(event)) return;
    let payload: unknown;
    try {
      payload = decodeWire(data);
    } catch {
      console.warn(`Ignoring a malformed ${event} event`);
      return;
    }
    dispatch(event, payload);
  }

  /** Reads the event stream until closed, reconnecting after a drop (EventSource cannot send the token header). */
  async function runStream(signal: AbortSignal): Promise<void> {
    const delay = options.reconnectDelayMs ?? 1000;
    let failures = 0;
    let lost = false;
    while (!signal.aborted) {
      try {
        const res = await options.fetch(`${base}${BRIDGE_PATHS.events}`, { method: 'GET', headers: { ...auth, Accept: 'text/event-stream' }, signal });
        if (res.status === 401 || res.status === 403) {
          // A refused token stays refused: retrying would only repeat it.
          console.error('The bridge refused the event stream; open the link printed by the server.');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        failures = 0;
        // Events sent while the stream was away are lost: tell listeners documents may have changed.
        if (lost) dispatch('documents:changed', { ids: [] });
        lost = false;
        const parser = new SseParser(deliver);
        const decoder = new TextDecoder();
        const reader = res.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        // Dropped or unreachable: reconnect below, unless closed.
      }
      if (signal.aborted) return;
      lost = true;
      await sleep(delay * 2 ** Math.min(failures++, 10), signal);
    }
  }

  function ensureStream(): void {
    if (stream) return;
    stream = new AbortController();
    void runStream(stream.signal);
  }

  return {
    transport: 'bridge',

    async invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<Envelope<CallResponse<N>>> {
      let response: FetchResponseLike;
      try {
        response = await options.fetch(`${base}${BRIDGE_PATHS.call(name)}`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: encodeWire(request),
        });
      } catch (err) {
        return failure({
          code: 'io_error',
          message: `Cannot reach the Abstractor backend: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
      const body = await response.text();
      return envelopeFromResponse(response.status, body) as Envelope<CallResponse<N>>;
    },

    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as AnyListener);
      ensureStream();
      return () => {
        set.delete(listener as AnyListener);
      };
    },

    close(): void {
      stream?.abort();
      stream = null;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
