// A parsed sig as flat text columns: the export's sig_* columns and the UI's one-line form.
// Several steps (a taper, "1 tab qAM and 2 tabs qHS") are joined by their "then"/"and".
// Shared: no Node, no DOM.
import type { Amount, Duration, Frequency, Quantity, Sig, SigStep } from './types';

export const SIG_COLUMNS = [
  'name', 'strength', 'quantity', 'dose', 'form', 'route', 'frequency', 'times_per_day', 'interval', 'timing', 'prn', 'prn_reason',
  'duration', 'taper', 'indication', 'as_directed', 'limit', 'unparsed',
] as const;
export type SigColumn = (typeof SIG_COLUMNS)[number];

const num = (n: number): string => String(Math.round(n * 1000) / 1000);
const range = (value: number, max: number | null): string => (max === null ? num(value) : `${num(value)}-${num(max)}`);

export function amountText(a: Amount | null): string {
  if (!a) return '';
  const value = a.combination ? a.combination.map(num).join('/') : range(a.value, a.max);
  return `${value} ${a.unit}${a.per ? `/${a.per}` : ''}`;
}

export function quantityText(q: Quantity | null): string {
  return q ? `${range(q.value, q.max)}${q.unit ? ` ${q.unit}` : ''}` : '';
}

/** Times per day: stated ("BID" 2) or from an hourly interval ("q4-6h" 4-6); '' otherwise. */
export function timesPerDay(f: Frequency | null): string {
  return f?.count?.per === 'day' ? range(f.count.value, f.count.max) : '';
}

export function intervalText(f: Frequency | null): string {
  return f?.every ? `${range(f.every.value, f.every.max)} ${f.every.unit}` : '';
}

/** The schedule in normalized words: "2/day", "every 4-6 hour", "2/week", "once". */
export function frequencyText(f: Frequency | null): string {
  if (!f) return '';
  const parts: string[] = [];
  if (f.single) parts.push('once');
  if (f.every) parts.push(`every ${intervalText(f)}`);
  else if (f.count) parts.push(`${range(f.count.value, f.count.max)}/${f.count.per}`);
  return parts.join(' ');
}

export function durationText(d: Duration | null): string {
  if (!d) return '';
  if (d.until) return `until ${d.until}`;
  return d.value === null ? '' : `${range(d.value, d.max)}${d.unit ? ` ${d.unit}` : ''}`;
}

function steps(sig: Sig, part: (s: SigStep) => string): string {
  const texts = sig.steps.map(part);
  if (texts.every((t) => t === '')) return '';
  return texts.map((t, i) => (i === 0 ? t || '—' : `${sig.steps[i]!.join} ${t || '—'}`)).join(' ');
}

export function sigColumns(sig: Sig): Record<SigColumn, string> {
  return {
    name: sig.name ?? '',
    strength: steps(sig, (s) => amountText(s.strength)),
    quantity: steps(sig, (s) => quantityText(s.quantity)),
    dose: steps(sig, (s) => amountText(s.dose)),
    form: sig.form ?? '',
    route: [sig.route, sig.site].filter(Boolean).join(', '),
    frequency: steps(sig, (s) => frequencyText(s.frequency)),
    times_per_day: steps(sig, (s) => timesPerDay(s.frequency)),
    interval: steps(sig, (s) => intervalText(s.frequency)),
    timing: steps(sig, (s) => s.frequency?.timing.join(', ') ?? ''),
    prn: sig.prn ? 'yes' : '',
    prn_reason: sig.prnReason ?? '',
    duration: steps(sig, (s) => durationText(s.duration)),
    taper: sig.taper ? 'yes' : '',
    indication: sig.indication ?? '',
    as_directed: sig.asDirected ?? '',
    limit: sig.limit ?? '',
    unparsed: sig.unparsed.join(' | '),
  };
}
