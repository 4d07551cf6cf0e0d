// Search hits grouped by document, and how each group's matching pages read. Pure: no DOM, no React.
import type { SearchDocumentMatches, SearchHit } from '../../../../shared/domain';

export interface DocumentGroup {
  readonly documentId: number;
  readonly title: string;
  readonly fileName: string;
  readonly matches: SearchDocumentMatches | null;
  /** Its hits, by page. */
  readonly hits: SearchHit[];
}

/** The hits by document, in the order of each document's best hit. */
export function groupByDocument(hits: readonly SearchHit[], documents: readonly SearchDocumentMatches[]): DocumentGroup[] {
  const counts = new Map(documents.map((d) => [d.documentId, d]));
  const groups = new Map<number, DocumentGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.documentId);
    if (!group) {
      group = { documentId: hit.documentId, title: hit.title.trim() || hit.fileName, fileName: hit.fileName, matches: counts.get(hit.documentId) ?? null, hits: [] };
      groups.set(hit.documentId, group);
    }
    group.hits.push(hit);
  }
  for (const group of groups.values()) group.hits.sort((a, b) => a.page - b.page);
  return [...groups.values()];
}

/** "3 matching pages", "12 matching pages, 3 shown", or "At least 3 matching pages" when not counted. */
export function matchesLabel(group: Pick<DocumentGroup, 'matches' | 'hits'>): string {
  const shown = group.hits.length;
  const n = group.matches?.matches ?? shown;
  const pages = (k: number) => `${k.toLocaleString()} matching ${k === 1 ? 'page' : 'pages'}`;
  // Too many matches to count per document: the hits shown are a lower bound.
  if (!group.matches?.exact) return `At least ${pages(shown)}`;
  return n > shown ? `${pages(n)}, ${shown.toLocaleString()} shown` : pages(n);
}
