// The hidden "choose PDF files" input behind the app's import and batch buttons: several files,
// PDFs only, reset after each choice so picking the same file again still fires.
import type { Ref } from 'react';

export function PdfFileInput({ ref, label, testId, onFiles }: { ref: Ref<HTMLInputElement>; label: string; testId: string; onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      multiple
      accept="application/pdf,.pdf"
      hidden
      tabIndex={-1}
      aria-label={label}
      data-testid={testId}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        event.target.value = '';
        onFiles(files);
      }}
    />
  );
}
