// Migration 5: deleting erases, and an access trail. Never edit once shipped.
// - The search index removes a deleted page's terms from its segments ('secure-delete')
//   instead of only adding a delete marker that leaves them readable; an 'optimize' merges
//   away what earlier deletes left behind. (secure_delete for the tables is a connection
//   pragma: db/open.ts.)
// - access_log records who (the OS user) did what (opened, searched, exported, printed, backed
//   up, restored, deleted, changed a value, locked, unlocked) with which document, and when. It
//   never holds document text: `detail` carries counts, formats and field keys. It is append-only:
//   triggers refuse DELETE and every UPDATE except the one a document's deletion makes, which
//   replaces its title by "deleted document #id". document_id is no foreign key: rows outlive
//   their document.
export default /* sql */ `
INSERT INTO pages_fts (pages_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO pages_fts (pages_fts) VALUES ('optimize');

CREATE TABLE access_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  os_user     TEXT NOT NULL,
  via         TEXT NOT NULL CHECK (via IN ('app', 'bridge', 'cli')),
  action      TEXT NOT NULL CHECK (action IN ('opened', 'searched', 'exported', 'printed', 'backed_up', 'restored',
                                              'deleted', 'value_changed', 'locked', 'unlocked')),
  document_id INTEGER,
  title       TEXT,
  detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX access_log_by_document ON access_log (document_id, id);
CREATE INDEX access_log_by_at ON access_log (at, id);

CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log BEGIN
  SELECT RAISE(ABORT, 'The access log is append-only: its entries cannot be deleted.');
END;
CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
WHEN NOT (
  new.title IS 'deleted document #' || old.document_id
  AND new.id IS old.id AND new.at IS old.at AND new.os_user IS old.os_user AND new.via IS old.via
  AND new.action IS old.action AND new.document_id IS old.document_id AND new.detail IS old.detail
) BEGIN
  SELECT RAISE(ABORT, 'The access log is append-only: its entries cannot be changed.');
END;
CREATE TRIGGER documents_delete_forgets_title AFTER DELETE ON documents BEGIN
  UPDATE access_log SET title = 'deleted document #' || old.id
  WHERE document_id = old.id AND title IS NOT 'deleted document #' || old.id;
END;
`;
