// Patients across documents: each document's identifiers from its current clinical values
// (document-facts.ts), grouped (grouping.ts) with a person's merges and splits kept
// (patient-store.ts), and one patient's timeline and conflicts (timeline.ts). Grouping runs
// again on every list, so a corrected name or date of birth regroups its document.
// Plain Node, no electron.
import { AppError } from '../../../../shared/errors';
import { patientIdentifierKind } from '../../../../shared/extraction/identifiers';
import type { Template } from '../../../../shared/extraction/templates';
import type { MergeSuggestion, PatientDetail, PatientSummary } from '../../../../shared/patients/api';
import { displayName, IDENTIFIER_KINDS, type PatientIdentity } from '../../../../shared/patients/identity';
import type { Archive } from '../archive/archive';
import type { Db } from '../../db/open';
import type { ExtractionService } from '../extraction/extraction-service';
import { documentFacts, hasIdentity, type DocumentFacts, type TemplateValues } from './document-facts';
import { groupDocuments, suggestMerges } from './grouping';
import { PatientStore } from './patient-store';
import { buildTimeline } from './timeline';

export interface PatientServiceDeps {
  readonly db: Db;
  readonly archive: Archive;
  readonly extraction: ExtractionService;
  readonly now?: () => Date;
}

interface State {
  readonly facts: ReadonlyMap<number, DocumentFacts>;
  /** Patient id -> its documents' facts, in document order. */
  readonly patients: ReadonlyMap<number, DocumentFacts[]>;
  readonly pinned: ReadonlySet<number>;
}

/** The value most documents give (ties: the first document's). */
function mostCommon(values: ReadonlyArray<string | null>): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

export class PatientService {
  private readonly store: PatientStore;

  constructor(private readonly deps: PatientServiceDeps) {
    this.store = new PatientStore(deps.db, deps.now ?? (() => new Date()));
  }

  list(): { patients: PatientSummary[]; suggestions: MergeSuggestion[] } {
    const state = this.regroup();
    return { patients: [...state.patients.keys()].map((id) => this.summary(state, id)), suggestions: this.suggestions(state) };
  }

  get(patientId: number): PatientDetail {
    const state = this.regroup();
    const documents = this.documentsOf(state, patientId);
    const timeline = buildTimeline(documents);
    return {
      patient: this.summary(state, patientId),
      documents: documents.map((d) => ({
        documentId: d.documentId,
        title: d.title,
        date: d.date,
        identifiers: d.written,
        reviewed: [...d.reviewed],
        pinned: state.pinned.has(d.documentId),
      })),
      ...timeline,
      suggestions: this.suggestions(state).filter((s) => s.patientId === patientId || s.otherId === patientId),
    };
  }

  /** The other patient's documents join this one; every document of both is pinned there. */
  merge(patientId: number, otherId: number): { patient: PatientSummary } {
    if (patientId === otherId) throw new AppError('invalid_request', `Patient ${patientId} cannot be merged with itself.`);
    const state = this.regroup();
    const documents = [...this.documentsOf(state, patientId), ...this.documentsOf(state, otherId)];
    this.store.transaction(() => {
      for (const d of documents) this.store.place(d.documentId, patientId, true);
      this.store.dropEmpty();
    });
    return { patient: this.summary(this.regroup(), patientId) };
  }

  /** The documents move to a new patient; both patients' documents are pinned where they now are. */
  split(patientId: number, documentIds: readonly number[]): { patient: PatientSummary } {
    const state = this.regroup();
    const documents = this.documentsOf(state, patientId);
    const leaving = new Set(documentIds);
    const own = new Set(documents.map((d) => d.documentId));
    const foreign = [...leaving].filter((id) => !own.has(id));
    if (foreign.length > 0) throw new AppError('invalid_request', `Document ${foreign.join(', ')} is not one of patient ${patientId}'s documents.`);
    if (leaving.size === own.size) throw new AppError('invalid_request', `Splitting every document off patient ${patientId} would leave it empty; keep at least one.`);
    const created = this.store.transaction(() => {
      const id = this.store.create();
      for (const d of documents) this.store.place(d.documentId, leaving.has(d.documentId) ? id : patientId, true);
      return id;
    });
    return { patient: this.summary(this.regroup(), created) };
  }

