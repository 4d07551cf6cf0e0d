// The library's column order. Sorting and filtering happen in SQL (documents:list); this is
// only which order a header click asks for. Pure: no DOM, no React.
import { DEFAULT_DOCUMENT_SORT, type DocumentSort, type DocumentSortKey } from '../../../../shared/library';

export type SortKey = DocumentSortKey;
export type SortOrder = DocumentSort;
export const DEFAULT_SORT: SortOrder = DEFAULT_DOCUMENT_SORT;

export function toggleSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  // Dates, page counts and fields to review read best largest first; text A to Z; work not
  // started (then failed) first.
  return { key, direction: key === 'importedAt' || key === 'pages' || key === 'review' ? 'desc' : 'asc' };
}
