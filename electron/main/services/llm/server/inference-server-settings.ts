// The inference-server settings kept in the archive (settings table): off by default. The API
// key is kept there too (an encrypted archive encrypts it with everything else) and is never
// handed to the screens, only whether one is set. Plain Node: must not import electron.
import { AppError } from '../../../../../shared/errors';
import {
  DEFAULT_INFERENCE_SERVER,
  inferenceServerPatchSchema,
  inferenceServerSettingsSchema,
  serverHost,
  type InferenceServerPatch,
  type InferenceServerSettings,
  type InferenceServerView,
} from '../../../../../shared/inference-server';
import type { Db } from '../../../db/open';
import { deleteSetting, getSetting, setSetting } from '../../settings';

const SETTINGS_KEY = 'inference_server';
const API_KEY_KEY = 'inference_server_api_key';

export interface StoredServerSettings extends InferenceServerSettings {
  readonly apiKey: string;
}

export function getServerSettings(db: Db): StoredServerSettings {
  let settings = DEFAULT_INFERENCE_SERVER;
  const raw = getSetting(db, SETTINGS_KEY);
  if (raw !== null) {
    try {
      const parsed = inferenceServerSettingsSchema.safeParse(JSON.parse(raw));
      // A damaged row never turns the server on: it reads as the default (off).
      if (parsed.success) settings = parsed.data;
    } catch {
      // not JSON: the default
    }
  }
  return { ...settings, apiKey: getSetting(db, API_KEY_KEY) ?? '' };
}

export function serverSettingsView(settings: StoredServerSettings): InferenceServerView {
  const { apiKey, ...rest } = settings;
  return { ...rest, hasApiKey: apiKey !== '', sendsDocumentsTo: settings.enabled ? serverHost(settings.url) : null };
}

/** Stores a change; turning the server on needs its URL (and, but for llama-server, the model name). */
export function setServerSettings(db: Db, patch: InferenceServerPatch): StoredServerSettings {
  const parsed = inferenceServerPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_request', `Invalid inference server setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
  }
  const { apiKey, ...change } = parsed.data;
  const current = getServerSettings(db);
  const { apiKey: _old, ...currentSettings } = current;
  const next: InferenceServerSettings = { ...currentSettings, ...change };
  if (next.enabled && next.url === '') throw new AppError('invalid_request', 'The inference server needs its URL before it can be turned on.');
  if (next.enabled && next.type !== 'llama-server' && next.model === '') {
    throw new AppError('invalid_request', `A ${next.type} server needs the model name before it can be turned on.`);
  }
  db.transaction(() => {
    setSetting(db, SETTINGS_KEY, JSON.stringify(next));
    if (apiKey !== undefined) {
      if (apiKey === '') deleteSetting(db, API_KEY_KEY);
      else setSetting(db, API_KEY_KEY, apiKey);
    }
  })();
  return getServerSettings(db);
}
