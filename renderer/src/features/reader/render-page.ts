// The one way the reader asks pdf.js to draw a page into a canvas (full size and thumbnails).
// Some PDFs are full of a save and a restore with nothing between them: of each page of the
// team corpus's 154-page contract L10, ~153k operations, all but ~100 are such empty pairs, and
// each costs pdf.js a canvas save/restore and a copy of its graphics state. Leaving them out
// draws the same picture in well under half the time.
import { OPS, type PDFPageProxy, type PageViewport, type RenderTask } from 'pdfjs-dist';
import { skipEmptySaveRestore, type OperationCodes } from './empty-save-restore';

/** pdf.js's internal render task holds the page's operator list; read defensively (not public API). */
function operationCodesOf(task: RenderTask): OperationCodes | undefined {
  const internal = (task as unknown as { _internalRenderTask?: { operatorList?: { fnArray?: unknown } } })._internalRenderTask;
  const codes = internal?.operatorList?.fnArray;
  return Array.isArray(codes) || ArrayBuffer.isView(codes) ? (codes as OperationCodes) : undefined;
}

export interface RenderInto {
  readonly canvas: HTMLCanvasElement;
  readonly viewport: PageViewport;
  /** The device pixel ratio the canvas is drawn at (1: none). */
  readonly outputScale: number;
}

/** Draws the page into the canvas; the task's promise settles when it is drawn or cancelled. */
export function renderPage(page: PDFPageProxy, { canvas, viewport, outputScale }: RenderInto): RenderTask {
  let task: RenderTask | undefined;
  const operationsFilter = skipEmptySaveRestore(() => (task ? operationCodesOf(task) : undefined), OPS);
  task = page.render({
    canvas,
    viewport,
    transform: outputScale !== 1 ? [outputScale, 0, 0, outputScale, 0, 0] : undefined,
    operationsFilter,
  });
  return task;
}
