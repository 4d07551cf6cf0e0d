// pdf.js set-up for the renderer: the worker URL, bundled data files, and CSP-friendly
// options. The only module that calls getDocument.
import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { BundledDataFactory } from './pdf-assets';

GlobalWorkerOptions.workerSrc = workerUrl;

export function openPdf(bytes: Uint8Array): PDFDocumentLoadingTask {
  return getDocument({
    // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    BinaryDataFactory: BundledDataFactory,
    useWorkerFetch: false,
    // The bundled standard fonts render the same on every machine.
    useSystemFonts: false,
    // The CSP forbids eval; without this pdf.js probes it and logs a violation.
    isEvalSupported: false,
    enableXfa: false,
  });
}
