// The sig reader: tokens (tokens.ts) walked left to right; at each token the numeric readers
// (interval, count, duration, amount, quantity) are tried, then the longest phrase of the
// word lists. Words no reader takes are free text: before anything else they are the drug's
// name, after "PRN" its reason, after "for" the indication; anywhere else they stay raw in
// `unparsed`. Nothing is inferred that the text does not say. Shared: no Node, no DOM.
import {
  AMBIGUOUS, AS_DIRECTED, FILLERS, FORMS, FREQUENCIES, LIMITS, MEASURE_UNITS, NOT_DURATION_BEFORE, NUMBER_WORDS, PER_UNITS, PRN, RAW_CLAUSES, ROUTES,
  STEP_WORDS, TAPER, TIME_UNITS, TIMINGS, UNTIL, VERBS, type FrequencyEntry, type Per, type RouteEntry, type TimeUnit,
} from './lexicon';
import { tokenizeSig, type SigToken } from './tokens';
import type { Amount, Duration, Frequency, Quantity, Sig, SigStep } from './types';

/** Longer text is read up to here; the rest is kept raw and flagged. */
export const MAX_SIG_CHARS = 2000;
const MAX_PHRASE = 6;

type Phrase =
  | { kind: 'frequency'; entry: FrequencyEntry }
  | { kind: 'timing'; timing: string }
  | { kind: 'route'; entry: RouteEntry }
  | { kind: 'form'; form: string }
  | { kind: 'prn' | 'verb' | 'limit' | 'clause' | 'step' | 'taper' | 'for' }
  | { kind: 'as_directed' | 'until' }
  | { kind: 'ambiguous'; why: string };

const PHRASES = new Map<string, Phrase>();
const add = (keys: Iterable<string>, phrase: (key: string) => Phrase): void => {
  for (const k of keys) if (!PHRASES.has(k)) PHRASES.set(k, phrase(k));
};
add(Object.keys(FREQUENCIES), (k) => ({ kind: 'frequency', entry: FREQUENCIES[k]! }));
add(Object.keys(TIMINGS), (k) => ({ kind: 'timing', timing: TIMINGS[k]! }));
add(Object.keys(ROUTES), (k) => ({ kind: 'route', entry: ROUTES[k]! }));
add(Object.keys(FORMS), (k) => ({ kind: 'form', form: FORMS[k]! }));
add(PRN, () => ({ kind: 'prn' }));
add(AS_DIRECTED, () => ({ kind: 'as_directed' }));
add(UNTIL, () => ({ kind: 'until' }));
add(LIMITS, () => ({ kind: 'limit' }));
add(RAW_CLAUSES, () => ({ kind: 'clause' }));
add(STEP_WORDS, () => ({ kind: 'step' }));
add(TAPER, () => ({ kind: 'taper' }));
add(VERBS, () => ({ kind: 'verb' }));
add(['for'], () => ({ kind: 'for' }));
add(Object.keys(AMBIGUOUS), (k) => ({ kind: 'ambiguous', why: AMBIGUOUS[k]! }));

interface Range {
  readonly value: number;
  readonly max: number | null;
  readonly end: number;
}

const CLAUSE_END = new Set([',', ';', '.', ':']);
const EDGE_MARKS = new Set(['-', '/', '(', ')', '[', ']', '"', "'", '*', '#', '+', '&']);

class Reader {
  private readonly t: SigToken[];
  private readonly sig: {
    name: string | null; form: string | null; route: string | null; site: string | null; prn: boolean; prnReason: string | null;
    indication: string | null; asDirected: string | null; limit: string | null; taper: boolean; unparsed: string[]; notes: string[];
  };
  private readonly steps: SigStep[] = [];
  private step: Mutable<SigStep> = emptyStep(null);
  private runStart = -1;
  private runEnd = -1;
  private runStartedAtTop = false;
  /** Token index after the last raw fragment, to join raw text that runs on. */
  private rawEnd = -1;
  private rawFrom = 0;
  private expect: 'reason' | 'indication' | null = null;
  private seen = false;
  private lastKind: string | null = null;

  constructor(private readonly text: string) {
    this.t = tokenizeSig(text);
    this.sig = { name: null, form: null, route: null, site: null, prn: false, prnReason: null, indication: null, asDirected: null, limit: null, taper: false, unparsed: [], notes: [] };
  }

