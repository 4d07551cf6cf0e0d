// Word lists of a medication sig, written for this project from common prescribing usage
// (Latin abbreviations, plain English and EHR phrasing such as "2 (two) times daily").
// Keys are lower-cased tokens with dots removed ("b.i.d." -> "bid"), phrases space-joined.
// Shared: no Node, no DOM.

/** Measured units (strength, dose) to one spelling each: mcg/µg/ug, mL/cc, unit/IU, g/gm. */
export const MEASURE_UNITS: Readonly<Record<string, string>> = {
  mcg: 'mcg', mcgs: 'mcg', µg: 'mcg', μg: 'mcg', ug: 'mcg', microgram: 'mcg', micrograms: 'mcg',
  mg: 'mg', mgs: 'mg', milligram: 'mg', milligrams: 'mg',
  g: 'g', gm: 'g', gms: 'g', gram: 'g', grams: 'g',
  ng: 'ng', nanogram: 'ng', nanograms: 'ng',
  ml: 'mL', mls: 'mL', cc: 'mL', ccs: 'mL', milliliter: 'mL', milliliters: 'mL', millilitre: 'mL', millilitres: 'mL',
  l: 'L', liter: 'L', liters: 'L', litre: 'L', litres: 'L',
  unit: 'unit', units: 'unit', u: 'unit', iu: 'unit', ius: 'unit', 'international units': 'unit', 'international unit': 'unit',
  meq: 'mEq', mmol: 'mmol', '%': '%',
  tsp: 'tsp', teaspoon: 'tsp', teaspoons: 'tsp', teaspoonful: 'tsp', tbsp: 'tbsp', tablespoon: 'tbsp', tablespoons: 'tbsp',
  oz: 'oz', ounce: 'oz', ounces: 'oz',
};

/** What a measured unit may be "per": "mg/kg", "mg/5 mL", "mcg/hr", "units/kg/day". */
export const PER_UNITS: Readonly<Record<string, string>> = {
  ...MEASURE_UNITS,
  kg: 'kg', m2: 'm2', 'm²': 'm2',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day', dose: 'dose', min: 'minute', minute: 'minute',
  tab: 'tablet', tablet: 'tablet', cap: 'capsule', capsule: 'capsule', actuation: 'actuation', puff: 'puff', spray: 'spray', drop: 'drop',
};

export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month';
export const TIME_UNITS: Readonly<Record<string, TimeUnit>> = {
  min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day', night: 'day', nights: 'day',
  wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', mos: 'month', month: 'month', months: 'month',
};

/** Dose forms; as a counted unit ("2 tabs") they give the quantity's unit too. */
export const FORMS: Readonly<Record<string, string>> = {
  tab: 'tablet', tabs: 'tablet', tablet: 'tablet', tablets: 'tablet', pill: 'tablet', pills: 'tablet', caplet: 'tablet', caplets: 'tablet',
  odt: 'orally disintegrating tablet', 'chewable tablet': 'chewable tablet', 'chewable tablets': 'chewable tablet', chewable: 'chewable tablet',
  cap: 'capsule', caps: 'capsule', capsule: 'capsule', capsules: 'capsule', softgel: 'capsule', softgels: 'capsule',
  puff: 'puff', puffs: 'puff', inhalations: 'puff', actuation: 'puff', actuations: 'puff',
  drop: 'drop', drops: 'drop', gtt: 'drop', gtts: 'drop',
  spray: 'spray', sprays: 'spray',
  patch: 'patch', patches: 'patch',
  supp: 'suppository', supps: 'suppository', suppository: 'suppository', suppositories: 'suppository',
  solution: 'solution', soln: 'solution', sol: 'solution', 'oral solution': 'solution',
  suspension: 'suspension', susp: 'suspension', syrup: 'syrup', elixir: 'elixir', liquid: 'liquid',
  cream: 'cream', ointment: 'ointment', oint: 'ointment', gel: 'gel', lotion: 'lotion', foam: 'foam', shampoo: 'shampoo',
  inhaler: 'inhaler', inhalers: 'inhaler', mdi: 'inhaler', hfa: 'inhaler', diskus: 'inhaler',
  injection: 'injection', injections: 'injection', inj: 'injection', injectable: 'injection',
  pen: 'pen', pens: 'pen', autoinjector: 'pen', vial: 'vial', vials: 'vial', ampule: 'ampule', ampules: 'ampule',
  lozenge: 'lozenge', lozenges: 'lozenge', troche: 'lozenge', troches: 'lozenge',
  film: 'film', films: 'film', powder: 'powder', packet: 'packet', packets: 'packet', sachet: 'packet', sachets: 'packet',
  application: 'application', applications: 'application', applicatorful: 'applicatorful', enema: 'enema', enemas: 'enema',
};

