// Migration 8: patients, the documents grouped by the patient their extracted values name,
// and a person's decisions about them. Never edit once shipped.
// - patients holds no identifier: names, dates of birth and record numbers are read from the
//   current field values each time, so a person's correction regroups and nothing about the
//   patient outlives the documents.
// - patient_documents places each document with one patient. `pinned` marks a person's merge
//   or split: a pinned document stays where it was put; the others are grouped again from
//   the current values. Deleting a document deletes its row, and the last row of a patient
//   deletes the patient (trigger), so deleting erases (services/archive/erase.ts).
// - patients_kept_apart holds declined merge suggestions (pairs in id order).
export default /* sql */ `
CREATE TABLE patients (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at  TEXT NOT NULL
);

CREATE TABLE patient_documents (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  patient_id  INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  updated_at  TEXT NOT NULL
);
CREATE INDEX patient_documents_by_patient ON patient_documents (patient_id);

CREATE TABLE patients_kept_apart (
  patient_id  INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  other_id    INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  decided_at  TEXT NOT NULL,
  PRIMARY KEY (patient_id, other_id),
  CHECK (patient_id < other_id)
);
CREATE INDEX patients_kept_apart_by_other ON patients_kept_apart (other_id);

CREATE TRIGGER patients_erase_when_empty AFTER DELETE ON patient_documents
WHEN NOT EXISTS (SELECT 1 FROM patient_documents WHERE patient_id = old.patient_id)
BEGIN
  DELETE FROM patients WHERE id = old.patient_id;
END;
`;