  read(): Omit<Sig, 'raw'> {
    let i = 0;
    while (i < this.t.length) {
      const next = this.readAt(i);
      if (next > i) {
        i = next;
        continue;
      }
      const tok = this.t[i]!;
      if (tok.kind === 'mark' && CLAUSE_END.has(tok.norm)) {
        this.flush();
        this.expect = null;
      } else {
        if (this.runStart < 0) this.runStart = i;
        this.runEnd = i;
      }
      i += 1;
    }
    this.flush();
    this.steps.push(this.step);
    const s = this.sig;
    if (s.prn && s.prnReason === null && s.indication !== null) s.prnReason = s.indication;
    const steps = this.steps.filter((st, k) => k === 0 || !isEmptyStep(st));
    return { ...s, taper: s.taper || steps.some((st) => st.join === 'then'), steps };
  }

  /** A reader's end index after applying it at i, or i when none applies. */
  private readAt(i: number): number {
    const tok = this.t[i]!;
    for (const reader of [this.interval, this.count, this.duration, this.amount, this.quantity, this.stepByComma]) {
      const end = reader.call(this, i);
      if (end > i) return end;
    }
    const p = this.phraseAt(i);
    // "Rinse mouth after use": a verb inside free text is part of it.
    if (p?.phrase.kind === 'verb' && this.seen && this.runStart >= 0) return i;
    if (p) return this.applyPhrase(i, p.end, p.phrase);
    // A number inside a reason or indication ("for type 2 diabetes") belongs to it.
    if (tok.kind === 'num' && this.expect !== null && this.runStart >= 0) return i;
    if (tok.kind === 'num' && this.seen) {
      // A number no reader took ("#30", "5-325" read as a range): raw, never guessed.
      const r = this.rangeAt(i);
      this.flush();
      this.raw(i, (r?.end ?? i + 1) - 1, r?.ambiguous ? 'not a plain range (a combination strength?)' : null);
      return r?.end ?? i + 1;
    }
    return i;
  }

  // ---- numeric readers ---------------------------------------------------------------

  /** "q4h", "q 4-6 hours", "every 8 hrs", "every 3 days", "every hour". */
  private interval(i: number): number {
    const w = this.t[i]!.norm;
    if (w !== 'q' && w !== 'every' && w !== 'each') return i;
    const r = this.rangeAt(i + 1);
    const unitAt = r && !r.ambiguous ? r.end : i + 1;
    const unit = TIME_UNITS[this.t[unitAt]?.norm ?? ''];
    if (!unit) return i;
    // "q day", "every week": phrases, read there ("every hour" is read here).
    if (!r && unit !== 'hour' && unit !== 'minute') return i;
    const every = { value: r?.value ?? 1, max: r?.max ?? null, unit };
    this.setFrequency(i, unitAt, { count: hoursToCount(every), every, timing: [], single: false }, false);
    return unitAt + 1;
  }

  /** "2 times daily", "2 (two) times a day", "3x/day", "2 x weekly", "4 times per week". */
  private count(i: number): number {
    const r = this.rangeAt(i);
    if (!r || r.ambiguous) return i;
    let j = r.end;
    const w = this.t[j]?.norm;
    if (w === 'x' || w === 'times' || w === 'time') j += 1;
    else if (w !== '/') return i;
    if (['a', 'per', '/', 'each', 'every'].includes(this.t[j]?.norm ?? '')) j += 1;
    const per: Per | undefined = ({ day: 'day', daily: 'day', d: 'day', week: 'week', weekly: 'week', wk: 'week', month: 'month', monthly: 'month' } as const)[
      this.t[j]?.norm as 'day'
    ];
    if (!per) return i;
    this.setFrequency(i, j, { count: { value: r.value, max: r.max, per }, every: null, timing: [], single: false }, false);
    return j + 1;
  }

  /** Whether a count ("2 times a day", "3x/day") starts at i, without reading it. */
  private isCountAt(i: number): boolean {
    const r = this.rangeAt(i);
    if (!r || r.ambiguous) return false;
    const w = this.t[r.end]?.norm;
    return w === 'x' || w === 'times' || w === 'time';
  }

