// `deadlines [--within DAYS] [--json] [--csv FILE] [--ics FILE] [--format json|csv|ics] [--out FILE]`:
// every contract's key dates (notice deadlines, renewals, expirations), soonest first, or
// written as CSV / iCalendar. A date that needs review says so and why.
import fs from 'node:fs';
import { DeadlineService } from '../services/deadlines/deadline-service';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

export async function deadlinesCommand({ services, out, flags, format, outFile }: CommandContext): Promise<number> {
  const deadlines = new DeadlineService({ extraction: services.extraction });
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
  const { asOf, deadlines: list } = deadlines.list(within);
  out.result({ asOf, deadlines: list }, () =>
    list.length === 0
      ? 'No deadlines.'
      : table([
          ['DATE', 'DOC', 'TITLE', 'DEADLINE', 'STATUS'],
          ...list.map((d) => [d.date ?? '—', d.documentId, d.title, d.label, d.status === 'fact' ? 'fact' : `needs review: ${d.reasons.join('; ')}`]),
        ]),
  );
  return 0;
}
