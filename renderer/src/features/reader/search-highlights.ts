// The boxes of a search's matches on one page, measured from the page's text spans.
import type { PageText } from '../../../../shared/domain';
import type { Highlight } from './HighlightOverlay';
import { rectsForRange } from '../../../../shared/page-rects';
import { PAGE_FONTS } from './text-measure';

export function searchHighlights(pageText: PageText, ranges: ReadonlyArray<readonly [number, number]>): Highlight[] {
  return ranges.flatMap(([start, end], i) =>
    rectsForRange(pageText.spans, start, end, { text: pageText.text, fonts: PAGE_FONTS }).map((rect, j) => ({
      id: `${i}-${j}`,
      rect,
      tone: 'search' as const,
      label: pageText.text.slice(start, end),
    })),
  );
}
