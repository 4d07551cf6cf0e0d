// `deadlines [--within DAYS] [--as-of YYYY-MM-DD] [--json] [--csv FILE] [--ics FILE] [--format json|csv|ics] [--out FILE]`:
// every contract's key dates (notice deadlines, renewals, expirations), soonest first, or
// written as CSV / iCalendar. A date that needs review says so and why. --as-of counts from
// another day than today (what was due then; reproducible output for checks and tests).
import fs from 'node:fs';
import { isFullIsoDate } from '../../../shared/deadlines/dates';
import { DeadlineService } from '../services/deadlines/deadline-service';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

export async function deadlinesCommand({ services, out, flags, format, outFile }: CommandContext): Promise<number> {
  if (flags.asOf !== undefined && !isFullIsoDate(flags.asOf)) throw new UsageError('--as-of needs a date as YYYY-MM-DD');
  const asOf = flags.asOf;
  // Noon UTC: the day stays the same in every time zone the calendar file is read in.
  const deadlines = new DeadlineService({ extraction: services.extraction, ...(asOf === undefined ? {} : { now: () => new Date(`${asOf}T12:00:00Z`) }) });
  let within: number | undefined;
  if (flags.within !== undefined) {
    if (!/^\d+$/.test(flags.within)) throw new UsageError('--within needs a whole number of days');
    within = Number(flags.within);
  }
  const files: Array<['csv' | 'ics', string]> = [];
  if (flags.csv !== undefined) files.push(['csv', flags.csv]);
  if (flags.ics !== undefined) files.push(['ics', flags.ics]);
  if (format !== undefined) {
    if (format !== 'json' && format !== 'csv' && format !== 'ics') throw new UsageError('--format must be json, csv or ics');
    if (format !== 'json') {
      if (outFile === undefined) throw new UsageError(`--format ${format} needs --out FILE`);
      files.push([format, outFile]);
    }
  }
  for (const [kind, file] of files) {
    const { text } = deadlines.export(kind, within);
    fs.writeFileSync(file, text, { mode: 0o600 });
    services.accessLog.record({ action: 'exported', via: 'cli', detail: { deadlines: true, format: kind } });
    out.info(`Wrote ${file}.`);
  }
  const listed = deadlines.list(within);
  const list = listed.deadlines;
  out.result({ asOf: listed.asOf, deadlines: list }, () =>
    list.length === 0
      ? 'No deadlines.'
      : table([
          ['DATE', 'DOC', 'TITLE', 'DEADLINE', 'STATUS'],
          ...list.map((d) => [d.date ?? '—', d.documentId, d.title, d.label, d.status === 'fact' ? 'fact' : `needs review: ${d.reasons.join('; ')}`]),
        ]),
  );
  return 0;
}
