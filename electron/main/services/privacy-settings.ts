// The privacy settings kept in the archive: how long the app waits idle before it locks, and
// how long kept archive copies (before-restore, damaged) live before they are erased.
// Plain Node: must not import electron.
import { AppError } from '../../../shared/errors';
import { privacySettingsSchema, type PrivacySettings } from '../../../shared/privacy';
import type { Db } from '../db/open';
import { getIntSetting, setSetting } from './settings';

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = { lockAfterSeconds: 15 * 60, keptCopiesDays: 30 };

const KEYS: Record<keyof PrivacySettings, string> = {
  lockAfterSeconds: 'lock_after_seconds',
  keptCopiesDays: 'kept_copies_retention_days',
};

export function getPrivacySettings(db: Db): PrivacySettings {
  const bounds = privacySettingsSchema.shape;
  const read = (key: keyof PrivacySettings): number =>
    getIntSetting(db, KEYS[key], DEFAULT_PRIVACY_SETTINGS[key], bounds[key].minValue ?? 0, bounds[key].maxValue ?? Number.MAX_SAFE_INTEGER);
  return { lockAfterSeconds: read('lockAfterSeconds'), keptCopiesDays: read('keptCopiesDays') };
}

/** Stores the given settings (validated by the caller's schema) and returns them all. */
export function setPrivacySettings(db: Db, patch: Partial<PrivacySettings>): PrivacySettings {
  const parsed = privacySettingsSchema.partial().safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_request', `Invalid privacy setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'out of range'}.`);
  }
  const valid = parsed.data;
  db.transaction(() => {
    for (const [key, value] of Object.entries(valid) as Array<[keyof PrivacySettings, number | undefined]>) {
      if (value !== undefined) setSetting(db, KEYS[key], String(value));
    }
  })();
  return getPrivacySettings(db);
}
