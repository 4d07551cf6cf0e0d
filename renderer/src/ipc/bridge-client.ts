// AbstractorApi over the loopback HTTP bridge: calls are POSTs whose bodies use the wire
// codec, events arrive on one Server-Sent Events stream. Transport objects are injected
// (fetch, EventSource), so this module has no DOM globals and is unit-tested in Node.
import type { AbstractorApi } from '../../../shared/api';
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from '../../../shared/contract';
import type { AppErrorData, Envelope } from '../../../shared/errors';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../../shared/wire';

export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<FetchResponseLike>;

export interface MessageEventLike {
  readonly data: unknown;
}

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  removeEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  close(): void;
}

export interface BridgeClientOptions {
  readonly token: string;
  /** Origin of the bridge; '' means the page's own origin (the bridge serves the page). */
  readonly baseUrl?: string;
  readonly fetch: FetchLike;
  readonly createEventSource: (url: string) => EventSourceLike;
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
  const listeners = new Map<string, Set<AnyListener>>();
  const forwarders = new Map<string, (event: MessageEventLike) => void>();
  let source: EventSourceLike | null = null;
  let hadError = false;

  function dispatch(name: string, payload: unknown): void {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`Listener for ${name} failed`, err);
      }
    }
  }

  function forward(name: string, source_: EventSourceLike): void {
    const forwarder = (event: MessageEventLike) => {
      if (typeof event.data !== 'string') return;
      let payload: unknown;
      try {
        payload = decodeWire(event.data);
      } catch {
        console.warn(`Ignoring a malformed ${name} event`);
        return;
      }
      dispatch(name, payload);
    };
    forwarders.set(name, forwarder);
    source_.addEventListener(name, forwarder);
  }

  function ensureSource(): EventSourceLike {
    if (source) return source;
    const opened = options.createEventSource(`${base}${BRIDGE_PATHS.events}?token=${encodeURIComponent(options.token)}`);
    source = opened;
    // EventSource reconnects by itself; events sent while it was away are lost, so tell
    // listeners that documents may have changed once it is back.
    opened.addEventListener('error', () => {
      hadError = true;
    });
    opened.addEventListener('open', () => {
      if (!hadError) return;
      hadError = false;
      dispatch('documents:changed', { ids: [] });
    });
    for (const name of listeners.keys()) forward(name, opened);
    return opened;
  }

  return {
    transport: 'bridge',

    async invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<Envelope<CallResponse<N>>> {
      let response: FetchResponseLike;
      try {
        response = await options.fetch(`${base}${BRIDGE_PATHS.call(name)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
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
        if (source) forward(name, source);
      }
      set.add(listener as AnyListener);
      ensureSource();
      return () => {
        set.delete(listener as AnyListener);
      };
    },

    close(): void {
      if (!source) return;
      for (const [name, forwarder] of forwarders) source.removeEventListener(name, forwarder);
      forwarders.clear();
      source.close();
      source = null;
    },
  };
}
