// The installed app's layout, without the installers: the app is built (electron-vite, into a
// temp folder) and packed with @electron/asar using the packaging config's own globs
// (tests/helpers/packed-app.ts). Then, under plain Node, which cannot read inside an asar:
// every runtime asset resolves from that layout, nothing native is left inside the asar, the
// SQLite binding loads from native/, and the built workers and engine, run from the asar's
// contents, import and OCR a scanned page and generate with a tiny model, their native
// binaries and tesseract's worker coming from app.asar.unpacked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeAssets, type RuntimeAssets } from '../../electron/main/services/runtime-assets';
import { builtEntries } from '../../electron/main/source-entries';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { asarView, packApp, type PackedApp } from '../helpers/packed-app';
import { openTempArchive, PROJECT_ROOT, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const NATIVE = /\.(node|so|dylib|dll)$/;

let stage: string;
let packed: PackedApp;
/** The asar's contents as Electron shows them to the app (see asarView). */
let view: string;
/** What the packaged app resolves, given its resourcesPath. */
let assets: RuntimeAssets;

/** A path inside app.asar, read where plain Node can: the view. */
function readable(file: string): string {
  const asarPrefix = packed.asar + path.sep;
  return file.startsWith(asarPrefix) ? path.join(view, file.slice(asarPrefix.length)) : file;
}
const readableUrl = (url: string) => pathToFileURL(readable(fileURLToPath(url))).href;

/** The packaged assets with in-asar paths moved to the view (Electron reads them in place). */
function viewAssets(): RuntimeAssets {
  const dirs = { cMapDir: readable(assets.pdfjs.cMapDir), standardFontDir: readable(assets.pdfjs.standardFontDir), wasmDir: readable(assets.pdfjs.wasmDir), iccDir: readable(assets.pdfjs.iccDir) };
  return {
    ...assets,
    pdfjs: { ...dirs, modules: assets.pdfjs.modules.map(readableUrl) },
    ocr: { ...assets.ocr, ...dirs },
  };
}

beforeAll(() => {
  stage = tempDir('abstractor-packed-');
  const outDir = path.join(stage, 'build', 'out');
  // A build of its own: never the repository's out/, which other tests may be serving.
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  const nodeSqlite = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers/package.json')), 'build', 'Release', 'better_sqlite3.node');
  return packApp({ root: PROJECT_ROOT, outDir, stage, sqliteBinding: nodeSqlite }).then((result) => {
    packed = result;
    view = path.join(stage, 'asar-view');
    asarView(packed, view);
    assets = runtimeAssets({ resourcesPath: packed.resources });
  });
}, 300_000);

afterAll(() => {
  if (stage) removeDir(stage);
});

describe('the packed layout', () => {
  it('lies away from any node_modules, so the packed code can only find what was packed', () => {
    for (let dir = stage; path.dirname(dir) !== dir; dir = path.dirname(dir)) expect(fs.existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
  });

  it('keeps every native binary out of the asar', () => {
    const natives = packed.entries.filter((e) => NATIVE.test(e.path));
    expect(natives.length).toBeGreaterThan(0);
    expect(natives.filter((e) => !e.unpacked)).toEqual([]);
    // The view holds none as a file of its own: every one is a link into app.asar.unpacked.
    for (const { path: rel } of natives) expect(fs.lstatSync(path.join(view, rel)).isSymbolicLink(), rel).toBe(true);
  });

  it("ships this platform's llama.cpp binaries only, and no CUDA build", () => {
    const addons = packed.entries.filter((e) => e.path.endsWith('llama-addon.node')).map((e) => e.path.split('/').at(-2));
    expect(addons.length).toBeGreaterThan(0);
    const os = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform as string];
    for (const folder of addons) expect(folder?.startsWith(`${os}-${process.arch}`), folder).toBe(true);
    expect(addons.filter((f) => f?.includes('cuda'))).toEqual([]);
  });

  it('resolves every runtime asset: tesseract.js from app.asar.unpacked as real files, pdf.js inside the asar', () => {
    expect(assets.packaged).toBe(true);
    const unpacked = [assets.ocr.tesseractWorker, path.join(assets.ocr.langPath, 'eng.traineddata.gz'), fileURLToPath(assets.tesseractModule), path.join(assets.tesseractCoreDir, 'tesseract-core-lstm.wasm')];
    for (const file of unpacked) {
      expect(file.startsWith(packed.unpackedDir + path.sep), file).toBe(true);
      expect(fs.lstatSync(file).isFile(), file).toBe(true);
    }
    for (const file of [assets.pdfjs.cMapDir, assets.pdfjs.standardFontDir, assets.pdfjs.wasmDir, ...assets.pdfjs.modules.map((u) => fileURLToPath(u))]) {
      expect(file.startsWith(packed.asar + path.sep), file).toBe(true);
      expect(fs.existsSync(readable(file)), file).toBe(true);
    }
    expect(fs.readdirSync(assets.templatesDir)).toContain('contract.json');
    expect(fs.lstatSync(assets.sqliteBinding!).isFile()).toBe(true);
  });

  it('loads the SQLite library from the asar with the binding from native/', () => {
    const Database = createRequire(path.join(view, 'package.json'))('better-sqlite3-multiple-ciphers') as typeof import('better-sqlite3-multiple-ciphers');
    const db = new Database(path.join(stage, 'probe.db'), { nativeBinding: assets.sqliteBinding });
    try {
      db.exec('CREATE TABLE t (v TEXT)');
      db.prepare('INSERT INTO t VALUES (?)').run('packed');
      expect(db.prepare('SELECT v FROM t').pluck().get()).toBe('packed');
    } finally {
      db.close();
    }
  });
});

describe('the packed code at work', () => {
  let archive: TempArchive;

  beforeAll(async () => {
    archive = await openTempArchive({
      entries: builtEntries(path.join(view, 'out', 'main')),
      assets: viewAssets(),
      sqliteBinding: assets.sqliteBinding,
      concurrency: 1,
      ocrConcurrency: 1,
    });
  });

  afterAll(async () => {
    await archive?.dispose();
  });

  it('imports a scanned page and reads it with OCR', async () => {
    const services = archive.services;
    const [outcome] = await services.importer.importMany([{ key: 'scan', name: 'scan.pdf', data: scannedPdf([{ scan: SCAN_LINES }]) }]);
    if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
    const result = await services.ocr.recognizeDocument(outcome.document.id);
    expect(result.pages).toBe(1);
    expect(services.archive.search('Northwind', 10, outcome.document.id).length).toBeGreaterThan(0);
  });

  it('generates with a tiny model', async () => {
    const engine = archive.services.engine;
    await engine.loadModel(await ensureTinyModel(), { contextSize: 256 });
    const result = await engine.generate({ prompt: 'The lease says', maxTokens: 4 });
    expect(result.tokensOut).toBeGreaterThan(0);
  });
});
