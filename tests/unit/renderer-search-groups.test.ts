// Search hits grouped by document, and how each group's matching pages read.
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../shared/domain';
import { groupByDocument, matchesLabel } from '../../renderer/src/features/search/group-hits';

const hit = (documentId: number, page: number): SearchHit => ({ documentId, title: `Doc ${documentId}`, fileName: `d${documentId}.pdf`, page, snippet: 'x', highlights: [] });

describe('search groups', () => {
  it('groups hits by document in the order of each one’s best hit, its hits by page', () => {
    const groups = groupByDocument([hit(2, 9), hit(1, 4), hit(2, 3), hit(1, 1)], [
      { documentId: 2, matches: 2, exact: true },
      { documentId: 1, matches: 7, exact: true },
    ]);
    expect(groups.map((g) => [g.documentId, g.hits.map((h) => h.page)])).toEqual([
      [2, [3, 9]],
      [1, [1, 4]],
    ]);
    expect(groups.map(matchesLabel)).toEqual(['2 matching pages', '7 matching pages, 2 shown']);
  });

  it('says "at least" when the matches were too many to count per document', () => {
    const [group] = groupByDocument([hit(1, 1)], [{ documentId: 1, matches: 1, exact: false }]);
    expect(matchesLabel(group!)).toBe('At least 1 matching page');
    const [one] = groupByDocument([hit(1, 1)], [{ documentId: 1, matches: 1, exact: true }]);
    expect(matchesLabel(one!)).toBe('1 matching page');
  });
});
