// How the reader reads a document's PDF by ranges (`documents:pdfRange`). Shared: no Node, no DOM.

/** The most bytes one `documents:pdfRange` answer carries; the reader asks for pieces. */
export const PDF_RANGE_MAX_BYTES = 4 * 1024 * 1024;