export interface RouteEntry {
  readonly route: string;
  readonly site?: string;
}
export const ROUTES: Readonly<Record<string, RouteEntry>> = {
  po: { route: 'oral' }, 'p o': { route: 'oral' }, 'by mouth': { route: 'oral' }, orally: { route: 'oral' }, oral: { route: 'oral' },
  'per os': { route: 'oral' }, 'via mouth': { route: 'oral' }, swallow: { route: 'oral' },
  sl: { route: 'sublingual' }, sublingual: { route: 'sublingual' }, sublingually: { route: 'sublingual' }, 'under the tongue': { route: 'sublingual' },
  buccal: { route: 'buccal' }, 'between cheek and gum': { route: 'buccal' },
  iv: { route: 'intravenous' }, intravenous: { route: 'intravenous' }, intravenously: { route: 'intravenous' }, ivpb: { route: 'intravenous' }, ivp: { route: 'intravenous' }, 'iv push': { route: 'intravenous' },
  im: { route: 'intramuscular' }, intramuscular: { route: 'intramuscular' }, intramuscularly: { route: 'intramuscular' }, 'into the muscle': { route: 'intramuscular' },
  sc: { route: 'subcutaneous' }, sq: { route: 'subcutaneous' }, subq: { route: 'subcutaneous' }, 'sub q': { route: 'subcutaneous' }, 'sub - q': { route: 'subcutaneous' },
  subcut: { route: 'subcutaneous' }, subcutaneous: { route: 'subcutaneous' }, subcutaneously: { route: 'subcutaneous' }, 'under the skin': { route: 'subcutaneous' },
  intradermal: { route: 'intradermal' },
  top: { route: 'topical' }, topical: { route: 'topical' }, topically: { route: 'topical' }, externally: { route: 'topical' },
  'to affected area': { route: 'topical', site: 'affected area' }, 'to the affected area': { route: 'topical', site: 'affected area' },
  'to affected areas': { route: 'topical', site: 'affected area' }, 'to the affected areas': { route: 'topical', site: 'affected area' },
  'to skin': { route: 'topical', site: 'skin' }, 'to the skin': { route: 'topical', site: 'skin' },
  inh: { route: 'inhaled' }, inhaled: { route: 'inhaled' }, 'by inhalation': { route: 'inhaled' }, 'via inhalation': { route: 'inhaled' }, inhale: { route: 'inhaled' }, inhalation: { route: 'inhaled' },
  'via inhaler': { route: 'inhaled' }, 'via nebulizer': { route: 'inhaled' }, 'via neb': { route: 'inhaled' }, neb: { route: 'inhaled' }, nebulized: { route: 'inhaled' }, nebs: { route: 'inhaled' },
  nasal: { route: 'nasal' }, intranasal: { route: 'nasal' }, intranasally: { route: 'nasal' }, nasally: { route: 'nasal' },
  'in each nostril': { route: 'nasal', site: 'each nostril' }, 'each nostril': { route: 'nasal', site: 'each nostril' }, 'per nostril': { route: 'nasal', site: 'each nostril' },
  'in both nostrils': { route: 'nasal', site: 'each nostril' }, 'in each nare': { route: 'nasal', site: 'each nostril' },
  ophthalmic: { route: 'ophthalmic' }, ou: { route: 'ophthalmic', site: 'both eyes' },
  'in both eyes': { route: 'ophthalmic', site: 'both eyes' }, 'both eyes': { route: 'ophthalmic', site: 'both eyes' }, 'in each eye': { route: 'ophthalmic', site: 'both eyes' }, 'each eye': { route: 'ophthalmic', site: 'both eyes' },
  'in right eye': { route: 'ophthalmic', site: 'right eye' }, 'in the right eye': { route: 'ophthalmic', site: 'right eye' }, 'right eye': { route: 'ophthalmic', site: 'right eye' },
  'in left eye': { route: 'ophthalmic', site: 'left eye' }, 'in the left eye': { route: 'ophthalmic', site: 'left eye' }, 'left eye': { route: 'ophthalmic', site: 'left eye' },
  otic: { route: 'otic' }, 'in each ear': { route: 'otic', site: 'both ears' }, 'in both ears': { route: 'otic', site: 'both ears' },
  'in right ear': { route: 'otic', site: 'right ear' }, 'in the right ear': { route: 'otic', site: 'right ear' }, 'in left ear': { route: 'otic', site: 'left ear' }, 'in the left ear': { route: 'otic', site: 'left ear' },
  pr: { route: 'rectal' }, rectally: { route: 'rectal' }, rectal: { route: 'rectal' }, 'per rectum': { route: 'rectal' }, 'in the rectum': { route: 'rectal' },
  pv: { route: 'vaginal' }, vaginally: { route: 'vaginal' }, vaginal: { route: 'vaginal' }, 'per vagina': { route: 'vaginal' }, intravaginally: { route: 'vaginal' },
  transdermal: { route: 'transdermal' }, transdermally: { route: 'transdermal' },
  'per tube': { route: 'enteral tube' }, 'via tube': { route: 'enteral tube' }, 'per g tube': { route: 'enteral tube' }, 'via g tube': { route: 'enteral tube' },
  'per g - tube': { route: 'enteral tube' }, 'via g - tube': { route: 'enteral tube' }, 'per peg': { route: 'enteral tube' }, 'via peg': { route: 'enteral tube' },
  'per ng tube': { route: 'enteral tube' }, 'via ng tube': { route: 'enteral tube' }, 'per feeding tube': { route: 'enteral tube' }, 'via feeding tube': { route: 'enteral tube' },
  'per gt': { route: 'enteral tube' }, 'per ngt': { route: 'enteral tube' },
};