  /** A suggested merge declined: the pair is not suggested again. */
  keepApart(patientId: number, otherId: number): { keptApart: boolean } {
    if (patientId === otherId) throw new AppError('invalid_request', `Patient ${patientId} cannot be kept apart from itself.`);
    const state = this.regroup();
    this.documentsOf(state, patientId);
    this.documentsOf(state, otherId);
    this.store.keepApart(patientId, otherId);
    return { keptApart: true };
  }

  private documentsOf(state: State, patientId: number): DocumentFacts[] {
    const documents = state.patients.get(patientId);
    if (!documents) throw new AppError('not_found', `No patient ${patientId}.`);
    return documents;
  }

  private summary(state: State, patientId: number): PatientSummary {
    const documents = this.documentsOf(state, patientId);
    const dates = documents.flatMap((d) => d.encounters.map((e) => e.date)).filter((d): d is string => d !== null).sort();
    const name = mostCommon(documents.map((d) => d.identity.name));
    return {
      id: patientId,
      name: name === null ? null : displayName(name),
      dob: mostCommon(documents.map((d) => d.identity.dob)),
      mrn: mostCommon(documents.map((d) => d.identity.mrn)),
      documents: documents.length,
      first: dates[0] ?? null,
      last: dates[dates.length - 1] ?? null,
      differing: IDENTIFIER_KINDS.filter((k) => new Set(documents.map((d) => d.identity[k]).filter((v) => v !== null)).size > 1),
      decided: documents.some((d) => state.pinned.has(d.documentId)),
    };
  }

  private suggestions(state: State): MergeSuggestion[] {
    const members = new Map<number, PatientIdentity[]>([...state.patients].map(([id, docs]) => [id, docs.map((d) => d.identity)]));
    return suggestMerges(members, this.store.keptApart());
  }

  /** Every document's facts from the templates that name a patient. */
  private readFacts(): Map<number, DocumentFacts> {
    const { extraction, archive } = this.deps;
    const templates = new Map<string, Template | null>();
    const template = (name: string): Template | null => {
      if (!templates.has(name)) {
        let t: Template | null = null;
        try {
          t = extraction.templates.get(name);
        } catch {
          t = null; // a user template deleted since: its values name no fields any more
        }
        templates.set(name, t && t.fields.some((f) => patientIdentifierKind(f.key) !== null) ? t : null);
      }
      return templates.get(name)!;
    };
    const byDocument = new Map<number, TemplateValues[]>();
    for (const { documentId, template: name } of extraction.fields.valuePairs()) {
      const t = template(name);
      if (!t) continue;
      const results = extraction.fields.get(documentId, t);
      const list = byDocument.get(documentId) ?? [];
      list.push({ template: name, fields: t.fields.map((field, i) => ({ field, result: results[i]! })) });
      byDocument.set(documentId, list);
    }
    const out = new Map<number, DocumentFacts>();
    for (const [documentId, values] of byDocument) {
      const facts = documentFacts(documentId, archive.getDocument(documentId).title, values);
      if (hasIdentity(facts)) out.set(documentId, facts);
    }
    return out;
  }

  /** Groups the documents again and stores where each now is; a person's placements stay. */
  private regroup(): State {
    const facts = this.readFacts();
    return this.store.transaction(() => {
      const previous = this.store.placements();
      const identities = new Map([...facts].map(([id, f]) => [id, f.identity]));
      const { placements } = groupDocuments(identities, previous);
      const created = new Map<number, number>();
      const patients = new Map<number, DocumentFacts[]>();
      const pinned = new Set<number>();
      for (const [documentId, p] of placements) {
        let patientId = p.patientId;
        if (patientId < 0) {
          if (!created.has(patientId)) created.set(patientId, this.store.create());
          patientId = created.get(patientId)!;
        }
        this.store.place(documentId, patientId, p.pinned);
        if (p.pinned) pinned.add(documentId);
        // A pinned document whose identifiers were all cleared stays placed but shows nothing.
        const f = facts.get(documentId);
        if (f) patients.set(patientId, [...(patients.get(patientId) ?? []), f]);
      }
      for (const p of previous) if (!placements.has(p.documentId)) this.store.unplace(p.documentId);
      this.store.dropEmpty();
      return { facts, patients, pinned };
    });
  }
}

