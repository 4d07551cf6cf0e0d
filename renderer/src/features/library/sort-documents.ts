// Client-side filtering and sorting of the library. Pure: no DOM, no React.
import type { DocumentRecord } from '../../../../shared/domain';

export type SortKey = 'title' | 'status' | 'pages' | 'domain' | 'importedAt';
export type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: SortOrder = { key: 'importedAt', direction: 'desc' };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(a: DocumentRecord, b: DocumentRecord, key: SortKey): number {
  switch (key) {
    case 'title':
      return collator.compare(a.title || a.fileName, b.title || b.fileName);
    case 'status':
      return collator.compare(a.status, b.status);
    case 'pages':
      return a.pageCount - b.pageCount;
    case 'domain':
      return collator.compare(a.domain, b.domain);
    case 'importedAt':
      return a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0;
    default:
      return key satisfies never;
  }
}

export function filterAndSort(items: readonly DocumentRecord[], filter: string, order: SortOrder): DocumentRecord[] {
  const needle = filter.trim().toLocaleLowerCase();
  const kept = needle
    ? items.filter((d) => d.title.toLocaleLowerCase().includes(needle) || d.fileName.toLocaleLowerCase().includes(needle))
    : items.slice();
  const sign = order.direction === 'asc' ? 1 : -1;
  // Ties fall back to the id so the order is stable across reloads.
  return kept.sort((a, b) => sign * compare(a, b, order.key) || b.id - a.id);
}

export function toggleSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  // Dates and page counts read best largest first; text A to Z.
  return { key, direction: key === 'importedAt' || key === 'pages' ? 'desc' : 'asc' };
}
