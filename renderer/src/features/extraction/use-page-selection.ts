// Follows the person's text selection in the reader and turns it into a page-text range for
// "Add from selection". Two sources:
// - the extracted-text panel (`[data-page-text-content]`): its text IS the page text, so the
//   offsets are the selection's position within it, exactly;
// - the pdf.js text layer (`.textLayer` inside `[data-page-number]`): the selected string is
//   located in the page text ignoring whitespace, nearest its estimated position
//   (selection-range.ts).
// The last non-empty selection is kept (clicking a button may collapse it) until the page
// changes or `clear` is called; the panel shows it so nothing stale is added unseen.
import { useCallback, useEffect, useState } from 'react';
import type { PageText } from '../../../../shared/domain';
import { locateSelection, type PageSelection } from './selection-range';

function textBefore(container: Element, range: Range): number {
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  return before.toString().length;
}

export function readSelection(pageText: PageText | null): PageSelection | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node instanceof Element ? node : node.parentElement;
  if (!element || !pageText) return null;
  const selected = range.toString();
  if (selected.trim() === '') return null;

  const panel = element.closest<HTMLElement>('[data-page-text-content]');
  if (panel) {
    if (Number(panel.dataset.page) !== pageText.number) return null;
    const start = textBefore(panel, range);
    const end = Math.min(pageText.text.length, start + selected.length);
    // Trim the selection's outer whitespace: the stored range is the words.
    const lead = selected.length - selected.trimStart().length;
    const trail = selected.length - selected.trimEnd().length;
    if (end - trail <= start + lead) return null;
    return { page: pageText.number, start: start + lead, end: end - trail, text: selected.trim(), source: 'text' };
  }

  const layer = element.closest<HTMLElement>('.textLayer');
  const pageElement = layer?.closest<HTMLElement>('[data-page-number]');
  if (!layer || !pageElement) return null;
  const page = Number(pageElement.dataset.pageNumber);
  if (page !== pageText.number) return null;
  const total = layer.textContent?.length ?? 0;
  const hint = total > 0 ? textBefore(layer, range) / total : null;
  const found = locateSelection(pageText.text, selected, hint);
  if (!found) return null;
  return { page, start: found[0], end: found[1], text: pageText.text.slice(found[0], found[1]), source: 'pdf' };
}

export function usePageSelection(pageText: PageText | null): { selection: PageSelection | null; clear(): void } {
  const [selection, setSelection] = useState<PageSelection | null>(null);

  useEffect(() => {
    setSelection((current) => (current && pageText && current.page === pageText.number ? current : null));
    function onChange() {
      const next = readSelection(pageText);
      if (next) setSelection((current) => (current && current.start === next.start && current.end === next.end && current.page === next.page ? current : next));
    }
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [pageText]);

  const clear = useCallback(() => setSelection(null), []);
  return { selection, clear };
}
