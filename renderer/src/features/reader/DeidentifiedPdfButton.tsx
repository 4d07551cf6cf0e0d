// The reader's "De-identified PDF" action: main draws the document's pages as images with every
// identifier found in its text blacked out (no text layer, metadata or attachments kept) and
// returns the bytes, which are saved as a download. A protected PDF is drawn with the password
// the reader was opened with (passwords are never stored).
import { useState } from 'react';
import { Button } from '../../components/Button';
import { LockIcon } from '../../components/icons';
import { useToast } from '../../components/Toasts';
import { call, errorCode, errorMessage } from '../../ipc/api';
import { downloadBytes } from '../extraction/download';

export function DeidentifiedPdfButton({ documentId, password }: { readonly documentId: number; readonly password: string | undefined }) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);

  async function exportPdf() {
    setBusy(true);
    try {
      const result = await call('documents:exportDeidentifiedPdf', { id: documentId, ...(password !== undefined ? { password } : {}) });
      downloadBytes(result.fileName, result.data);
      const whole = result.wholePages.length > 0 ? ` ${result.wholePages.length === 1 ? 'One page is' : `${result.wholePages.length} pages are`} blacked out whole.` : '';
      notify(`Saved ${result.fileName}: ${result.boxes === 1 ? '1 box' : `${result.boxes.toLocaleString()} boxes`} over ${result.identifiers === 1 ? '1 identifier' : `${result.identifiers.toLocaleString()} identifiers`}.${whole}`, 'success');
    } catch (err) {
      const code = errorCode(err);
      notify(code === 'password_required' ? 'Open the PDF with its password first, then export it.' : `The de-identified PDF could not be made: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button
      variant="ghost"
      icon={<LockIcon />}
      onClick={() => void exportPdf()}
      disabled={busy}
      title="Save a copy with names, dates, numbers and other identifiers blacked out (page images only, no text)"
      data-testid="export-deidentified-pdf"
    >
      {busy ? 'Exporting…' : 'De-identified PDF'}
    </Button>
  );
}
