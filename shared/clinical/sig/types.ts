// The structured form of a medication sig. Shared: no Node, no DOM.
import type { Per, TimeUnit } from './lexicon';

/** A measured amount: "500 mg", "0.5 mg/kg" (per "kg"), "250 mg/5 mL" (per "5 mL"), "1-2 mg". */
export interface Amount {
  readonly value: number;
  /** The upper end of a range ("1-2 mg"), else null. */
  readonly max: number | null;
  /** Normalized: mcg (µg, ug), mg, g (gm), mL (cc), L, unit (IU, units), mEq, mmol, %, tsp, tbsp, oz. */
  readonly unit: string;
  readonly per: string | null;
  /** A combination product's strengths ("5/325 mg"). */
  readonly combination?: readonly number[];
}

/** A count of dose units: "1 tab", "1-2 tablets", "2 puffs"; unit null when none is written ("2 PO"). */
export interface Quantity {
  readonly value: number;
  readonly max: number | null;
  readonly unit: string | null;
}

export interface Frequency {
  /** The words it was read from. */
  readonly text: string;
  /** Administrations per day, week or month ("BID" 2/day; "q6h" 4/day; "q4-6h" 4-6/day). */
  readonly count: { readonly value: number; readonly max: number | null; readonly per: Per } | null;
  /** An interval ("q6h" 6 hours, "every other day" 2 days, "weekly" 1 week). */
  readonly every: { readonly value: number; readonly max: number | null; readonly unit: TimeUnit } | null;
  /** Times of day and meal timing: bedtime, morning, evening, before meals, with food… */
  readonly timing: readonly string[];
  /** One administration ("once", "stat", "x1"), not a schedule. */
  readonly single: boolean;
}

export interface Duration {
  readonly value: number | null;
  readonly max: number | null;
  readonly unit: TimeUnit | 'dose' | null;
  /** "gone", "finished" for "until gone". */
  readonly until: string | null;
  readonly text: string;
}

/** One dose of a sig; a taper or a mixed sig ("1 tab qAM and 2 tabs qHS") has several. */
export interface SigStep {
  /** How it follows the step before: "then" (a taper) or "and" (at the same time); null for the first. */
  readonly join: 'then' | 'and' | null;
  /** The first measured amount of the step. */
  readonly strength: Amount | null;
  readonly quantity: Quantity | null;
  /** A second measured amount: the dose given ("1 tab (500 mg total)", "10 mg tab, 40 mg daily"). */
  readonly dose: Amount | null;
  readonly frequency: Frequency | null;
  readonly duration: Duration | null;
}

export interface Sig {
  /** The text as given. */
  readonly raw: string;
  readonly name: string | null;
  readonly form: string | null;
  readonly route: string | null;
  /** "each nostril", "both eyes", "affected area". */
  readonly site: string | null;
  readonly prn: boolean;
  readonly prnReason: string | null;
  readonly indication: string | null;
  /** The words when the sig defers to instructions ("as directed", "per sliding scale"). */
  readonly asDirected: string | null;
  /** A stated maximum, as written ("max 4 g/day"). */
  readonly limit: string | null;
  readonly taper: boolean;
  readonly steps: readonly SigStep[];
  /** Parts of the text no rule read, as written: flagged, never guessed at. */
  readonly unparsed: readonly string[];
  /** Why some of them were left (an ambiguous abbreviation, a second schedule…). */
  readonly notes: readonly string[];
}
