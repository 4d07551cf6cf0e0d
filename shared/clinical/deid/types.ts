// The Safe Harbor identifier types (45 CFR 164.514(b)(2)) this detector finds in text, and
// the span it reports. Names and locations are told apart from the structured types because
// they are found by lexicons and context, the rest by patterns.
export const PHI_TYPES = [
  'name',
  'location',
  'zip',
  'date',
  'age',
  'phone',
  'email',
  'ssn',
  'mrn',
  'health_plan',
  'account',
  'license',
  'certificate',
  'vehicle',
  'device',
  'url',
  'ip',
  'other_id',
] as const;
export type PhiType = (typeof PHI_TYPES)[number];

/** Found by lexicons and context rather than by the shape of the string. */
export const UNSTRUCTURED_TYPES: readonly PhiType[] = ['name', 'location'];

/** Which detector found it: recall comes first, so any one of them is enough. */
export type PhiSource = 'pattern' | 'context' | 'lexicon' | 'known' | 'propagated';

export interface PhiSpan {
  readonly start: number;
  readonly end: number;
  readonly type: PhiType;
  readonly text: string;
  readonly source: PhiSource;
}

/** What the archive already knows for the patient: every occurrence is redacted. */
export interface KnownIdentifiers {
  readonly names?: readonly string[];
  readonly dates?: readonly string[];
  readonly mrns?: readonly string[];
  readonly other?: readonly string[];
}

/** Longest input scanned in one call; a caller splits pages longer than this. */
export const MAX_DEID_CHARS = 2_000_000;
