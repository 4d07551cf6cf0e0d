// Names what a file that is not a PDF actually is, from its first bytes, for error messages.

const SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a TIFF image', [0x49, 0x49, 0x2a, 0x00]],
  ['a TIFF image', [0x4d, 0x4d, 0x00, 0x2a]],
  ['a ZIP archive (for example a Word or OpenDocument file)', [0x50, 0x4b, 0x03, 0x04]],
  ['an old Word or Excel document', [0xd0, 0xcf, 0x11, 0xe0]],
  ['an RTF document', [0x7b, 0x5c, 0x72, 0x74, 0x66]],
];

export function hasPdfHeader(head: Uint8Array): boolean {
  // Readers accept the header anywhere in the first KiB.
  return Buffer.from(head.subarray(0, 1024)).includes('%PDF-');
}

/** A known non-PDF file type by its signature, or null when pdf.js should still try. */
export function knownNonPdf(head: Uint8Array): string | null {
  for (const [name, sig] of SIGNATURES) {
    if (sig.every((byte, i) => head[i] === byte)) return name;
  }
  return null;
}

export function describeNonPdf(head: Uint8Array): string {
  const known = knownNonPdf(head);
  if (known) return known;
  const sample = Buffer.from(head.subarray(0, 512));
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)).length;
  return sample.length > 0 && printable / sample.length > 0.95 ? 'a plain text file' : 'an unknown kind of file';
}