  /** "x 7 days", "for 10 days", "for the next 2 weeks", "x3" (doses), "7 days", "until gone". */
  private duration(i: number): number {
    const w = this.t[i]!.norm;
    let j = i;
    const marked = w === 'x' || w === 'for' || w === 'times';
    if (marked) {
      j += 1;
      for (const skip of [['the', 'next'], ['next'], ['a', 'total', 'of'], ['another'], ['a']]) {
        if (skip.every((s, k) => this.t[j + k]?.norm === s)) {
          j += skip.length;
          break;
        }
      }
    }
    let r = this.rangeAt(j);
    // "for a week", "for one month": a unit without a number is one.
    if (!r && marked && j > i + 1 && TIME_UNITS[this.t[j]?.norm ?? '']) r = { value: 1, max: null, end: j, ambiguous: false };
    if (!r || r.ambiguous) return i;
    let k = r.end;
    if (this.t[k]?.norm === 'more' || this.t[k]?.norm === 'additional') k += 1;
    const u = this.t[k]?.norm ?? '';
    const unit: Duration['unit'] | undefined = u === 'dose' || u === 'doses' ? 'dose' : TIME_UNITS[u];
    const bareOk = !NOT_DURATION_BEFORE.has(this.t[i - 1]?.norm ?? '') && (unit === 'day' || unit === 'week' || unit === 'month');
    if (unit && (marked || bareOk)) {
      this.setDuration(i, k, { value: r.value, max: r.max, unit, until: null, text: '' });
      return k + 1;
    }
    // "x3", "x1": that many doses in all, when nothing that could be a unit follows.
    const after = this.t[r.end];
    if (w === 'x' && !unit && (!after || after.kind === 'mark' || (this.phraseAt(r.end) !== null && !this.startsMeasure(r.end)))) {
      this.setDuration(i, r.end - 1, { value: r.value, max: r.max, unit: 'dose', until: null, text: '' });
      return r.end;
    }
    return i;
  }

  /** "500 mg", "0.5 mg/kg", "250 mg/5 mL", "5/325 mg", "1,000 units", "2.5-5 mg", "(1,000 mg total)". */
  private amount(i: number): number {
    let r = this.rangeAt(i);
    let combination: number[] | undefined;
    if (!r) return i;
    // "5/325 mg": a combination product's strengths (a fraction would have read as one number).
    if (!r.ambiguous && r.max === null && this.t[r.end]?.norm === '/' && this.t[r.end + 1]?.kind === 'num') {
      const second = this.t[r.end + 1]!;
      const unitAfter = this.unitAt(r.end + 2);
      if (unitAfter) {
        combination = [r.value, second.value!];
        r = { value: r.value, max: null, end: r.end + 2, ambiguous: false };
      }
    }
    const unit = this.unitAt(r.end);
    if (!unit) return i;
    if (r.ambiguous && !combination) {
      // "5-325 mg" is a range or a combination product: flagged, not read.
      this.flush();
      this.raw(i, unit.end - 1, 'not a plain range (a combination strength?)');
      return unit.end;
    }
    let j = unit.end;
    const per: string[] = [];
    while (per.length < 2 && (this.t[j]?.norm === '/' || this.t[j]?.norm === 'per')) {
      const n = this.t[j + 1]?.kind === 'num' ? this.t[j + 1]! : null;
      const u = PER_UNITS[this.t[j + (n ? 2 : 1)]?.norm ?? ''];
      if (!u) break;
      per.push(n ? `${n.value} ${u}` : u);
      j += n ? 3 : 2;
    }
    let total = false;
    if (this.t[j]?.norm === 'total') {
      total = true;
      j += 1;
    }
    const amount: Amount = { value: r.value, max: r.max, unit: unit.unit, per: per.length ? per.join('/') : null, ...(combination ? { combination } : {}) };
    this.flush();
    this.mark();
    const inParens = this.t[i - 1]?.norm === '(';
    if (total || (inParens && this.step.quantity) || this.step.strength) {
      if (this.step.dose) this.raw(i, j - 1, 'a second dose in one step');
      else this.step.dose = amount;
    } else this.step.strength = amount;
    this.lastKind = 'amount';
    return j;
  }

  /** "1 tab", "1-2 tablets", "2 puffs", "½ tab", "2 (two) capsules", "2 PO q6h" (no unit). */
  private quantity(i: number): number {
    const r = this.rangeAt(i);
    if (!r || r.ambiguous) return i;
    const p = this.phraseAt(r.end);
    const form = p?.phrase.kind === 'form' ? p.phrase.form : null;
    const bare = !form && p !== null && (p.phrase.kind === 'route' || p.phrase.kind === 'frequency') && this.seen;
    if (!form && !bare) return i;
    this.flush();
    this.mark();
    const quantity: Quantity = { value: r.value, max: r.max, unit: form };
    if (this.step.quantity) this.raw(i, r.end - 1, 'a second quantity in one step');
    else this.step.quantity = quantity;
    if (form) this.setForm(r.end, p!.end, form);
    this.lastKind = 'quantity';
    return form ? p!.end : r.end;
  }

