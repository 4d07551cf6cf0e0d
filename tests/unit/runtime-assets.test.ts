// The one resolver of runtime files: in development every path exists in the repository; in a
// packaged layout tesseract.js's files come from app.asar.unpacked (its worker starts from a
// real path), pdf.js's from inside app.asar, templates from resources/ and the SQLite binding
// from native/. The packed-layout integration test checks the same paths against a real pack.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeAssets, type RuntimeAssets } from '../../electron/main/services/runtime-assets';

function filesOf(assets: RuntimeAssets): Record<string, string> {
  return {
    templatesDir: assets.templatesDir,
    samplesDir: assets.samplesDir,
    ...assets.ocr,
    tesseractCoreDir: assets.tesseractCoreDir,
    tesseractModule: fileURLToPath(assets.tesseractModule),
    ...Object.fromEntries(assets.pdfjs.modules.map((url, i) => [`pdfjs module ${i}`, fileURLToPath(url)])),
  };
}

describe('runtime assets in development', () => {
  it('finds every file in the repository, whatever the working directory', () => {
    const assets = runtimeAssets();
    expect(assets.packaged).toBe(false);
    for (const [name, file] of Object.entries(filesOf(assets))) expect(fs.existsSync(file), `${name}: ${file}`).toBe(true);
    expect(fs.readdirSync(assets.templatesDir)).toContain('contract.json');
    expect(fs.readdirSync(assets.samplesDir)).toContain('sample-clinical-note.pdf');
    expect(fs.existsSync(path.join(assets.tesseractCoreDir, 'tesseract-core-lstm.wasm'))).toBe(true);
  });

  it('gives plain Node no SQLite binding of its own (the library finds its build)', () => {
    expect(runtimeAssets().sqliteBinding).toBeUndefined();
  });
});

describe('runtime assets in a packaged app', () => {
  const resources = path.join(path.sep, 'opt', 'Abstractor', 'resources');
  const assets = runtimeAssets({ resourcesPath: resources, electron: true });
  const under = (folder: string, file: string) => file.startsWith(path.join(resources, folder) + path.sep);

  it('takes tesseract.js, its core and the language data from app.asar.unpacked', () => {
    expect(assets.packaged).toBe(true);
    for (const file of [assets.ocr.tesseractWorker, assets.ocr.langPath, assets.tesseractCoreDir, fileURLToPath(assets.tesseractModule)]) {
      expect(under('app.asar.unpacked', file), file).toBe(true);
    }
  });

  it('reads pdf.js from inside app.asar, templates from resources/ and the binding from native/', () => {
    for (const file of [assets.ocr.cMapDir, ...assets.pdfjs.modules.map((u) => fileURLToPath(u))]) expect(under('app.asar', file), file).toBe(true);
    expect(assets.templatesDir).toBe(path.join(resources, 'resources', 'templates'));
    expect(assets.samplesDir).toBe(path.join(resources, 'resources', 'samples'));
    expect(assets.sqliteBinding).toBe(path.join(resources, 'native', 'better_sqlite3.node'));
  });
});
