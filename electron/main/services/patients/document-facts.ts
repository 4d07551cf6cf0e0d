// One document's clinical facts, read from the current values of every template it has
// values of (a person's edit wins: it is the current value; the model's new answer waits as a
// suggestion): the patient's identifiers, its encounters, problems with their assertion,
// medications with their sig, allergies and labs, each with the evidence it came from.
// Fields are recognised by key (the built-in clinical templates' keys and common spellings),
// so a user's copy of a template works too. Pure: no SQL, no electron.
import type { FieldItem, FieldResult } from '../../../../shared/extraction/api';
import { patientIdentifierKind, stringsIn } from '../../../../shared/extraction/identifiers';
import { parseDate } from '../../../../shared/extraction/normalize';
import { hasSig, itemSig, sigLine, sigText } from '../../../../shared/extraction/sig';
import { hasAssertion, type TemplateField } from '../../../../shared/extraction/templates';
import type { AssertionLabel } from '../../../../shared/clinical/assertion';
import type { EvidenceRef } from '../../../../shared/patients/api';
import { normalizeBirthDate, normalizeMrn, normalizeName, type IdentifierKind, type PatientIdentity } from '../../../../shared/patients/identity';

export interface TemplateValues {
  readonly template: string;
  readonly fields: ReadonlyArray<{ readonly field: TemplateField; readonly result: FieldResult }>;
}

interface Fact {
  readonly date: string | null;
  readonly evidence: EvidenceRef | null;
}
export interface EncounterFact extends Fact {
  readonly kind: string | null;
}
export interface ProblemFact extends Fact {
  readonly name: string;
  readonly label: AssertionLabel;
  /** The status column as written ("resolved", "chronic"…), lower case. */
  readonly status: string | null;
  readonly onset: string | null;
}
export interface MedicationFact extends Fact {
  readonly name: string;
  readonly sig: string;
  readonly stopped: boolean;
}
export interface AllergyFact extends Fact {
  readonly substance: string;
}
export interface LabFact extends Fact {
  readonly name: string;
  readonly value: string;
  readonly unit: string | null;
}

export interface DocumentFacts {
  readonly documentId: number;
  readonly title: string;
  readonly identity: PatientIdentity;
  /** As written, from the value that won. */
  readonly written: { readonly [K in IdentifierKind]: string | null };
  readonly reviewed: readonly IdentifierKind[];
  /** Identifier evidence, for the conflicts list. */
  readonly identifierEvidence: { readonly [K in IdentifierKind]: EvidenceRef | null };
  /** The document's first encounter date (the date its other facts are placed on). */
  readonly date: string | null;
  readonly encounters: readonly EncounterFact[];
  readonly problems: readonly ProblemFact[];
  readonly medications: readonly MedicationFact[];
  readonly allergies: readonly AllergyFact[];
  /** Evidence of a "no known allergies" statement, when the document makes one. */
  readonly noKnownAllergies: EvidenceRef | null;
  readonly labs: readonly LabFact[];
}

const ENCOUNTER_TABLE = /^(?:encounter_dates|encounters|visits|visit_dates)$/;
const ENCOUNTER_DATES: Readonly<Record<string, string>> = {
  encounter_date: 'Encounter',
  visit_date: 'Visit',
  date_of_service: 'Visit',
  admission_date: 'Admission',
  discharge_date: 'Discharge',
};
const PROBLEMS = /diagnos|problem/;
const ALLERGIES = /^allerg(?:y|ies)$/;
const ALLERGY_STATUS = /^allergy_status$/;
const LABS = /^(?:labs|lab_results|laboratory_results|results)$/;
const NO_KNOWN_ALLERGIES = /^\s*(?:nka|nkda|no known (?:drug )?allerg(?:y|ies)|none known)\s*\.?\s*$/i;
/** Words that say a medication was stopped, in a cell of its row ("discontinued", "stopped", "d/c"). */
const STOPPED = /\b(?:discontinu\w*|stopped|stop|d\/c(?:'?d)?|dc'?d)\b/i;
/** Labels under which a finding is not the patient's problem. */
const NOT_A_PROBLEM: ReadonlySet<AssertionLabel> = new Set(['negated', 'family', 'hypothetical', 'possible']);
const NOT_A_PROBLEM_STATUS = /^(?:ruled out|suspected)$/;

const cellText = (v: unknown): string | null => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());
const isoDay = (raw: string | null): string | null => {
  const d = raw ? parseDate(raw) : null;
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
};

/** A row's cell by the first column key matching. */
function column(value: FieldItem['value'], ...keys: RegExp[]): string | null {
  if (typeof value === 'string') return null;
  for (const re of keys) {
    const key = Object.keys(value).find((k) => re.test(k));
    if (key !== undefined) return cellText(value[key]);
  }
  return null;
}

/** The first column of a row, or a list item's text. */
function firstText(field: TemplateField, value: FieldItem['value']): string | null {
  if (typeof value === 'string') return cellText(value);
  const first = field.type === 'table' ? field.columns[0]?.key : Object.keys(value)[0];
  return first === undefined ? null : cellText(value[first]);
}

function ref(documentId: number, template: string, field: string, evidence: FieldResult['evidence']): EvidenceRef | null {
  const e = evidence[0];
  return e ? { documentId, template, field, page: e.page, quote: e.quote } : null;
}

const REVIEWED = new Set(['edited', 'confirmed', 'cleared']);

