// The `server:*` calls: the shared inference server's settings. The key goes in, never out.
import type { Services } from '../services/compose';
import { getServerSettings, serverSettingsView, setServerSettings } from '../services/llm/server/inference-server-settings';
import type { Handlers } from './dispatcher';

type ServerCall = Extract<keyof Handlers, `server:${string}`>;

export function createServerHandlers(services: Services): Pick<Handlers, ServerCall> {
  const { db } = services;
  return {
    'server:getSettings': () => serverSettingsView(getServerSettings(db)),
    'server:setSettings': (patch) => serverSettingsView(setServerSettings(db, patch)),
  };
}
