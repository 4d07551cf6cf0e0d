// How every pdf.js document in the app is opened (text extraction and OCR rendering alike):
// hostile input never runs document scripts or eval, and fonts are drawn as paths, not
// installed. One place, so the two workers can never drift apart on these.
export interface PdfjsAssetDirs {
  /** Folders (ending in a separator) shipped with pdfjs-dist. */
  readonly cMapDir: string;
  readonly standardFontDir: string;
  /** Image decoders (JPX) and colour profiles: needed to render, not to read text. */
  readonly wasmDir?: string;
  readonly iccDir?: string;
}

export function pdfjsDocumentOptions(data: Uint8Array, password: string | undefined, assets: PdfjsAssetDirs) {
  return {
    data,
    password,
    cMapUrl: assets.cMapDir,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDir,
    ...(assets.wasmDir ? { wasmUrl: assets.wasmDir } : {}),
    ...(assets.iccDir ? { iccUrl: assets.iccDir } : {}),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  };
}
