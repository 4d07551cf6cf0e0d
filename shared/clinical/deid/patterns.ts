// Patterns for the structured Safe Harbor types. Every quantifier is bounded and no group
// that repeats can match the same text two ways, so a hostile input costs linear time
// (tests/unit/deid.test.ts runs megabyte inputs shaped against each pattern).
import type { PhiType } from './types';

export interface PhiPattern {
  readonly type: PhiType;
  readonly re: RegExp;
  /** The identifier is the last capture group, which ends the match (after its label). */
  readonly labelled?: boolean;
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = '(?:1[89]\\d\\d|2[01]\\d\\d)';

// A label, then its separators, then the value: the value must hold a digit.
const SEP = '\\s{0,3}(?:#|no\\.?|num(?:ber)?\\.?|id|number)?\\s{0,3}[:#=]?\\s{0,3}';
const VALUE = '((?=[A-Z-]{0,24}\\d)[A-Z0-9][A-Z0-9-]{2,24})';
const labelled = (type: PhiType, labels: string): PhiPattern => ({
  type,
  re: new RegExp(`\\b(?:${labels})${SEP}${VALUE}\\b`, 'gi'),
  labelled: true,
});

export const STATE_ABBREVIATIONS =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';

const bothCases = (words: string): string => words.split('|').flatMap((w) => [w, w.toUpperCase()]).join('|');
const STREET_SUFFIXES = bothCases('Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Row|Path|Pike|Plaza');
// A number and a suffix alone only when the suffix is a whole word ("123 Drive"), never "2 ST".
const STREET_WORDS = bothCases('Street|Avenue|Road|Boulevard|Lane|Drive|Terrace|Parkway|Highway');
const UNITS = bothCases('Apt|Apartment|Suite|Ste|Unit|Fl|Floor') + '|#';

export const PATTERNS: readonly PhiPattern[] = [
  // Labelled numbers first: the label decides the type better than the shape.
  labelled('mrn', 'MRN|MR|medical record|med(?:ical)? rec(?:ord)?|record|chart|hospital|patient|pt|unit'),
  labelled('health_plan', '(?:health )?plan|member(?:ship)?|subscriber|policy|insurance|insurer|beneficiary|group|medicaid|medicare|HICN|MBI|payer'),
  labelled('account', 'account|acct|billing|invoice|encounter|visit|FIN|claim|admission'),
  labelled('license', "licen[cs]e|lic|DEA|NPI|driver'?s licen[cs]e|DL|state licen[cs]e|registration"),
  labelled('certificate', 'certificate|cert|birth certificate|death certificate'),
  labelled('vehicle', 'VIN|vehicle(?: identification)?|licen[cs]e plate|plate'),
  labelled('device', 'serial|S\\/N|SN|device|UDI|implant|pacemaker|lot|model'),
  labelled('other_id', 'ID|identifier|case|accession|specimen|study|requisition|order|reference|ref|badge|employee'),
  { type: 'ssn', re: /\b(?:SSN|social security(?: number| no\.?)?)\s{0,3}[:#]?\s{0,3}(\d{3}[- .]?\d{2}[- .]?\d{4})\b/gi, labelled: true },
  { type: 'ssn', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  { type: 'ssn', re: /\b\d{3} \d{2} \d{4}\b/g },
  { type: 'email', re: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}\b/g },
  { type: 'url', re: /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'()]{1,2048}[^\s<>"'().,;:!?]/gi },
  { type: 'url', re: /\b[A-Za-z0-9-]{1,63}\.(?:com|org|net|edu|gov|io|us|info|health|biz)(?:\/[^\s<>"'()]{0,512})?(?![\w.])/gi },
  { type: 'ip', re: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g },
  { type: 'ip', re: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])/g },
  { type: 'ip', re: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])/g },
  // Phone and fax: US shapes with an optional country code and extension.
  { type: 'phone', re: /(?<!\d)(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\d)/gi },
  { type: 'phone', re: /\b(?:tel|phone|ph|fax|cell|mobile|pager|beeper|contact)\.?\s{0,3}[:#]?\s{0,3}(\+?[\d][\d\s().-]{6,18}\d)/gi, labelled: true },
  // Dates: every element but the year is an identifier, so month-year and month-day count.
  { type: 'date', re: new RegExp(`\\b(?:${YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:[12]\\d|3[01]|0?[1-9]))(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?)?\\b`, 'g') },
  { type: 'date', re: /\b(?:0?[1-9]|1[0-2])[-/.](?:[12]\d|3[01]|0?[1-9])[-/.](?:\d{4}|\d{2})\b/g },
  { type: 'date', re: /\b(?:[12]\d|3[01]|0?[1-9])[-/.](?:0?[1-9]|1[0-2])[-/.]\d{4}\b/g },
  { type: 'date', re: new RegExp(`\\b${MONTH}\\s{1,3}${DAY}(?:,\\s{0,3}|\\s{1,3})${YEAR}\\b`, 'gi') },
  { type: 'date', re: new RegExp(`\\b${DAY}(?:\\s{1,3}of)?\\s{1,3}${MONTH},?\\s{1,3}${YEAR}\\b`, 'gi') },
  { type: 'date', re: new RegExp(`\\b${DAY}[-/ ]${MONTH}[-/ ]${YEAR}\\b`, 'gi') },
  { type: 'date', re: new RegExp(`\\b${MONTH},?\\s{1,3}${YEAR}\\b`, 'gi') },
  { type: 'date', re: new RegExp(`\\b${MONTH}\\s{1,3}${DAY}\\b(?!\\s{0,3}(?:mg|mcg|ml|units?|tabs?)\\b)`, 'g') },
  // Month/day without a year, but not a strength grade ("5/5 strength") or a ratio.
  { type: 'date', re: /\b(?:0?[1-9]|1[0-2])\/(?:[12]\d|3[01]|0?[1-9])\b(?![/.]\d)(?!\s{0,3}(?:strength|power|motor|reflexes|bilaterally|in |of |ratio|score))/g },
  { type: 'date', re: new RegExp(`\\b(?:0?[1-9]|1[0-2])[/-]${YEAR}\\b`, 'g') },
  // Ages over 89, with their unit or label.
  { type: 'age', re: /\b(?:9\d|1[0-2]\d)(?=\s{0,2}-?\s{0,2}(?:years?|yrs?|y\/?o|yo|y\.o\.|year-old|-year-old))/gi },
  { type: 'age', re: /\b(?:age[ds]?|aged)\s{0,3}:?\s{0,3}(9\d|1[0-2]\d)\b/gi, labelled: true },
  // ZIP codes after a state or a label; a bare 5-digit number is too often a lab value.
  { type: 'zip', re: new RegExp(`\\b(?:${STATE_ABBREVIATIONS}),?\\s{1,3}(\\d{5}(?:-\\d{4})?)\\b`, 'g'), labelled: true },
  { type: 'zip', re: /\b(?:zip|zip code|postal code)\s{0,3}[:#]?\s{0,3}(\d{5}(?:-\d{4})?)\b/gi, labelled: true },
  // VINs: 17 characters without I, O or Q, with letters and digits both.
  { type: 'vehicle', re: /\b(?=[A-HJ-NPR-Z]{0,16}\d)(?=\d{0,16}[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b/g },
  // Street addresses: a number, up to four words and a street suffix, in any case ("123 ANY
  // ROAD", "123 Drive" in a sample form), with an apartment or suite after it.
  { type: 'location', re: new RegExp(`\\b\\d{1,6}\\s{1,3}(?:[NSEW]\\.?\\s{1,3})?(?:(?:[A-Z][A-Za-z'-]{0,20}\\s{1,3}){1,4}(?:${STREET_SUFFIXES})|${STREET_WORDS})\\b\\.?(?:,?\\s{1,3}(?:${UNITS})\\.?\\s{0,3}[A-Z0-9-]{1,6}\\b)?`, 'g') },
  // An apartment or suite on its own line ("Address 2: APT 123").
  { type: 'location', re: /\b(?:Apt|APT|Apartment|APARTMENT|Suite|SUITE)\.?\s{0,3}#?\s{0,2}\d[A-Z0-9-]{0,5}\b/g },
  // A ZIP after the country, as forms print it on its own line.
  { type: 'zip', re: /\b(?:United States|UNITED STATES|USA|U\.S\.A\.)\s{1,3}(\d{5}(?:-\d{4})?)\b/g, labelled: true },
  { type: 'location', re: /\b(?:P\.?\s?O\.?\s{0,3}Box|Post Office Box)\s{1,3}\d{1,8}\b/gi },
  // Other unique numbers: letters and digits mixed in one long token, or long digit runs.
  { type: 'other_id', re: /\b(?=[A-Z-]{0,20}\d)(?=[\d-]{0,20}[A-Z])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){5,24}\b/g },
  { type: 'other_id', re: /(?<![\d.,])\d{7,20}(?![\d.,]\d)/g },
];
