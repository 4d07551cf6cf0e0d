// Migration 9: what has been done with each document, kept on its row so the library can sort
// and filter a 100,000-document archive by it in SQL (keyset, from an index): the summary's
// state, the extraction's state (per template in document_extractions, folded into the row)
// and how many stored field values there are, how many a person reviewed and how many still
// need review. Triggers keep the counters, so every path that stores a run, stores or reviews
// a value, or deletes a document keeps them right (a document's delete cascades to its rows).
// States: 'running' while a run is queued or running; otherwise the latest finished run
// decides ('done' or 'failed'); cancelled runs do not count; 'none' without any.
// "Needs review" is the Extract panel's rule (needsReview): nobody reviewed the value and it
// holds one, or the model's answer is unsupported or only cited. (Its low-OCR clause never
// adds a field: OCR evidence only exists for a value.) Never edit once shipped.

const STATES = "('none', 'running', 'done', 'failed')";

/** The state of a document's runs of one kind (and profile): see the header. */
function runState(documentId: string, kind: string, profile: string | null): string {
  const scope = `r.document_id = ${documentId} AND r.kind = '${kind}'${profile ? ` AND r.profile = ${profile}` : ''}`;
  return `CASE WHEN EXISTS (SELECT 1 FROM runs r WHERE ${scope} AND r.status IN ('queued', 'running')) THEN 'running'
    ELSE coalesce((SELECT CASE r.status WHEN 'done' THEN 'done' ELSE 'failed' END FROM runs r
      WHERE ${scope} AND r.status IN ('done', 'failed') ORDER BY r.id DESC LIMIT 1), 'none') END`;
}

const NEEDS_REVIEW = "review = 'none' AND (value IS NOT NULL OR status IN ('unsupported', 'cited'))";

/** One template's counters of a document, recounted from its field values. */
function recountTemplate(documentId: string, template: string): string {
  return `UPDATE document_extractions SET (fields_total, fields_reviewed, fields_needing_review) = (
    SELECT count(*), coalesce(sum(review <> 'none'), 0), coalesce(sum(${NEEDS_REVIEW}), 0)
    FROM field_values WHERE document_id = ${documentId} AND template = ${template})
  WHERE document_id = ${documentId} AND template = ${template};`;
}

/** The document row's extraction state and counters, folded from its templates. */
function foldDocument(documentId: string): string {
  return `UPDATE documents SET (fields_total, fields_reviewed, fields_needing_review, extraction_state) = (
    SELECT coalesce(sum(fields_total), 0), coalesce(sum(fields_reviewed), 0), coalesce(sum(fields_needing_review), 0),
      CASE WHEN max(state = 'running') THEN 'running' WHEN max(state = 'failed') THEN 'failed'
           WHEN max(state = 'done') THEN 'done' ELSE 'none' END
    FROM document_extractions WHERE document_id = ${documentId})
  WHERE id = ${documentId};`;
}

/** The template's row, made when its first run or value arrives (never on a delete). */
function ensureTemplate(documentId: string, template: string): string {
  return `INSERT INTO document_extractions (document_id, template)
    SELECT ${documentId}, ${template}
    WHERE NOT EXISTS (SELECT 1 FROM document_extractions WHERE document_id = ${documentId} AND template = ${template});`;
}

function extractionRunChanged(row: 'new' | 'old', ensure: boolean): string {
  return `${ensure ? ensureTemplate(`${row}.document_id`, `${row}.profile`) : ''}
  UPDATE document_extractions SET state = (${runState(`${row}.document_id`, 'extraction', `${row}.profile`)})
    WHERE document_id = ${row}.document_id AND template = ${row}.profile;
  ${foldDocument(`${row}.document_id`)}`;
}

function valuesChanged(row: 'new' | 'old', ensure: boolean): string {
  return `${ensure ? ensureTemplate(`${row}.document_id`, `${row}.template`) : ''}
  ${recountTemplate(`${row}.document_id`, `${row}.template`)}
  ${foldDocument(`${row}.document_id`)}`;
}

const summaryChanged = (row: 'new' | 'old') =>
  `UPDATE documents SET summary_state = (${runState(`${row}.document_id`, 'summary', null)}) WHERE id = ${row}.document_id;`;

/** Rank of a state for sorting: not started, failed, under way, done. */
export const stateRank = (column: string) => `(CASE ${column} WHEN 'none' THEN 0 WHEN 'failed' THEN 1 WHEN 'running' THEN 2 ELSE 3 END)`;

