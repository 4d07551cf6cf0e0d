// Display formatting for library cells. Pure: no DOM, no React.
import type { DocumentRecord } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const numberFormat = new Intl.NumberFormat();

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
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

const PASSWORD_CODES: readonly ErrorCode[] = ['password_required', 'password_incorrect'];

export function needsPassword(document: Pick<DocumentRecord, 'status' | 'error'>): boolean {
  return document.status === 'failed' && !!document.error && PASSWORD_CODES.includes(document.error.code);
}

export function isPasswordError(code: string | null | undefined): boolean {
  return !!code && (PASSWORD_CODES as readonly string[]).includes(code);
}

export function displayTitle(document: Pick<DocumentRecord, 'title' | 'fileName'>): string {
  return document.title.trim() || document.fileName;
}
