// Migration 3: field extraction. User templates, one current value per document x template x
// field (with its evidence, review state, alternatives and a pending model suggestion), and
// the audit log of every change. Never edit once shipped.
export default /* sql */ `
CREATE TABLE templates (
  name       TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- value / normalized / evidence / items / alternatives / suggestion are JSON. The evidence
-- holds page, char range, quote and rectangles, so a value stays highlightable without the model.
CREATE TABLE field_values (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  template     TEXT NOT NULL,
  field_key    TEXT NOT NULL,
  field_type   TEXT NOT NULL,
  value        TEXT,
  normalized   TEXT,
  status       TEXT NOT NULL CHECK (status IN ('verified', 'unsupported', 'cited', 'not_found')),
  source       TEXT NOT NULL CHECK (source IN ('model', 'user')),
  review       TEXT NOT NULL DEFAULT 'none' CHECK (review IN ('none', 'edited', 'confirmed', 'cleared')),
  evidence     TEXT NOT NULL DEFAULT '[]',
  items        TEXT,
  alternatives TEXT NOT NULL DEFAULT '[]',
  suggestion   TEXT,
  run_id       INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (template, document_id, field_key)
);
CREATE INDEX field_values_by_document ON field_values (document_id, template);
CREATE INDEX field_values_by_run ON field_values (run_id);

CREATE TABLE field_audit (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  template    TEXT NOT NULL,
  field_key   TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('extract', 'suggest', 'edit', 'confirm', 'clear', 'add')),
  old_value   TEXT,
  new_value   TEXT,
  source      TEXT NOT NULL CHECK (source IN ('model', 'user')),
  run_id      INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  at          TEXT NOT NULL
);
CREATE INDEX field_audit_by_field ON field_audit (document_id, template, field_key, id);
CREATE INDEX field_audit_by_run ON field_audit (run_id);
`;
