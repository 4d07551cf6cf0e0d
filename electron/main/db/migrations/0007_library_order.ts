// Migration 7: the library lists documents a page at a time, ordered by any of its columns
// (keyset pagination: WHERE (key, id) beyond the last row seen). Each order needs an index
// that ends in the id, so a page is an index range, never a sort of the whole table. SQLite
// appends the rowid to every index, so (page_count) serves ORDER BY page_count, id.
// Imported-at and status already have theirs (migration 1). Never edit once shipped.
export default /* sql */ `
CREATE INDEX documents_by_title ON documents (lower(CASE WHEN title <> '' THEN title ELSE file_name END));
CREATE INDEX documents_by_page_count ON documents (page_count);
CREATE INDEX documents_by_domain ON documents (domain);
`;