export type Per = 'day' | 'week' | 'month';
export interface FrequencyEntry {
  /** Administrations per `per` ("BID": 2 per day); absent for an interval-only phrase. */
  readonly count?: readonly [number, Per];
  /** "every 2 days" */
  readonly every?: readonly [number, TimeUnit];
  readonly timing?: string;
  /** "once", "stat": one administration, not a schedule. */
  readonly single?: boolean;
  /** A time of day that is its own once-daily schedule ("qHS") and may refine another ("daily at bedtime"). */
  readonly timeOfDay?: boolean;
}
const daily = (n: number): FrequencyEntry => ({ count: [n, 'day'] });
const atTime = (timing: string): FrequencyEntry => ({ count: [1, 'day'], timing, timeOfDay: true });
export const FREQUENCIES: Readonly<Record<string, FrequencyEntry>> = {
  qd: daily(1), daily: daily(1), qday: daily(1), 'q day': daily(1), qdaily: daily(1), 'once daily': daily(1), 'once a day': daily(1), 'once per day': daily(1),
  'every day': daily(1), 'each day': daily(1), 'a day': daily(1), 'per day': daily(1), 'once each day': daily(1), 'every 24 hours': { count: [1, 'day'], every: [24, 'hour'] },
  bid: daily(2), bd: daily(2), 'twice daily': daily(2), 'twice a day': daily(2), 'twice per day': daily(2), 'twice each day': daily(2),
  tid: daily(3), tds: daily(3), 'thrice daily': daily(3),
  qid: daily(4), qds: daily(4),
  qhs: atTime('bedtime'), hs: atTime('bedtime'), 'q hs': atTime('bedtime'), 'at bedtime': atTime('bedtime'), 'at hs': atTime('bedtime'), bedtime: atTime('bedtime'),
  'before bed': atTime('bedtime'), 'before bedtime': atTime('bedtime'), nightly: atTime('bedtime'), 'every night': atTime('bedtime'), 'each night': atTime('bedtime'),
  'at night': atTime('bedtime'), qnight: atTime('bedtime'), 'q night': atTime('bedtime'), qpm: atTime('evening'), 'q pm': atTime('evening'),
  'every evening': atTime('evening'), 'each evening': atTime('evening'), 'in the evening': atTime('evening'), 'in evening': atTime('evening'),
  qam: atTime('morning'), 'q am': atTime('morning'), qmorning: atTime('morning'), 'every morning': atTime('morning'), 'each morning': atTime('morning'),
  'in the morning': atTime('morning'), 'in am': atTime('morning'), 'in the am': atTime('morning'),
  'at noon': atTime('noon'),
  qod: { every: [2, 'day'] }, 'every other day': { every: [2, 'day'] }, 'alternate days': { every: [2, 'day'] }, 'on alternate days': { every: [2, 'day'] }, 'every second day': { every: [2, 'day'] },
  weekly: { every: [1, 'week'] }, 'once weekly': { every: [1, 'week'] }, 'once a week': { every: [1, 'week'] }, 'once per week': { every: [1, 'week'] },
  'every week': { every: [1, 'week'] }, qweek: { every: [1, 'week'] }, qwk: { every: [1, 'week'] }, 'q week': { every: [1, 'week'] }, 'q wk': { every: [1, 'week'] },
  'every other week': { every: [2, 'week'] },
  biw: { count: [2, 'week'] }, 'twice weekly': { count: [2, 'week'] }, 'twice a week': { count: [2, 'week'] }, 'twice per week': { count: [2, 'week'] },
  tiw: { count: [3, 'week'] }, 'three times weekly': { count: [3, 'week'] }, 'three times a week': { count: [3, 'week'] },
  monthly: { every: [1, 'month'] }, 'once monthly': { every: [1, 'month'] }, 'once a month': { every: [1, 'month'] }, 'every month': { every: [1, 'month'] }, 'q month': { every: [1, 'month'] }, qmonth: { every: [1, 'month'] },
  once: { single: true }, 'one time': { single: true }, 'one time only': { single: true }, 'once only': { single: true }, stat: { single: true }, now: { single: true }, 'single dose': { single: true }, 'as a single dose': { single: true },
  achs: { count: [4, 'day'], timing: 'before meals and at bedtime' },
};

