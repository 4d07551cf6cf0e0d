// Migration 2: installed models, app settings, and model runs (summaries now, extraction
// later) stored with the model, prompt version, settings and timings. Never edit once shipped.
export default /* sql */ `
CREATE TABLE models (
  id                INTEGER PRIMARY KEY,
  sha256            TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  file_name         TEXT NOT NULL,
  path              TEXT NOT NULL,
  storage           TEXT NOT NULL CHECK (storage IN ('copied', 'referenced', 'downloaded')),
  bytes             INTEGER NOT NULL,
  architecture      TEXT NOT NULL,
  parameters        INTEGER,
  quantization      TEXT,
  context_length    INTEGER,
  has_chat_template INTEGER NOT NULL DEFAULT 0 CHECK (has_chat_template IN (0, 1)),
  catalog_id        TEXT,
  added_at          TEXT NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('summary', 'extraction')),
  profile        TEXT NOT NULL,
  prompt_version TEXT NOT NULL,
  model_sha256   TEXT,
  model_name     TEXT,
  settings       TEXT NOT NULL DEFAULT '{}',
  status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  error_code     TEXT,
  error_message  TEXT,
  tokens_input   INTEGER NOT NULL DEFAULT 0,
  tokens_output  INTEGER NOT NULL DEFAULT 0,
  timings        TEXT NOT NULL DEFAULT '{}',
  pages_read     INTEGER NOT NULL DEFAULT 0,
  pages_total    INTEGER NOT NULL DEFAULT 0,
  output         TEXT,
  started_at     TEXT NOT NULL,
  finished_at    TEXT
);
CREATE INDEX runs_by_document ON runs (document_id, kind, started_at DESC);
`;
