// `access-log [--document N] [--action A] [--since DATE] [--until DATE] [--csv FILE]`: the
// archive's access log (who opened, searched, exported… which document, when), newest first,
// or all matching entries as CSV. `privacy [--keep-copies-days N] [--lock-after-minutes M]`:
// shows or sets the privacy settings.
import fs from 'node:fs';
import { accessActionSchema, type AccessFilter } from '../../../shared/privacy';
import { getPrivacySettings, setPrivacySettings } from '../services/privacy-settings';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

export async function accessLogCommand({ services, out, flags }: CommandContext): Promise<number> {
  const filter: AccessFilter = {};
  if (flags.document !== undefined) filter.documentId = positiveInt(flags.document, '--document');
  if (flags.action !== undefined) {
    const action = accessActionSchema.safeParse(flags.action);
    if (!action.success) throw new UsageError(`--action must be one of ${accessActionSchema.options.join(', ')}`);
    filter.action = action.data;
  }
  if (flags.since !== undefined) filter.since = flags.since;
  if (flags.until !== undefined) filter.until = flags.until;
  if (flags.csv !== undefined) {
    const { csv, rows } = services.accessLog.csv(filter);
    fs.writeFileSync(flags.csv, csv, { mode: 0o600 });
    out.result({ file: flags.csv, rows }, () => `Wrote ${rows} entries to ${flags.csv}.`);
    return 0;
  }
  const { entries, total } = services.accessLog.list({ ...filter, limit: 10_000 });
  out.result({ total, entries }, () =>
    entries.length === 0
      ? 'No access log entries match.'
      : table([
          ['ID', 'WHEN', 'USER', 'VIA', 'ACTION', 'DOC', 'TITLE', 'DETAIL'],
          ...entries.map((e) => [
            e.id,
            e.at.slice(0, 19).replace('T', ' '),
            e.user,
            e.via,
            e.action,
            e.documentId ?? '',
            e.title ?? '',
            Object.entries(e.detail)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(' '),
          ]),
        ]),
  );
  return 0;
}

export async function privacyCommand({ services, out, flags }: CommandContext): Promise<number> {
  const patch: { keptCopiesDays?: number; lockAfterSeconds?: number } = {};
  if (flags.keepCopiesDays !== undefined) patch.keptCopiesDays = positiveInt(flags.keepCopiesDays, '--keep-copies-days', 0);
  if (flags.lockAfterMinutes !== undefined) patch.lockAfterSeconds = positiveInt(flags.lockAfterMinutes, '--lock-after-minutes') * 60;
  const settings = Object.keys(patch).length > 0 ? setPrivacySettings(services.db, patch) : getPrivacySettings(services.db);
  out.result(settings, () =>
    [
      `The app locks after ${settings.lockAfterSeconds / 60} minutes without input.`,
      `Kept archive copies (before-restore, damaged) are erased after ${settings.keptCopiesDays} days.`,
    ].join('\n'),
  );
  return 0;
}

function positiveInt(raw: string, flag: string, min = 1): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} needs a whole number of at least ${min}, not "${raw}"`);
  return value;
}
