// The archive's app settings (the `settings` table of migration 2): one key, one text value.
// Every reader and writer of that table goes through here. Plain Node: must not import electron.
import type { Db } from '../db/open';

export function getSetting(db: Db, key: string): string | null {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
  return row?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function deleteSetting(db: Db, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}

/** A whole number setting within [min, max], or `fallback` when unset or out of range. */
export function getIntSetting(db: Db, key: string, fallback: number, min: number, max: number): number {
  const raw = getSetting(db, key);
  const value = raw === null ? NaN : Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}
