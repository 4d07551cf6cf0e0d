// The shape of `window.abstractor`: the preload builds it over IPC, the browser build
// over the loopback bridge. The renderer uses nothing else to reach the backend.
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from './contract';
import type { Envelope } from './errors';

export interface AbstractorApi {
  readonly transport: 'ipc' | 'bridge';
  invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<Envelope<CallResponse<N>>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