  /** ", 30 mg daily x 5 days" after a step with a schedule: a taper's next step; "and 2 tabs qHS": a second dose. */
  private stepByComma(i: number): number {
    const w = this.t[i]!.norm;
    if (w !== ',' && w !== ';' && w !== 'and' && w !== 'plus') return i;
    if ((!this.step.frequency && !this.step.duration) || this.t[i + 1]?.kind !== 'num') return i;
    const r = this.rangeAt(i + 1);
    if (!r) return i;
    // ", 2 times a day for 5 days" after a step with a schedule and a duration: the taper's next schedule.
    const nextSchedule = this.step.frequency !== null && this.step.duration !== null && w !== 'and' && this.isCountAt(i + 1);
    if (!nextSchedule && !this.unitAt(r.end) && this.phraseAt(r.end)?.phrase.kind !== 'form') return i;
    this.flush();
    this.newStep(this.step.duration && w !== 'and' ? 'then' : 'and');
    return i + 1;
  }

  // ---- phrases -----------------------------------------------------------------------

  private applyPhrase(i: number, end: number, p: Phrase): number {
    const last = end - 1;
    if (p.kind !== 'verb') this.flush();
    switch (p.kind) {
      case 'frequency':
        this.setFrequency(i, last, {
          count: p.entry.count ? { value: p.entry.count[0], max: null, per: p.entry.count[1] } : null,
          every: p.entry.every ? { value: p.entry.every[0], max: null, unit: p.entry.every[1] } : null,
          timing: p.entry.timing ? [p.entry.timing] : [],
          single: p.entry.single === true,
        }, p.entry.timeOfDay === true);
        break;
      case 'timing': {
        const f = this.step.frequency;
        const text = this.slice(i, last);
        this.step.frequency = f
          ? { ...f, text: `${f.text} ${text}`, timing: [...f.timing, p.timing] }
          : { text, count: null, every: null, timing: [p.timing], single: false };
        break;
      }
      case 'route':
        this.setGlobal('route', i, last, p.entry.route);
        if (p.entry.site) this.setGlobal('site', i, last, p.entry.site);
        break;
      case 'form':
        this.setForm(i, end, p.form);
        break;
      case 'prn':
        this.sig.prn = true;
        this.expect = 'reason';
        break;
      case 'for':
        this.expect = this.lastKind === 'prn' ? 'reason' : 'indication';
        this.lastKind = 'for';
        return end;
      case 'as_directed':
        this.sig.asDirected = this.slice(i, last);
        break;
      case 'until':
        this.setDuration(i, last, { value: null, max: null, unit: null, until: this.slice(i, last).replace(/^until\s+/i, ''), text: '' });
        break;
      case 'limit': {
        let j = end;
        while (j < this.t.length && !(this.t[j]!.kind === 'mark' && (this.t[j]!.norm === ',' || this.t[j]!.norm === ';'))) j += 1;
        this.sig.limit = this.slice(i, j - 1);
        this.mark();
        this.lastKind = 'limit';
        return j;
      }
      case 'clause': {
        let j = end;
        while (j < this.t.length && !(this.t[j]!.kind === 'mark' && (this.t[j]!.norm === ',' || this.t[j]!.norm === ';'))) j += 1;
        this.raw(i, j - 1, null);
        this.mark();
        this.lastKind = 'clause';
        return j;
      }
      case 'step':
        this.newStep('then');
        this.lastKind = 'step';
        return end;
      case 'taper':
        this.sig.taper = true;
        break;
      case 'verb':
        this.flush();
        this.lastKind = 'verb';
        return end;
      case 'ambiguous':
        this.raw(i, last, p.why);
        this.mark();
        return end;
      default:
        p satisfies never;
    }
    this.mark();
    this.lastKind = p.kind;
    if (p.kind !== 'prn') this.expect = null;
    return end;
  }

  private phraseAt(i: number): { phrase: Phrase; end: number } | null {
    let key = '';
    let best: { phrase: Phrase; end: number } | null = null;
    for (let k = 0; k < MAX_PHRASE && i + k < this.t.length; k += 1) {
      key = k === 0 ? this.t[i]!.norm : `${key} ${this.t[i + k]!.norm}`;
      const hit = PHRASES.get(key);
      if (hit) best = { phrase: hit, end: i + k + 1 };
    }
    return best;
  }

  // ---- pieces ------------------------------------------------------------------------

