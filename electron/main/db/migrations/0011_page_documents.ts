// Migration 11: which document each page belongs to, in a table of two integers per page. A
// search with a domain (or document) filter checks each match's document: read from pages,
// that is one row of page text per match, in a 2.4 GB table at 2M pages (4-70 ms for a
// thousand matches the first time in an encrypted archive, each read a decryption). The same
// answer from page_documents reads a table of ~25 MB that stays in SQLite's cache (~2 ms).
// - Same columns as pages (id = the page's id), so a search joins either one the same way.
// - Existing pages go in by resumable steps, newest first, like pages_fts_desc (migration 10;
//   services/archive/search-index.ts): search_backfill.documents_below is the page id under
//   which no page is in page_documents yet. Until it reaches 0, searches read pages. Triggers
//   add only pages at or above the mark, so no page goes in twice, even when ids are reused.
// - Only ids: no text of a page, so nothing here needs erasing beyond its row.
// Never edit once shipped.
export default /* sql */ `
CREATE TABLE page_documents (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL
);

ALTER TABLE search_backfill ADD COLUMN documents_below INTEGER NOT NULL DEFAULT 0;
UPDATE search_backfill SET documents_below = (SELECT coalesce(max(id), 0) + 1 FROM pages);

CREATE TRIGGER page_documents_insert AFTER INSERT ON pages
WHEN new.id >= (SELECT documents_below FROM search_backfill) BEGIN
  INSERT INTO page_documents (id, document_id) VALUES (new.id, new.document_id);
END;
CREATE TRIGGER page_documents_delete AFTER DELETE ON pages BEGIN
  DELETE FROM page_documents WHERE id = old.id;
END;
CREATE TRIGGER page_documents_update AFTER UPDATE OF id, document_id ON pages BEGIN
  DELETE FROM page_documents WHERE id = old.id;
  INSERT INTO page_documents (id, document_id)
    SELECT new.id, new.document_id WHERE new.id >= (SELECT documents_below FROM search_backfill);
END;
`;