/** Timing that adds to a schedule without being one ("TID with meals"). */
export const TIMINGS: Readonly<Record<string, string>> = {
  ac: 'before meals', 'before meals': 'before meals', 'before each meal': 'before meals', 'before a meal': 'before meals',
  pc: 'after meals', 'after meals': 'after meals', 'after each meal': 'after meals',
  'with meals': 'with meals', 'with each meal': 'with meals', 'with a meal': 'with meals', 'with food': 'with food', 'with milk': 'with food',
  'on an empty stomach': 'empty stomach', 'on empty stomach': 'empty stomach', 'empty stomach': 'empty stomach',
  'with breakfast': 'with breakfast', 'before breakfast': 'before breakfast', 'with dinner': 'with dinner', 'with supper': 'with dinner',
  'with breakfast and dinner': 'with breakfast and dinner', 'with breakfast and supper': 'with breakfast and dinner',
  'while awake': 'while awake', 'with water': 'with water', 'with a full glass of water': 'with water',
};

export const PRN: ReadonlySet<string> = new Set(['prn', 'as needed', 'when needed', 'if needed', 'as required', 'when required', 'as necessary', 'if necessary', 'as need']);

export const AS_DIRECTED: ReadonlySet<string> = new Set([
  'as directed', 'ud', 'utd', 'as instructed', 'per instructions', 'as per instructions', 'as directed by physician', 'as directed by your doctor',
  'per protocol', 'per sliding scale', 'sliding scale', 'per ss', 'as per sliding scale', 'use as directed', 'take as directed',
]);

/** Words naming the act of giving: read and dropped (route words such as "inhale" are ROUTES). */
export const VERBS: ReadonlySet<string> = new Set([
  'take', 'takes', 'taking', 'give', 'administer', 'inject', 'apply', 'instill', 'place', 'insert', 'use', 'chew', 'dissolve', 'put', 'rub', 'drink', 'sig', 'rx', 'then take',
  // The course ends with the step before (its duration says when).
  'then stop', 'then discontinue', 'then off', 'and stop', 'then stop taking',
]);

/** Small words dropped at the edges of free text ("for the pain" -> "pain"). */
export const FILLERS: ReadonlySet<string> = new Set(['and', 'a', 'an', 'the', 'of', 'to', 'per', 'at', 'in', 'on', 'with', 'by', 'or', 'each', 'please', 'total', 'dose', 'doses']);

/** Ending a course: "until gone", "until finished". */
export const UNTIL: ReadonlySet<string> = new Set(['until gone', 'until finished', 'until complete', 'until completed', 'until all gone', 'until done', 'until all taken', 'until used up']);

/** Openers of a daily limit, kept as written ("max 4 g/day"). */
export const LIMITS: ReadonlySet<string> = new Set(['max', 'maximum', 'not to exceed', 'do not exceed', 'no more than', 'nte', 'not more than', 'up to a maximum of', 'max dose']);

/** Openers of a clause kept whole and raw (a hold parameter, a repeat, dispensing). */
export const RAW_CLAUSES: ReadonlySet<string> = new Set(['hold', 'hold for', 'hold if', 'may repeat', 'may repeat once', 'titrate', 'titrate to', 'disp', 'dispense', 'refills', 'refill', 'qty']);

/** Words before a number of days that make it not a duration ("may repeat in 3 days", "wean over 1 week"). */
export const NOT_DURATION_BEFORE: ReadonlySet<string> = new Set(['in', 'after', 'over', 'within', 'before', 'on', 'every', 'q']);

export const STEP_WORDS: ReadonlySet<string> = new Set(['then', 'followed by', 'and then', 'after that']);
export const TAPER: ReadonlySet<string> = new Set(['taper', 'tapering', 'taper by', 'wean']);

/** Written numbers ("2 (two) times daily"). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fourteen: 14, thirty: 30,
  half: 0.5, 'one half': 0.5, 'one - half': 0.5, 'a half': 0.5,
};

/** Abbreviations that mean two things in a sig (ISMP's error-prone list): flagged, never read. */
export const AMBIGUOUS: Readonly<Record<string, string>> = {
  od: 'OD is once daily or right eye',
  os: 'OS is left eye or by mouth',
  as: 'AS is left ear',
  ad: 'AD is right ear or "up to"',
  qn: 'qn is nightly or every hour',
  biweekly: 'biweekly is twice a week or every two weeks',
  'bi - weekly': 'biweekly is twice a week or every two weeks',
};