  /** A number: digits, a fraction ("1/2"), a mixed number ("1 1/2"), a word ("two", "one-half"), with an echo "(two)" skipped. */
  private numberAt(i: number): { value: number; end: number } | null {
    const tok = this.t[i];
    if (!tok) return null;
    let value: number;
    let end: number;
    if (tok.kind === 'num') {
      value = tok.value!;
      end = i + 1;
      const frac = this.fractionAt(end);
      if (frac && Number.isInteger(value) && this.t[end]!.start > tok.end) {
        value += frac.value;
        end = frac.end;
      } else {
        const own = this.fractionAt(i);
        if (own) ({ value, end } = own);
      }
    } else {
      let best: { value: number; end: number } | null = null;
      let key = '';
      for (let k = 0; k < 3 && i + k < this.t.length; k += 1) {
        key = k === 0 ? tok.norm : `${key} ${this.t[i + k]!.norm}`;
        if (key in NUMBER_WORDS) best = { value: NUMBER_WORDS[key]!, end: i + k + 1 };
      }
      if (!best) return null;
      ({ value, end } = best);
    }
    // "2 (two)": the written echo of the number.
    if (this.t[end]?.norm === '(' && this.t[end + 2]?.norm === ')' && NUMBER_WORDS[this.t[end + 1]!.norm] === value) end += 3;
    return { value, end };
  }

  private fractionAt(i: number): { value: number; end: number } | null {
    const n = this.t[i];
    const slash = this.t[i + 1];
    const d = this.t[i + 2];
    if (n?.kind !== 'num' || slash?.norm !== '/' || d?.kind !== 'num') return null;
    if (!Number.isInteger(n.value) || !Number.isInteger(d.value) || n.value! >= d.value! || d.value! > 10 || d.value === 0) return null;
    return { value: n.value! / d.value!, end: i + 3 };
  }

  /** A number or a range "1-2", "1 to 2", "1 or 2"; `ambiguous` when the ends differ over tenfold ("5-325"). */
  private rangeAt(i: number): (Range & { ambiguous: boolean }) | null {
    const a = this.numberAt(i);
    if (!a) return null;
    const sep = this.t[a.end]?.norm;
    if (sep === '-' || sep === 'to' || sep === 'or') {
      const b = this.numberAt(a.end + 1);
      if (b && b.value > a.value) {
        return { value: a.value, max: b.value, end: b.end, ambiguous: a.value >= 1 && b.value > 10 * a.value };
      }
      // "875-125 mg", "8-2 mg": no range runs downwards; a combination product, flagged.
      if (b && sep === '-') return { value: a.value, max: b.value, end: b.end, ambiguous: true };
    }
    return { value: a.value, max: null, end: a.end, ambiguous: false };
  }

  private unitAt(i: number): { unit: string; end: number } | null {
    let key = '';
    let best: { unit: string; end: number } | null = null;
    for (let k = 0; k < 2 && i + k < this.t.length; k += 1) {
      key = k === 0 ? this.t[i]!.norm : `${key} ${this.t[i + k]!.norm}`;
      const u = MEASURE_UNITS[key];
      if (u) best = { unit: u, end: i + k + 1 };
    }
    return best;
  }

  private startsMeasure(i: number): boolean {
    return this.unitAt(i) !== null || this.phraseAt(i)?.phrase.kind === 'form';
  }

  private setFrequency(i: number, last: number, f: Omit<Frequency, 'text'>, timeOfDay: boolean): void {
    this.flush();
    const text = this.slice(i, last);
    const cur = this.step.frequency;
    if (!cur) this.step.frequency = { ...f, text };
    else if (timeOfDay && (cur.count === null || (cur.count.value === 1 && cur.count.max === null && cur.count.per === 'day')) && cur.every === null) {
      // "daily at bedtime": the time of day refines a once-daily schedule.
      this.step.frequency = { ...cur, count: cur.count ?? f.count, text: `${cur.text} ${text}`, timing: [...cur.timing, ...f.timing] };
    } else if (cur.count === null && cur.every === null && !cur.single) {
      // Timing read first ("with meals"), the schedule after it.
      this.step.frequency = { ...f, text: `${cur.text} ${text}`, timing: [...cur.timing, ...f.timing] };
    } else if (sameSchedule(cur, f)) this.step.frequency = { ...cur, text: `${cur.text} ${text}`, timing: [...cur.timing, ...f.timing] };
    else this.raw(i, last, 'a second schedule in one step');
    this.mark();
    this.lastKind = 'frequency';
  }

