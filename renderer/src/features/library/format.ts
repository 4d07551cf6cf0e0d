// Display formatting for library cells and the rest of the app (dates, counts, citations). Pure: no DOM, no React.
import type { DocumentDomain, DocumentRecord } from '../../../../shared/domain';
import { remedyFor } from '../../../../shared/failures';

/** A domain as the app names it (sentence case). */
export const DOMAIN_LABELS: Readonly<Record<DocumentDomain, string>> = { medical: 'Medical', legal: 'Legal', other: 'Other' };

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const numberFormat = new Intl.NumberFormat();

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** A calendar day ("2024-03-14", as extracted): shown as written in UTC, so no time zone moves it a day. */
const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
export function formatDay(isoDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) return isoDay;
  const date = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDay : dayFormat.format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateFormat.format(date)}, ${timeFormat.format(date)}`;
}

export function formatCount(n: number, one: string, many: string): string {
  return `${numberFormat.format(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function isPasswordError(code: string | null | undefined): boolean {
  return remedyFor(code) === 'password';
}

/** What the password dialog says when the password typed does not open the PDF. */
export const WRONG_PASSWORD_TEXT = 'That password is not correct. Check it and try again.';

export function displayTitle(document: Pick<DocumentRecord, 'title' | 'fileName'>): string {
  return document.title.trim() || document.fileName;
}

/** How a citation reads everywhere in the app: "p. 3", "p. 3, 5". */
export function formatPages(pages: readonly number[]): string {
  return pages.length === 0 ? '' : `p. ${pages.join(', ')}`;
}
