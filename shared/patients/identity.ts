// A document's patient as its extracted values name them, in a form two documents can be
// compared in: names without case, titles, suffixes or middle initials and in one order
// ("Smith, John A." and "JOHN SMITH" are the same name), dates of birth as ISO dates
// ("03/14/1962" and "March 14, 1962" are the same day) and record numbers without spaces,
// dashes or a leading "MRN". Shared: no Node, no DOM.
import { parseDate } from '../extraction/normalize';

export interface PatientIdentity {
  /** "last|first", lower case; null when no name was extracted. */
  readonly name: string | null;
  /** ISO date when the value reads as a full date, else the value in lower case without spaces. */
  readonly dob: string | null;
  readonly mrn: string | null;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'patient', 'pt', 'name']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'md', 'do', 'rn', 'np', 'pa', 'phd', 'esq']);

function nameTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`-]/g, '')
    .split(/[^a-z]+/)
    .filter((t) => t.length > 1 && !TITLES.has(t) && !SUFFIXES.has(t));
}

/** First and last name of a written name; null when nothing but initials or titles is left. */
export function nameParts(raw: string): { readonly first: string; readonly last: string } | null {
  // "Last, First Middle[, Jr.]": the part before the first comma is the family name.
  const parts = raw.split(',').map(nameTokens).filter((p) => p.length > 0);
  const tokens = parts.length >= 2 ? [...parts.slice(1).flat(), ...parts[0]!] : (parts[0] ?? []);
  if (tokens.length === 0) return null;
  return { first: tokens[0]!, last: tokens[tokens.length - 1]! };
}

export function normalizeName(raw: string): string | null {
  const p = nameParts(raw);
  return p ? `${p.last}|${p.first}` : null;
}

/** "Smith, John" from a normalized name. */
export function displayName(normalized: string): string {
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const [last = '', first = ''] = normalized.split('|');
  return last === first ? cap(last) : `${cap(last)}, ${cap(first)}`;
}

export function normalizeBirthDate(raw: string): string | null {
  const iso = parseDate(raw);
  if (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const compact = raw.toLowerCase().replace(/\s+/g, '');
  return compact === '' ? null : compact;
}

export function normalizeMrn(raw: string): string | null {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^(?:MRN|MR)(?=\d)/, '');
  return compact === '' ? null : compact;
}

export type IdentifierKind = keyof PatientIdentity;
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['name', 'dob', 'mrn'];

/** The identifiers both have that differ. */
export function conflictsBetween(a: PatientIdentity, b: PatientIdentity): IdentifierKind[] {
  return IDENTIFIER_KINDS.filter((k) => a[k] !== null && b[k] !== null && a[k] !== b[k]);
}

/**
 * Whether two documents are the same patient with no one asking: nothing they both state
 * differs, and they share the record number or both name and date of birth.
 */
export function samePatientAuto(a: PatientIdentity, b: PatientIdentity): boolean {
  if (conflictsBetween(a, b).length > 0) return false;
  return (a.mrn !== null && a.mrn === b.mrn) || (a.name !== null && a.name === b.name && a.dob !== null && a.dob === b.dob);
}

/** The identifiers two documents share (a reason to suggest a merge when they were not grouped). */
export function sharedIdentifiers(a: PatientIdentity, b: PatientIdentity): IdentifierKind[] {
  return IDENTIFIER_KINDS.filter((k) => a[k] !== null && a[k] === b[k]);
}
