// How a document's work reads in the library: the review line and the extraction's templates.
import { describe, expect, it } from 'vitest';
import type { DocumentWork } from '../../shared/domain';
import { toggleSort } from '../../renderer/src/features/library/sort-documents';
import { reviewLine, templateStates } from '../../renderer/src/features/library/work-format';

describe('library work', () => {
  it('reads the review as "12 of 44 reviewed · 3 need review"', () => {
    expect(reviewLine({ total: 44, reviewed: 12, needsReview: 3 })).toBe('12 of 44 reviewed · 3 need review');
    expect(reviewLine({ total: 44, reviewed: 43, needsReview: 1 })).toBe('43 of 44 reviewed · 1 needs review');
    expect(reviewLine({ total: 2, reviewed: 2, needsReview: 0 })).toBe('2 of 2 reviewed');
    expect(reviewLine({ total: 0, reviewed: 0, needsReview: 0 })).toBeNull();
  });

  it('names each template by its title, or its name when the template is gone', () => {
    const work: DocumentWork = {
      summary: 'none',
      extraction: 'failed',
      fields: { total: 1, reviewed: 0, needsReview: 1 },
      templates: [
        { template: 'contract', state: 'done', total: 1, reviewed: 0, needsReview: 1 },
        { template: 'deleted-one', state: 'failed', total: 0, reviewed: 0, needsReview: 0 },
      ],
    };
    expect(templateStates(work, new Map([['contract', 'Contract']]))).toEqual(['Contract: done', 'deleted-one: failed']);
  });

  it('sorts the review column most to review first, the states not started first', () => {
    expect(toggleSort({ key: 'title', direction: 'asc' }, 'review')).toEqual({ key: 'review', direction: 'desc' });
    expect(toggleSort({ key: 'title', direction: 'asc' }, 'summary')).toEqual({ key: 'summary', direction: 'asc' });
  });
});
