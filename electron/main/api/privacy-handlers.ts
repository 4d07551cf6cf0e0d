// The `accessLog:*`, `privacy:*` and `lock:*` calls: the access log (read and CSV only; nothing
// in the API changes or deletes an entry), the privacy settings and the app lock.
import { AppError } from '../../../shared/errors';
import type { Services } from '../services/compose';
import { DEFAULT_PRIVACY_SETTINGS, getPrivacySettings, setPrivacySettings } from '../services/privacy-settings';
import type { AppLock } from './app-lock';
import type { Handlers } from './dispatcher';

type PrivacyCall = Extract<keyof Handlers, `accessLog:${string}` | `privacy:${string}` | `lock:${string}`>;

export function createPrivacyHandlers(services: Services, lock: AppLock | undefined): Pick<Handlers, PrivacyCall> {
  const { accessLog, db } = services;
  const host = () => {
    if (!lock) throw new AppError('unsupported', 'The app lock needs the desktop app or the bridge.');
    return lock;
  };
  return {
    'accessLog:list': (filter) => accessLog.list(filter),
    'accessLog:csv': (filter) => accessLog.csv(filter),
    'privacy:getSettings': () => getPrivacySettings(db),
    'privacy:setSettings': (patch) => {
      const settings = setPrivacySettings(db, patch);
      lock?.settingsChanged();
      return settings;
    },
    'lock:state': () => lock?.state() ?? { locked: false, unlockWith: 'confirm', lockAfterSeconds: DEFAULT_PRIVACY_SETTINGS.lockAfterSeconds },
    'lock:lock': () => host().lock(),
    'lock:unlock': ({ passphrase }) => host().unlock(passphrase),
    'lock:activity': () => {
      lock?.activity();
      return { locked: lock?.isLocked ?? false };
    },
  };
}
