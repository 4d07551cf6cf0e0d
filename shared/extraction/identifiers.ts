// Which extracted fields hold a person's identifiers: the built-in clinical templates' keys
// and common spellings in users' templates. One place for the de-identified export (which
// removes them) and the patient view (which groups documents by them).
// Shared: no Node, no DOM.
import type { KnownIdentifiers } from '../clinical/deid';
import type { IdentifierKind } from '../patients/identity';
import type { FieldResult } from './api';

/** The patient's own name; not every "*_name" (a drug_name is not an identifier). */
export const PATIENT_NAME_KEYS = /^(?:patient_name|patient)$/;
/** Other people named in a record: clinicians, guarantor, emergency contact. */
export const OTHER_NAME_KEYS = /^(?:provider|attending|physician|pcp|referring_provider|guarantor|emergency_contact)$/;
export const BIRTH_DATE_KEYS = /^(?:date_of_birth|dob|birth_date)$/;
export const MRN_KEYS = /^(?:mrn|medical_record_number|patient_id|account_number)$/;

/** The patient identifier a field key holds, if any. */
export function patientIdentifierKind(key: string): IdentifierKind | null {
  if (PATIENT_NAME_KEYS.test(key)) return 'name';
  if (BIRTH_DATE_KEYS.test(key)) return 'dob';
  if (MRN_KEYS.test(key)) return 'mrn';
  return null;
}

/** Whether a field's value is itself an identifier of a person (exported whole as a placeholder). */
export function isIdentifierField(key: string): boolean {
  return patientIdentifierKind(key) !== null || OTHER_NAME_KEYS.test(key);
}

/** Every string inside a JSON-like value. */
export const stringsIn = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(stringsIn) : v && typeof v === 'object' ? Object.values(v).flatMap(stringsIn) : [];

/** The identifiers a document's own extracted values give for its patient (and the people named with them). */
export function knownIdentifiers(fields: ReadonlyArray<Pick<FieldResult, 'key' | 'value'>>): KnownIdentifiers {
  const of = (test: (key: string) => boolean): string[] =>
    fields.filter((f) => test(f.key)).flatMap((f) => stringsIn(f.value)).filter((s) => s.trim().length > 1);
  return {
    names: of((k) => PATIENT_NAME_KEYS.test(k) || OTHER_NAME_KEYS.test(k)),
    dates: of((k) => BIRTH_DATE_KEYS.test(k)),
    mrns: of((k) => MRN_KEYS.test(k)),
  };
}
