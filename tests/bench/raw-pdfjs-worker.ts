// bench:ingest's reference: raw pdf.js text extraction in a worker thread, as the app's PDF
// worker calls it (the legacy build, the same document options, getDocument then getPage +
// getTextContent for every page) but nothing else: no layout, no spans, no scan check, no
// archive. Answers each file path with its page count.
import fs from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { pdfjsDocumentOptions, type PdfjsAssetDirs } from '../../electron/main/services/pdf/pdfjs-options';

export interface RawRequest extends PdfjsAssetDirs {
  readonly path: string;
}

const port = parentPort;
if (!port) throw new Error('raw-pdfjs-worker must run in a worker thread');
process.on('unhandledRejection', () => undefined);

port.on('message', (req: RawRequest) => {
  void readAll(req).then(
    (pages) => port.postMessage({ pages }),
    (err: unknown) => port.postMessage({ pages: 0, error: String(err) }),
  );
});

async function readAll(req: RawRequest): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(await fs.readFile(req.path));
  const doc = await pdfjs.getDocument(pdfjsDocumentOptions(data, undefined, req)).promise;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}
