// Migration 10: a search index that keeps the newest pages first. With FTS5's secure-delete on
// (migration 5: deleting erases), FTS5 walks a word's pages backwards without its doclist
// index: to find the newest pages of a word on most of 2M pages it read the whole list
// (110-220 ms the first time). pages_fts_desc stores each page under the row id -id, so the
// newest pages of a word are the start of its list, where a forward walk begins (4-7 ms).
// - Contentless: its text is pages.text. Deletes and updates hand FTS5 the old text, so
//   secure-delete still removes a deleted page's terms from the segments.
// - Existing pages are indexed by resumable steps, newest first (services/archive/
//   search-index.ts), never all at once: search_backfill.below is the page id under which no
//   page is in pages_fts_desc yet. Until it reaches 0, pages_fts (migration 1) serves searches
//   and its triggers keep it up to date; the next open drops it. Pages under the mark are left
//   to the steps, so no page is indexed twice, even when ids are reused.
// Never edit once shipped.
export default /* sql */ `
CREATE VIRTUAL TABLE pages_fts_desc USING fts5 (
  text,
  content = '',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO pages_fts_desc (pages_fts_desc, rank) VALUES ('secure-delete', 1);

CREATE TABLE search_backfill (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  below INTEGER NOT NULL
);
INSERT INTO search_backfill (id, below) SELECT 1, coalesce(max(id), 0) + 1 FROM pages;

CREATE TRIGGER pages_fts_desc_insert AFTER INSERT ON pages
WHEN new.id >= (SELECT below FROM search_backfill) BEGIN
  INSERT INTO pages_fts_desc (rowid, text) VALUES (-new.id, new.text);
END;
CREATE TRIGGER pages_fts_desc_delete AFTER DELETE ON pages
WHEN old.id >= (SELECT below FROM search_backfill) BEGIN
  INSERT INTO pages_fts_desc (pages_fts_desc, rowid, text) VALUES ('delete', -old.id, old.text);
END;
CREATE TRIGGER pages_fts_desc_update AFTER UPDATE OF text ON pages
WHEN old.id >= (SELECT below FROM search_backfill) BEGIN
  INSERT INTO pages_fts_desc (pages_fts_desc, rowid, text) VALUES ('delete', -old.id, old.text);
  INSERT INTO pages_fts_desc (rowid, text) VALUES (-new.id, new.text);
END;
`;
