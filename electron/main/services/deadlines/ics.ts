// iCalendar (RFC 5545) for deadlines: one all-day VEVENT per dated deadline, with a display
// alarm before it. Titles and quotes come from PDFs, so every text value is escaped (RFC 5545
// 3.3.11: backslash, ";", "," and line breaks) and other control characters are dropped; a
// hostile value cannot end its line and start a property of its own. Lines are folded at 75
// octets without splitting a UTF-8 character (3.1). Pure, no Node.
import type { Deadline } from '../../../../shared/deadlines/api';

export interface IcsOptions {
  /** When the file is written (DTSTAMP). */
  readonly now: Date;
  /** Days before each deadline that the alarm goes off. */
  readonly alarmDays: number;
}

/** A TEXT value: escapes first, then control characters other than the escaped newline removed. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

const encoder = new TextEncoder();

/** Folds one content line: at most 75 octets a line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // a continuation line's leading space counts
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function basicDate(iso: string): string {
  return iso.replace(/-/g, '');
}

function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Stable across exports, so a calendar that imports the file again updates instead of duplicating. */
export function deadlineUid(deadline: Pick<Deadline, 'documentId' | 'id'>): string {
  return `abstractor-deadline-${deadline.documentId}-${deadline.id.replace(/[^a-z0-9_:-]/gi, '')}@abstractor.local`;
}

function description(d: Deadline): string {
  const lines = [d.status === 'needs_review' ? `NEEDS REVIEW: ${d.reasons.join('; ')}` : 'Computed from reviewed values.', d.explanation];
  for (const input of d.inputs) {
    lines.push(`${input.label}: ${input.value ?? ''} (${input.review !== 'none' ? input.review : input.status})`);
    for (const e of input.evidence) lines.push(`  p. ${e.page}: "${e.quote}"`);
  }
  return lines.join('\n');
}

export function toIcs(deadlines: readonly Deadline[], options: IcsOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Abstractor//Deadlines//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const d of deadlines) {
    if (d.date === null) continue;
    const summary = `${d.status === 'needs_review' ? '[needs review] ' : ''}${d.label} — ${d.title}`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${deadlineUid(d)}`,
      `DTSTAMP:${stamp(options.now)}`,
      `DTSTART;VALUE=DATE:${basicDate(d.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(d.date))}`,
      `SUMMARY:${icsText(summary)}`,
      `DESCRIPTION:${icsText(description(d))}`,
      'TRANSP:TRANSPARENT',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER:-P${options.alarmDays}D`,
      `DESCRIPTION:${icsText(summary)}`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
