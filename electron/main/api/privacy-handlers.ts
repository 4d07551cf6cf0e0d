// The `accessLog:*` and `privacy:*` calls: the access log (read and CSV only; nothing in the API
// changes or deletes an entry) and the privacy settings.
import type { Services } from '../services/compose';
import { getPrivacySettings, setPrivacySettings } from '../services/privacy-settings';
import type { Handlers } from './dispatcher';

type PrivacyCall = Extract<keyof Handlers, `accessLog:${string}` | `privacy:${string}`>;

export function createPrivacyHandlers(services: Services): Pick<Handlers, PrivacyCall> {
  const { accessLog, db } = services;
  return {
    'accessLog:list': (filter) => accessLog.list(filter),
    'accessLog:csv': (filter) => accessLog.csv(filter),
    'privacy:getSettings': () => getPrivacySettings(db),
    'privacy:setSettings': (patch) => setPrivacySettings(db, patch),
  };
}
