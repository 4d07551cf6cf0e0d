// Medication sigs on extracted items: the text of a medication item (a list item, or a table
// row's cells in column order: "metformin" "500 mg" "PO" "BID") read by shared/clinical/sig.
// Computed where shown or exported, never stored, so it always follows the current value.
// Shared: no Node, no DOM.
import { amountText, durationText, frequencyText, parseSig, quantityText, type Sig } from '../clinical/sig';
import type { FieldItem } from './api';
import type { TemplateField } from './templates';

/** Whether a field's items are medications whose sig is read. */
export function hasSig(field: TemplateField): boolean {
  return (field.type === 'list' || field.type === 'table') && field.sig === true;
}

/** The sig text of an item: a list item as is; a table row's non-empty cells joined in column order. */
export function sigText(field: TemplateField, value: FieldItem['value']): string {
  if (typeof value === 'string') return value;
  const keys = field.type === 'table' ? field.columns.map((c) => c.key) : Object.keys(value);
  return keys
    .map((k) => value[k])
    .filter((v) => v !== null && v !== undefined && String(v).trim() !== '')
    .map(String)
    .join(' ');
}

export function itemSig(field: TemplateField, value: FieldItem['value']): Sig | null {
  return hasSig(field) ? parseSig(sigText(field, value)) : null;
}

/** A sig in one line of normalized parts: "metformin · 500 mg · oral · 2/day · 7 day"; unread parts last, in brackets. */
export function sigLine(sig: Sig): string {
  const steps = sig.steps.map((s, i) =>
    [i > 0 ? s.join : null, amountText(s.strength), quantityText(s.quantity), s.dose ? `(${amountText(s.dose)})` : '', frequencyText(s.frequency), s.frequency?.timing.join(', '), s.duration ? `for ${durationText(s.duration)}` : '']
      .filter(Boolean)
      .join(' '),
  );
  const parts = [
    sig.name,
    sig.form,
    steps.filter(Boolean).join(' '),
    [sig.route, sig.site].filter(Boolean).join(' '),
    sig.prn ? `PRN${sig.prnReason ? ` ${sig.prnReason}` : ''}` : null,
    sig.indication && sig.indication !== sig.prnReason ? `for ${sig.indication}` : null,
    sig.asDirected,
    sig.limit,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  const unread = sig.unparsed.length > 0 ? ` [unread: ${sig.unparsed.join(' | ')}]` : '';
  return `${parts.join(' · ')}${unread}`;
}
