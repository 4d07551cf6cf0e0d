// Calendar arithmetic on ISO dates ("YYYY-MM-DD"), in whole days with no time zone: a
// contract date is a date, not an instant. Shared: pure TypeScript, no Node, no DOM.
//
// - Months: the day of month is kept and clamped to the month's last day, so
//   2024-01-31 + 1 month = 2024-02-29 and 2024-02-29 + 12 months = 2025-02-28.
// - Business days: Monday to Friday. No holiday calendar is applied (holidays differ by
//   place and year, and a contract rarely names its calendar); a date counted in business
//   days says so in its explanation so a reviewer checks the holidays in between.

const DAY_MS = 86_400_000;

export type IsoDate = string;

function parts(date: IsoDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a full ISO date that exists on the calendar ("2023-02-29" does not). */
export function isFullIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return fromUtc(Date.UTC(y, m - 1, d) + days * DAY_MS);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function weekday(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** Steps `count` Monday–Friday days from `date` (negative: backwards); `date` itself is not counted. */
export function addBusinessDays(date: IsoDate, count: number): IsoDate {
  const step = count < 0 ? -1 : 1;
  let left = Math.abs(count);
  let current = date;
  while (left > 0) {
    current = addDays(current, step);
    if (!isWeekend(current)) left--;
  }
  return current;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const [y1, m1, d1] = parts(a);
  const [y2, m2, d2] = parts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}
