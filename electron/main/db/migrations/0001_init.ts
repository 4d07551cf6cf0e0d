// Migration 1: documents, pages, positioned text and full-text search. Never edit once shipped.
export default /* sql */ `
CREATE TABLE documents (
  id                INTEGER PRIMARY KEY,
  sha256            TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  file_name         TEXT NOT NULL,
  domain            TEXT NOT NULL DEFAULT 'other' CHECK (domain IN ('medical', 'legal', 'other')),
  domain_source     TEXT NOT NULL DEFAULT 'guess' CHECK (domain_source IN ('guess', 'user')),
  page_count        INTEGER NOT NULL DEFAULT 0,
  pages_needing_ocr INTEGER NOT NULL DEFAULT 0,
  bytes             INTEGER NOT NULL,
  metadata          TEXT NOT NULL DEFAULT '{}',
  imported_at       TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  error_code        TEXT,
  error_message     TEXT
);
CREATE INDEX documents_by_imported_at ON documents (imported_at DESC, id DESC);
CREATE INDEX documents_by_status ON documents (status);

CREATE TABLE pages (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number         INTEGER NOT NULL CHECK (number >= 1),
  text           TEXT NOT NULL,
  width          REAL NOT NULL,
  height         REAL NOT NULL,
  has_text_layer INTEGER NOT NULL CHECK (has_text_layer IN (0, 1)),
  needs_ocr      INTEGER NOT NULL CHECK (needs_ocr IN (0, 1)),
  UNIQUE (document_id, number)
);

-- Positioned text runs of a page as JSON [[start, end, x, y, w, h], ...]: maps any
-- character range of pages.text back to rectangles. Kept apart so page lists stay light.
CREATE TABLE page_spans (
  page_id INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
  spans   TEXT NOT NULL
);

CREATE VIRTUAL TABLE pages_fts USING fts5 (
  text,
  content = 'pages',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
  INSERT INTO pages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO pages_fts (rowid, text) VALUES (new.id, new.text);
END;
`;
