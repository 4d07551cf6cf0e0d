// Migration 4: the persistent job queue and OCR text. Jobs (import, OCR, summarize,
// extract) live in the archive so a batch survives a crash: each job keeps its state,
// progress, attempts and error, and its finished steps (pages, passes) in job_steps, so a
// restarted job skips what is already done. Batches hold the "process these files with
// template X" choices that create follow-up jobs; watched folders
// keep theirs. Pages gain where their text came from
// and, for OCR, its mean word confidence (0-100). Never edit once shipped.
export default /* sql */ `
CREATE TABLE batches (
  id         INTEGER PRIMARY KEY,
  label      TEXT NOT NULL,
  template   TEXT,
  summarize  INTEGER NOT NULL DEFAULT 0 CHECK (summarize IN (0, 1)),
  model_path TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE jobs (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER REFERENCES batches (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('import', 'ocr', 'summarize', 'extract')),
  state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
  priority       INTEGER NOT NULL DEFAULT 0,
  -- What to do, as JSON: {path, name} for an import, {template, modelPath} for an extraction.
  payload        TEXT NOT NULL DEFAULT '{}',
  document_id    INTEGER REFERENCES documents (id) ON DELETE CASCADE,
  progress_done  INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER NOT NULL DEFAULT 0,
  attempts       INTEGER NOT NULL DEFAULT 0,
  error_code     TEXT,
  error_message  TEXT,
  -- What the job produced, as JSON: the document id, the run id, the outcome.
  result         TEXT,
  created_at     TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT
);
CREATE INDEX jobs_by_state ON jobs (state, priority DESC, id);
CREATE INDEX jobs_by_batch ON jobs (batch_id);
CREATE INDEX jobs_by_document ON jobs (document_id);

-- A job's finished steps: an extraction pass's answer for one field, a summary chunk.
CREATE TABLE job_steps (
  job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  step   TEXT NOT NULL,
  data   TEXT NOT NULL,
  PRIMARY KEY (job_id, step)
);

-- Folders the app watches for new PDFs while it runs, and what to do with each file.
CREATE TABLE watched_folders (
  folder     TEXT PRIMARY KEY,
  template   TEXT,
  summarize  INTEGER NOT NULL DEFAULT 0 CHECK (summarize IN (0, 1)),
  model_path TEXT,
  created_at TEXT NOT NULL
);

ALTER TABLE pages ADD COLUMN text_source TEXT NOT NULL DEFAULT 'pdf' CHECK (text_source IN ('pdf', 'ocr'));
ALTER TABLE pages ADD COLUMN ocr_confidence REAL;
`;
