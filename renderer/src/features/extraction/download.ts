// Saves bytes the backend produced (an export) as a download. The page's CSP allows blob:
// only for images and workers, but an anchor's download of an object URL is a navigation-free
// download, not a fetch, so CSP does not apply; the URL is revoked once the click is handled.

const MIME: Readonly<Record<string, string>> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
  pdf: 'application/pdf',
};

export function mimeFor(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  return MIME[ext] ?? 'application/octet-stream';
}

export function downloadBytes(fileName: string, data: Uint8Array): void {
  // Copy into a fresh ArrayBuffer: a view over a shared or larger buffer would save the wrong bytes.
  const blob = new Blob([data.slice().buffer as ArrayBuffer], { type: mimeFor(fileName) });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
