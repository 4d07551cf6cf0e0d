// The shared inference server's settings, for the header (which says plainly when documents go
// to another host), the Models screen (where it is set) and the run panels (which say it on
// every run). Loads `server:getSettings` once; `save` stores a change and shows the result.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { InferenceServerPatch, InferenceServerView } from '../../../../shared/inference-server';
import { call } from '../../ipc/api';
import './ServerNotice.css';

export interface InferenceServer {
  /** null until loaded. */
  readonly view: InferenceServerView | null;
  save(patch: InferenceServerPatch): Promise<InferenceServerView>;
}

const Context = createContext<InferenceServer>({ view: null, save: () => Promise.reject(new Error('no provider')) });

export function InferenceServerProvider({ children }: { readonly children: ReactNode }) {
  const [view, setView] = useState<InferenceServerView | null>(null);
  useEffect(() => {
    let live = true;
    call('server:getSettings', {}).then(
      (v) => live && setView(v),
      () => undefined, // the header simply shows nothing; the Models screen reports errors on save
    );
    return () => {
      live = false;
    };
  }, []);
  const save = useCallback(async (patch: InferenceServerPatch) => {
    const next = await call('server:setSettings', patch);
    setView(next);
    return next;
  }, []);
  const value = useMemo(() => ({ view, save }), [view, save]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useInferenceServer(): InferenceServer {
  return useContext(Context);
}

/** The host a run's documents went to, from its stored settings (null: this computer). */
export function runServerHost(settings: Readonly<Record<string, unknown>> | undefined): string | null {
  if (settings?.['engine'] !== 'server' || typeof settings['server'] !== 'string') return null;
  return /^[a-z]+:\/\/([^/?#]+)/i.exec(settings['server'])?.[1] ?? settings['server'];
}

/**
 * The line every run panel shows: where this run's document is (or was) sent. A finished run
 * says where it went; a run not yet stored says where the current setting sends it.
 */
export function ServerNotice({ settings }: { readonly settings?: Readonly<Record<string, unknown>> | undefined }) {
  const { view } = useInferenceServer();
  const sentTo = runServerHost(settings);
  const host = sentTo ?? (settings?.['engine'] === 'local' ? null : view?.sendsDocumentsTo ?? null);
  if (!host) return null;
  return (
    <p className="server-notice" role="note" data-testid="run-server-notice">
      {sentTo ? `This run sent the document's text to the inference server at ${host}.` : `Runs send the document's text to the inference server at ${host}.`}
    </p>
  );
}
