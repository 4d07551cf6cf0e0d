// A React hook for one backend call whose result a screen shows: loading, data or error,
// with reload. A newer request supersedes an older one still in flight.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import { call, errorCode, errorMessage } from './api';

export type CallState<T> =
  | { readonly status: 'idle'; readonly data: null; readonly error: null; readonly code: null }
  | { readonly status: 'loading'; readonly data: T | null; readonly error: null; readonly code: null }
  | { readonly status: 'ready'; readonly data: T; readonly error: null; readonly code: null }
  | { readonly status: 'error'; readonly data: null; readonly error: string; readonly code: string | null };

export type CallResult<T> = CallState<T> & { reload(): void };

const IDLE = { status: 'idle', data: null, error: null, code: null } as const;

/** Runs `name` with `request` whenever `key` changes; a null request means "nothing to load". */
export function useCall<N extends CallName>(name: N, request: CallRequest<N> | null, key: string): CallResult<CallResponse<N>> {
  const [state, setState] = useState<CallState<CallResponse<N>>>(IDLE);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(request);
  latest.current = request;

  useEffect(() => {
    const req = latest.current;
    if (req === null) {
      setState(IDLE);
      return;
    }
    let live = true;
    // Keep showing the previous data while a reload runs (no flash of a spinner).
    setState((prev) => ({ status: 'loading', data: prev.status === 'ready' || prev.status === 'loading' ? prev.data : null, error: null, code: null }));
    call(name, req).then(
      (data) => live && setState({ status: 'ready', data, error: null, code: null }),
      (err: unknown) => live && setState({ status: 'error', data: null, error: errorMessage(err), code: errorCode(err) }),
    );
    return () => {
      live = false;
    };
  }, [name, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
