// Medication sigs: a medication value ("metformin 500 mg PO BID x 30 days for diabetes")
// read into name, strength, dose form, route, frequency (times per day or an interval, PRN
// and its reason), duration and indication, with units normalized and the raw text kept.
// What no rule reads stays raw in `unparsed`. Shared: no Node, no DOM.
import { readSig } from './parse';
import type { Sig } from './types';

export type { Amount, Duration, Frequency, Quantity, Sig, SigStep } from './types';
export { MAX_SIG_CHARS } from './parse';

export function parseSig(text: string): Sig {
  return { raw: text, ...readSig(text) };
}
export { SIG_COLUMNS, sigColumns, amountText, quantityText, frequencyText, durationText, timesPerDay, intervalText, type SigColumn } from './columns';
