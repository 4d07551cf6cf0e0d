// Whether the first-run welcome was finished or skipped, kept in the archive's settings. It
// opens by itself only on an archive that has never had it and holds no document yet: an
// archive already in use (made before the welcome existed, restored, opened from elsewhere)
// is not greeted again. Plain Node: must not import electron.
import { welcomeStatusSchema, type WelcomeStatus } from '../../../shared/welcome';
import type { Db } from '../db/open';
import { getSetting, setSetting } from './settings';

const KEY = 'welcome_status';

export function getWelcomeStatus(db: Db): WelcomeStatus {
  const parsed = welcomeStatusSchema.safeParse(getSetting(db, KEY));
  return parsed.success ? parsed.data : 'new';
}

export function setWelcomeStatus(db: Db, status: Exclude<WelcomeStatus, 'new'>): void {
  setSetting(db, KEY, status);
}

export function welcomeShowsOnStart(status: WelcomeStatus, documentCount: number): boolean {
  return status === 'new' && documentCount === 0;
}
