// The shape of `window.abstractor`: the preload builds it over IPC, the browser build
// over the loopback bridge. The renderer uses nothing else to reach the backend.
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from './contract';
import type { Envelope } from './errors';
import type { PathHandleData } from './paths';

export interface AbstractorApi {
  readonly transport: 'ipc' | 'bridge';
  invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<Envelope<CallResponse<N>>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Desktop app only: a handle for a file or folder the user dropped on the window, to send in
   * place of its path; null for a File that is not on disk. The bridge has none (paths are typed).
   */
  readonly handleForDroppedFile?: (file: object) => Promise<Envelope<PathHandleData>>;
}