export function documentFacts(documentId: number, title: string, values: readonly TemplateValues[]): DocumentFacts {
  // Identifiers: a person's reviewed value (even a cleared one) wins over every model value.
  const picked: Record<IdentifierKind, { text: string | null; reviewed: boolean; evidence: EvidenceRef | null } | null> = { name: null, dob: null, mrn: null };
  for (const { template, fields } of values) {
    for (const { field, result } of fields) {
      const kind = patientIdentifierKind(field.key);
      if (!kind) continue;
      const reviewed = REVIEWED.has(result.review);
      const text = stringsIn(result.value).find((s) => s.trim() !== '')?.trim() ?? null;
      const current = picked[kind];
      if (text === null && !reviewed) continue;
      if (current === null || (reviewed && !current.reviewed) || (current.text === null && !current.reviewed)) {
        picked[kind] = { text, reviewed, evidence: ref(documentId, template, field.key, result.evidence) };
      }
    }
  }
  const written = { name: picked.name?.text ?? null, dob: picked.dob?.text ?? null, mrn: picked.mrn?.text ?? null };
  const identity: PatientIdentity = {
    name: written.name === null ? null : normalizeName(written.name),
    dob: written.dob === null ? null : normalizeBirthDate(written.dob),
    mrn: written.mrn === null ? null : normalizeMrn(written.mrn),
  };

  const encounters: EncounterFact[] = [];
  const problems: ProblemFact[] = [];
  const medications: MedicationFact[] = [];
  const allergies: AllergyFact[] = [];
  const labs: Array<Omit<LabFact, 'date'> & { date: string | null }> = [];
  let noKnownAllergies: EvidenceRef | null = null;

  for (const { template, fields } of values) {
    for (const { field, result } of fields) {
      const key = field.key;
      const items = result.items ?? [];
      const at = (evidence: FieldResult['evidence']): EvidenceRef | null => ref(documentId, template, key, evidence);
      if (ENCOUNTER_TABLE.test(key)) {
        for (const item of items) {
          const date = isoDay(typeof item.value === 'string' ? item.value : column(item.value, /date/));
          if (date) encounters.push({ date, kind: column(item.value, /type|kind/), evidence: at(item.evidence) });
        }
      } else if (key in ENCOUNTER_DATES && field.type !== 'list' && field.type !== 'table') {
        const date = isoDay(cellText(result.value));
        if (date) encounters.push({ date, kind: ENCOUNTER_DATES[key]!, evidence: at(result.evidence) });
      } else if (PROBLEMS.test(key) && hasAssertion(field)) {
        for (const item of items) {
          const name = firstText(field, item.value);
          if (!name) continue;
          const status = column(item.value, /^status$/)?.toLowerCase() ?? null;
          problems.push({ name, label: item.assertion?.label ?? 'affirmed', status, onset: isoDay(column(item.value, /onset/)), date: null, evidence: at(item.evidence) });
        }
      } else if (hasSig(field)) {
        for (const item of items) {
          if (item.assertion?.label === 'family') continue;
          const sig = itemSig(field, item.value);
          const name = firstText(field, item.value) ?? sig?.name ?? null;
          if (!name || !sig) continue;
          const cells = typeof item.value === 'string' ? [item.value] : Object.values(item.value).map(cellText);
          const stopped = item.assertion?.label === 'negated' || cells.some((c) => c !== null && STOPPED.test(c)) || STOPPED.test(sigText(field, item.value));
          medications.push({ name, sig: sigLine(sig), stopped, date: null, evidence: at(item.evidence) });
        }
      } else if (ALLERGIES.test(key) && (field.type === 'list' || field.type === 'table')) {
        for (const item of items) {
          const substance = firstText(field, item.value);
          if (!substance) continue;
          if (NO_KNOWN_ALLERGIES.test(substance)) noKnownAllergies ??= at(item.evidence);
          else if (!item.assertion || item.assertion.label === 'affirmed' || item.assertion.label === 'historical') {
            allergies.push({ substance, date: null, evidence: at(item.evidence) });
          }
        }
      } else if (ALLERGY_STATUS.test(key)) {
        const text = cellText(result.value);
        if (text && (/^no known/i.test(text) || NO_KNOWN_ALLERGIES.test(text))) noKnownAllergies ??= at(result.evidence);
      } else if (LABS.test(key) && field.type === 'table') {
        for (const item of items) {
          const name = firstText(field, item.value);
          const value = column(item.value, /^(?:value|result)$/);
          if (!name || !value) continue;
          labs.push({ name, value, unit: column(item.value, /^unit/), date: isoDay(column(item.value, /date/)), evidence: at(item.evidence) });
        }
      }
    }
  }

  encounters.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const date = encounters[0]?.date ?? null;
  return {
    documentId,
    title,
    identity,
    written,
    reviewed: (['name', 'dob', 'mrn'] as const).filter((k) => picked[k]?.reviewed),
    identifierEvidence: { name: picked.name?.evidence ?? null, dob: picked.dob?.evidence ?? null, mrn: picked.mrn?.evidence ?? null },
    date,
    encounters,
    problems: problems
      .filter((p) => !NOT_A_PROBLEM.has(p.label) && !(p.status !== null && NOT_A_PROBLEM_STATUS.test(p.status)))
      .map((p) => ({ ...p, date })),
    medications: medications.map((m) => ({ ...m, date })),
    allergies: allergies.map((a) => ({ ...a, date })),
    noKnownAllergies,
    labs: labs.map((l) => ({ ...l, date: l.date ?? date })),
  };
}

/** Whether the document names its patient at all (a document with none belongs to no patient). */
export function hasIdentity(facts: Pick<DocumentFacts, 'identity'>): boolean {
  return facts.identity.name !== null || facts.identity.dob !== null || facts.identity.mrn !== null;
}
