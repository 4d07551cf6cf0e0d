// The SQL of migration 8: which patient each document is placed with, whether a person put
// it there (pinned), and the pairs a person kept apart. Plain Node, no electron.
import type { Db } from '../../db/open';
import type { Placement } from './grouping';
import { pairKey } from './grouping';

export class PatientStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  placements(): Placement[] {
    return this.db
      .prepare<[], { documentId: number; patientId: number; pinned: number }>(
        'SELECT document_id AS documentId, patient_id AS patientId, pinned FROM patient_documents ORDER BY document_id',
      )
      .all()
      .map((r) => ({ documentId: r.documentId, patientId: r.patientId, pinned: r.pinned === 1 }));
  }

  exists(patientId: number): boolean {
    return this.db.prepare<[number], { id: number }>('SELECT id FROM patients WHERE id = ?').get(patientId) !== undefined;
  }

  create(): number {
    return Number(this.db.prepare('INSERT INTO patients (created_at) VALUES (?)').run(this.stamp()).lastInsertRowid);
  }

  /** Puts the document with the patient (replacing its earlier placement). */
  place(documentId: number, patientId: number, pinned: boolean): void {
    this.db
      .prepare(
        `INSERT INTO patient_documents (document_id, patient_id, pinned, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET patient_id = excluded.patient_id, pinned = excluded.pinned, updated_at = excluded.updated_at
         WHERE patient_id IS NOT excluded.patient_id OR pinned IS NOT excluded.pinned`,
      )
      .run(documentId, patientId, pinned ? 1 : 0, this.stamp());
  }

  unplace(documentId: number): void {
    this.db.prepare('DELETE FROM patient_documents WHERE document_id = ?').run(documentId);
  }

  /** Patients left without documents (their documents moved) go. */
  dropEmpty(): void {
    this.db.prepare('DELETE FROM patients WHERE id NOT IN (SELECT patient_id FROM patient_documents)').run();
  }

  keptApart(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { a: number; b: number }>('SELECT patient_id AS a, other_id AS b FROM patients_kept_apart')
        .all()
        .map((r) => pairKey(r.a, r.b)),
    );
  }

  keepApart(a: number, b: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO patients_kept_apart (patient_id, other_id, decided_at) VALUES (?, ?, ?)')
      .run(Math.min(a, b), Math.max(a, b), this.stamp());
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
