// The renderer's one door to the backend. Uses the preload's `window.abstractor` in
// Electron, or installs the HTTP bridge client in a plain browser. `call` unwraps the
// envelope: it returns the data or throws an AppError carrying the envelope's code.
import { useEffect, useRef } from 'react';
import type { AbstractorApi } from '../../../shared/api';
import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createBridgeClient } from './bridge-client';
import { takeBridgeToken } from './bridge-token';

function installBridgeClient(): AbstractorApi {
  const token = takeBridgeToken({
    hash: window.location.hash,
    storage: safeSessionStorage(),
    stripHash: () => {
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, '', pathname + search);
    },
  });
  const client = createBridgeClient({
    token: token ?? '',
    fetch: (url, init) => window.fetch(url, init),
  });
  window.abstractor = client;
  return client;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

let resolved: AbstractorApi | null = null;

export function getApi(): AbstractorApi {
  resolved ??= window.abstractor ?? installBridgeClient();
  return resolved;
}

export async function call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> {
  const envelope = await getApi().invoke(name, request);
  if (envelope.ok) return envelope.data;
  throw new AppError(envelope.error.code, envelope.error.message);
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function errorCode(err: unknown): string | null {
  return err instanceof AppError ? err.code : null;
}

/** Subscribes for the component's lifetime; the latest `listener` is always the one called. */
export function useAbstractorEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => getApi().on(name, (payload) => latest.current(payload)), [name]);
}
