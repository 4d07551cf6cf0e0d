// Migration 12: every term of the search index, with the number of pages that hold it. FTS5
// answers a prefix (speci*) by merging the whole page lists of every term it begins, before the
// first match comes out: 50 ms for speci* and 400 ms for con* at 2M pages. With the terms listed,
// a search asks for them by name instead (specif OR special OR ...), which FTS5 walks
// match by match (1-5 ms to the first 10,000). FTS5's own list of terms (fts5vocab) is no
// help: it counts each term's pages as it lists them, as slow as the merge.
// - Triggers count a page's terms as it goes into pages (or out of it): term_scratch cuts its
//   text with pages_fts_desc's tokenizer, term_scratch_vocab lists the terms, and 'delete-all'
//   empties it again. A term no page holds any more is deleted: deleting erases.
// - Existing terms are listed by resumable steps (services/archive/search-index.ts) once
//   pages_fts_desc is built, in term order: search_backfill.terms_through is the last term
//   counted ('' none yet, NULL all). The triggers count only terms up to it; the steps read the
//   rest from the index, counted at that moment. Until it is NULL, prefixes go to FTS5 as typed.
// Never edit once shipped.

/** SQL that counts one page's terms in (`new.text`), or out (`old.text`) of search_terms. */
function countTerms(text: 'new.text' | 'old.text'): string {
  const change =
    text === 'new.text'
      ? `INSERT INTO search_terms (term, pages)
           SELECT term, 1 FROM term_scratch_vocab
           WHERE term <= coalesce((SELECT terms_through FROM search_backfill), term)
           ON CONFLICT (term) DO UPDATE SET pages = pages + 1;`
      : `UPDATE search_terms SET pages = pages - 1 WHERE term IN (SELECT term FROM term_scratch_vocab);
         DELETE FROM search_terms WHERE pages <= 0 AND term IN (SELECT term FROM term_scratch_vocab);`;
  return `INSERT INTO term_scratch (rowid, text) VALUES (1, ${text});
  ${change}
  INSERT INTO term_scratch (term_scratch) VALUES ('delete-all');`;
}

export default /* sql */ `
CREATE TABLE search_terms (
  term  TEXT PRIMARY KEY,
  pages INTEGER NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE term_scratch USING fts5 (
  text,
  content = '',
  detail = 'none',
  columnsize = 0,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE term_scratch_vocab USING fts5vocab (term_scratch, 'row');

ALTER TABLE search_backfill ADD COLUMN terms_through TEXT;
UPDATE search_backfill SET terms_through = CASE WHEN EXISTS (SELECT 1 FROM pages) THEN '' END;

CREATE TRIGGER search_terms_insert AFTER INSERT ON pages
WHEN (SELECT terms_through FROM search_backfill) IS NOT '' BEGIN
  ${countTerms('new.text')}
END;
CREATE TRIGGER search_terms_delete AFTER DELETE ON pages
WHEN (SELECT terms_through FROM search_backfill) IS NOT '' BEGIN
  ${countTerms('old.text')}
END;
CREATE TRIGGER search_terms_update AFTER UPDATE OF text ON pages
WHEN (SELECT terms_through FROM search_backfill) IS NOT '' BEGIN
  ${countTerms('old.text')}
  ${countTerms('new.text')}
END;
`;
