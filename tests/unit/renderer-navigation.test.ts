// The renderer's small router, library sorting and zoom steps.
import { describe, expect, it } from 'vitest';
import { currentRoute, initialNavigation, navigationReducer } from '../../renderer/src/app/routes';
import { toggleSort } from '../../renderer/src/features/library/sort-documents';
import { fitWidthScale, stepZoom } from '../../renderer/src/features/reader/zoom';

describe('navigation', () => {
  it('pushes, replaces and goes back; repeated searches refine one entry', () => {
    let state = navigationReducer(initialNavigation, { type: 'push', route: { view: 'search', query: 'a' } });
    state = navigationReducer(state, { type: 'push', route: { view: 'search', query: 'ab' } });
    expect(state.stack).toHaveLength(2);
    state = navigationReducer(state, { type: 'push', route: { view: 'document', documentId: 1, page: 3, highlight: 'ab' } });
    state = navigationReducer(state, { type: 'replace', route: { view: 'document', documentId: 1, page: 4, highlight: 'ab' } });
    expect(currentRoute(state)).toMatchObject({ view: 'document', page: 4 });
    state = navigationReducer(state, { type: 'back' });
    expect(currentRoute(state)).toEqual({ view: 'search', query: 'ab' });
    state = navigationReducer(state, { type: 'back' });
    state = navigationReducer(state, { type: 'back' });
    expect(state.stack).toEqual([{ view: 'library' }]);
  });
});

describe('library sorting', () => {
  // Sorting and filtering themselves run in SQL: tests/integration/archive-scale.test.ts.
  it('toggles direction on the same column', () => {
    expect(toggleSort({ key: 'title', direction: 'asc' }, 'title')).toEqual({ key: 'title', direction: 'desc' });
    expect(toggleSort({ key: 'title', direction: 'asc' }, 'pages')).toEqual({ key: 'pages', direction: 'desc' });
  });
});

describe('zoom', () => {
  it('steps along the ladder from any scale and fits width within bounds', () => {
    expect(stepZoom(1, 1)).toEqual({ mode: 'scale', scale: 1.1 });
    expect(stepZoom(1.3, -1)).toEqual({ mode: 'scale', scale: 1.25 });
    expect(stepZoom(4, 1)).toEqual({ mode: 'scale', scale: 4 });
    expect(fitWidthScale(1224, 612)).toBe(2);
    expect(fitWidthScale(100, 612)).toBe(0.5);
    expect(fitWidthScale(0, 612)).toBe(1);
  });
});
