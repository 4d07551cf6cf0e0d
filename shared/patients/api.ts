// Patients as they cross the API: documents grouped by the patient their extracted values
// name (shared/patients/identity.ts), suggested merges where identifiers are shared but
// others differ, one patient's timeline (encounters, problems, medications, labs) and the
// conflicts between documents. Every point carries the evidence it came from, so the reader
// opens on it. Schemas first; types inferred. Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';
import { assertionLabelSchema } from '../extraction/api';

export const patientIdSchema = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const IDENTIFIER_KIND_VALUES = ['name', 'dob', 'mrn'] as const;
export const identifierKindSchema = z.enum(IDENTIFIER_KIND_VALUES);

/** Where a point came from: the field of a template on a page (the reader opens its Extract tab there). */
export const evidenceRefSchema = z.object({
  documentId: documentIdSchema,
  template: z.string(),
  field: z.string(),
  page: z.number().int().positive(),
  quote: z.string(),
});
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

export const patientSummarySchema = z.object({
  id: patientIdSchema,
  /** "Last, First" from the normalized name most documents give; null when none names the patient. */
  name: z.string().nullable(),
  dob: z.string().nullable(),
  mrn: z.string().nullable(),
  documents: z.number().int().nonnegative(),
  /** Earliest and latest encounter dates of the patient's documents. */
  first: isoDate.nullable(),
  last: isoDate.nullable(),
  /** Identifiers that differ between the patient's own documents (after a person merged them). */
  differing: z.array(identifierKindSchema),
  /** A person merged or split this patient: its documents stay where they were put. */
  decided: z.boolean(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

/** Two patients that share an identifier but were not grouped (another one differs, or too little matched). */
export const mergeSuggestionSchema = z.object({
  patientId: patientIdSchema,
  otherId: patientIdSchema,
  shared: z.array(identifierKindSchema),
  differing: z.array(identifierKindSchema),
});
export type MergeSuggestion = z.infer<typeof mergeSuggestionSchema>;

export const patientDocumentSchema = z.object({
  documentId: documentIdSchema,
  title: z.string(),
  date: isoDate.nullable(),
  /** The identifiers as written (a person's edit wins), and whether a person reviewed each. */
  identifiers: z.object({ name: z.string().nullable(), dob: z.string().nullable(), mrn: z.string().nullable() }),
  reviewed: z.array(identifierKindSchema),
  pinned: z.boolean(),
});
export type PatientDocument = z.infer<typeof patientDocumentSchema>;

const pointBase = { date: isoDate.nullable(), documentId: documentIdSchema, title: z.string(), evidence: evidenceRefSchema.nullable() };

export const encounterSchema = z.object({ ...pointBase, kind: z.string().nullable() });
export type Encounter = z.infer<typeof encounterSchema>;

export const PROBLEM_STATES = ['active', 'historical', 'resolved'] as const;
export const problemSchema = z.object({
  key: z.string(),
  name: z.string(),
  state: z.enum(PROBLEM_STATES),
  /** Stated onset and resolution dates (a column of the template, or the document a 'resolved' status is on). */
  onset: isoDate.nullable(),
  resolved: isoDate.nullable(),
  mentions: z.array(z.object({ ...pointBase, label: assertionLabelSchema })),
});
export type Problem = z.infer<typeof problemSchema>;

export const MEDICATION_CHANGES = ['started', 'changed', 'continued', 'stopped'] as const;
export const medicationSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** As of the latest dated mention. */
  state: z.enum(['active', 'stopped']),
  events: z.array(z.object({ ...pointBase, change: z.enum(MEDICATION_CHANGES), sig: z.string() })),
});
export type Medication = z.infer<typeof medicationSchema>;

export const labSchema = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  points: z.array(z.object({ ...pointBase, value: z.string(), numeric: z.number().nullable(), unit: z.string().nullable() })),
});
export type Lab = z.infer<typeof labSchema>;

export const CONFLICT_KINDS = ['allergy', 'medication', 'dob', 'mrn'] as const;
export const conflictSchema = z.object({
  kind: z.enum(CONFLICT_KINDS),
  /** What differs, in words: "Penicillin allergy / no known allergies". */
  label: z.string(),
  sides: z.array(z.object({ ...pointBase, text: z.string() })),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const patientDetailSchema = z.object({
  patient: patientSummarySchema,
  documents: z.array(patientDocumentSchema),
  encounters: z.array(encounterSchema),
  problems: z.array(problemSchema),
  medications: z.array(medicationSchema),
  labs: z.array(labSchema),
  conflicts: z.array(conflictSchema),
  suggestions: z.array(mergeSuggestionSchema),
});
export type PatientDetail = z.infer<typeof patientDetailSchema>;

const pair = z.object({ patientId: patientIdSchema, otherId: patientIdSchema });

export const patientCalls = {
  /** Every patient (documents grouped again from the current values first) and the suggested merges. */
  'patients:list': {
    request: z.object({}),
    response: z.object({ patients: z.array(patientSummarySchema), suggestions: z.array(mergeSuggestionSchema) }),
  },
  'patients:get': { request: z.object({ patientId: patientIdSchema }), response: patientDetailSchema },
  /** A person's merge: the other patient's documents join this one; both stay together from now on. */
  'patients:merge': { request: pair, response: z.object({ patient: patientSummarySchema }) },
  /** A person's split: the documents leave the patient for a new one (some must stay). */
  'patients:split': {
    request: z.object({ patientId: patientIdSchema, documentIds: z.array(documentIdSchema).min(1).max(10_000) }),
    response: z.object({ patient: patientSummarySchema }),
  },
  /** Declines a suggested merge: the two are not suggested again. */
  'patients:keepApart': { request: pair, response: z.object({ keptApart: z.boolean() }) },
} as const;