export default /* sql */ `
ALTER TABLE documents ADD COLUMN summary_state TEXT NOT NULL DEFAULT 'none' CHECK (summary_state IN ${STATES});
ALTER TABLE documents ADD COLUMN extraction_state TEXT NOT NULL DEFAULT 'none' CHECK (extraction_state IN ${STATES});
ALTER TABLE documents ADD COLUMN fields_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN fields_reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN fields_needing_review INTEGER NOT NULL DEFAULT 0;

CREATE TABLE document_extractions (
  document_id           INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  template              TEXT NOT NULL,
  state                 TEXT NOT NULL DEFAULT 'none' CHECK (state IN ${STATES}),
  fields_total          INTEGER NOT NULL DEFAULT 0,
  fields_reviewed       INTEGER NOT NULL DEFAULT 0,
  fields_needing_review INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (document_id, template)
) WITHOUT ROWID;

CREATE TRIGGER runs_summary_insert AFTER INSERT ON runs WHEN new.kind = 'summary' BEGIN ${summaryChanged('new')} END;
CREATE TRIGGER runs_summary_update AFTER UPDATE OF status ON runs WHEN new.kind = 'summary' BEGIN ${summaryChanged('new')} END;
CREATE TRIGGER runs_summary_delete AFTER DELETE ON runs WHEN old.kind = 'summary' BEGIN ${summaryChanged('old')} END;
CREATE TRIGGER runs_extraction_insert AFTER INSERT ON runs WHEN new.kind = 'extraction' BEGIN ${extractionRunChanged('new', true)} END;
CREATE TRIGGER runs_extraction_update AFTER UPDATE OF status ON runs WHEN new.kind = 'extraction' BEGIN ${extractionRunChanged('new', true)} END;
CREATE TRIGGER runs_extraction_delete AFTER DELETE ON runs WHEN old.kind = 'extraction' BEGIN ${extractionRunChanged('old', false)} END;

CREATE TRIGGER field_values_count_insert AFTER INSERT ON field_values BEGIN ${valuesChanged('new', true)} END;
CREATE TRIGGER field_values_count_update AFTER UPDATE ON field_values BEGIN ${valuesChanged('new', true)} END;
-- A row moved to another document or template (nothing does that today) leaves its old count too.
CREATE TRIGGER field_values_count_move AFTER UPDATE OF document_id, template ON field_values
  WHEN old.document_id <> new.document_id OR old.template <> new.template BEGIN ${valuesChanged('old', false)} END;
CREATE TRIGGER field_values_count_delete AFTER DELETE ON field_values BEGIN ${valuesChanged('old', false)} END;

-- The archive as it stands.
INSERT INTO document_extractions (document_id, template)
  SELECT document_id, template FROM field_values UNION SELECT document_id, profile FROM runs WHERE kind = 'extraction';
UPDATE document_extractions SET state = (${runState('document_extractions.document_id', 'extraction', 'document_extractions.template')});
${recountTemplate('document_extractions.document_id', 'document_extractions.template')}
UPDATE documents SET summary_state = (${runState('documents.id', 'summary', null)}) WHERE id IN (SELECT document_id FROM runs WHERE kind = 'summary');
${foldDocument('documents.id').replace(/;$/, ' AND id IN (SELECT document_id FROM document_extractions);')}

-- Each order's index (ending in the id, as SQLite appends the rowid: keyset pages are ranges).
CREATE INDEX documents_by_summary_state ON documents ${stateRank('summary_state')};
CREATE INDEX documents_by_extraction_state ON documents ${stateRank('extraction_state')};
CREATE INDEX documents_by_fields_needing_review ON documents (fields_needing_review);
-- Each filter's partial index, so the list's count reads only the documents it keeps, from
-- the index alone (it holds the columns the count checks).
CREATE INDEX documents_needing_review ON documents (status, fields_needing_review) WHERE fields_needing_review > 0;
CREATE INDEX documents_not_extracted ON documents (status, extraction_state) WHERE extraction_state = 'none';
CREATE INDEX documents_with_failed_work ON documents (status, summary_state, extraction_state) WHERE summary_state = 'failed' OR extraction_state = 'failed';
CREATE INDEX documents_needing_ocr ON documents (status, pages_needing_ocr) WHERE pages_needing_ocr > 0;
`;
