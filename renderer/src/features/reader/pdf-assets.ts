// Serves pdf.js its data files (CMaps for CJK text, the standard 14 fonts, the JPEG 2000 /
// JBIG2 / ICC decoders in wasm) from files Vite copies into the build, so rendering needs
// no network and no extra config. pdf.js asks for them by file name through this factory.
const CMAPS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const FONTS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const WASM = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/wasm/*.wasm', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});

function byFileName(modules: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(modules).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));
}

const ASSETS: Record<string, Map<string, string>> = {
  cMapUrl: byFileName(CMAPS),
  standardFontDataUrl: byFileName(FONTS),
  wasmUrl: byFileName(WASM),
};

/** Implements pdf.js's BinaryDataFactory interface (`fetch({ kind, filename })`). */
export class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = ASSETS[kind]?.get(filename);
    if (!url) throw new Error(`pdf.js data file not bundled: ${kind}/${filename}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Could not load ${filename} (HTTP ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