  private setDuration(i: number, last: number, d: Duration): void {
    this.flush();
    const text = this.slice(i, last);
    if (this.step.duration) this.raw(i, last, 'a second duration in one step');
    else this.step.duration = { ...d, text };
    this.mark();
    this.lastKind = 'duration';
  }

  private setForm(i: number, end: number, form: string): void {
    if (this.sig.form === null || this.sig.form === form) this.sig.form = form;
    // A counted unit after a named form ("inhaler, 2 puffs") is the quantity's unit, not a second form.
    else if (this.lastKind !== 'quantity' && this.step.quantity?.unit !== form) this.raw(i, end - 1, 'a second dose form');
    this.mark();
    this.lastKind = 'form';
  }

  private setGlobal(key: 'route' | 'site', i: number, last: number, value: string): void {
    if (this.sig[key] === null || this.sig[key] === value) this.sig[key] = value;
    else this.raw(i, last, `a second ${key}`);
  }

  private newStep(join: 'then' | 'and'): void {
    this.steps.push(this.step);
    this.step = emptyStep(join);
  }

  /** Something other than free text was read: later free text is no longer the name. */
  private mark(): void {
    this.seen = true;
  }

  /** Ends a run of free words: name, PRN reason, indication, or raw. */
  private flush(): void {
    if (this.runStart < 0) return;
    let a = this.runStart;
    let b = this.runEnd;
    this.runStartedAtTop = a === 0;
    this.runStart = this.runEnd = -1;
    const edge = (tok: SigToken) => FILLERS.has(tok.norm) || (tok.kind === 'mark' && EDGE_MARKS.has(tok.norm));
    while (a <= b && edge(this.t[a]!)) a += 1;
    while (b >= a && edge(this.t[b]!) && !(this.t[b]!.norm === ')' && this.slice(a, b).includes('('))) b -= 1;
    if (a > b) return;
    const text = this.slice(a, b);
    if (this.expect === 'reason' && this.sig.prnReason === null) this.sig.prnReason = text;
    else if (this.expect === 'indication' && this.sig.indication === null) this.sig.indication = text;
    else if (!this.seen && this.sig.name === null && this.runStartedAtTop) this.sig.name = text;
    else this.raw(a, b, null);
    this.expect = null;
    this.seen = true;
  }

  private raw(a: number, b: number, why: string | null): void {
    const u = this.sig.unparsed;
    const runsOn = this.rawEnd >= 0 && this.rawEnd <= a && this.t.slice(this.rawEnd, a).every((t) => FILLERS.has(t.norm));
    if (runsOn && u.length > 0) u[u.length - 1] = this.text.slice(this.rawFrom, this.t[b]!.end);
    else {
      u.push(this.slice(a, b));
      this.rawFrom = this.t[a]!.start;
    }
    this.rawEnd = b + 1;
    if (why) this.sig.notes.push(`${this.slice(a, b)}: ${why}`);
  }

  private slice(a: number, b: number): string {
    return this.text.slice(this.t[a]!.start, this.t[b]!.end);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyStep(join: SigStep['join']): Mutable<SigStep> {
  return { join, strength: null, quantity: null, dose: null, frequency: null, duration: null };
}

function isEmptyStep(s: SigStep): boolean {
  return !s.strength && !s.quantity && !s.dose && !s.frequency && !s.duration;
}

function sameSchedule(a: Omit<Frequency, 'text'>, b: Omit<Frequency, 'text'>): boolean {
  return JSON.stringify([a.count, a.every, a.single]) === JSON.stringify([b.count, b.every, b.single]);
}

/** Times per day of an hourly interval ("q6h" -> 4; "q4-6h" -> 4-6); none for longer units. */
function hoursToCount(every: { value: number; max: number | null; unit: TimeUnit }): Frequency['count'] {
  if (every.unit !== 'hour' || every.value <= 0) return null;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (every.max === null) return { value: round(24 / every.value), max: null, per: 'day' };
  return { value: round(24 / every.max), max: round(24 / every.value), per: 'day' };
}

export function readSig(text: string): Omit<Sig, 'raw'> {
  const head = text.length > MAX_SIG_CHARS ? text.slice(0, MAX_SIG_CHARS) : text;
  const sig = new Reader(head).read();
  if (head.length < text.length) {
    return { ...sig, unparsed: [...sig.unparsed, text.slice(MAX_SIG_CHARS)], notes: [...sig.notes, `text after ${MAX_SIG_CHARS} characters not read`] };
  }
  return sig;
}
