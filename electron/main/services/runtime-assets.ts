// Every file the app reads at run time that is not its own code: pdf.js data, tesseract.js's
// worker, core and language data, the built-in templates and the SQLite binding. One place
// knows where each lives, in development (the repository and its node_modules) and in a
// packaged app (process.resourcesPath: app.asar, app.asar.unpacked and the extra resources).
// Plain Node: the Electron side passes resourcesPath in.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OcrAssets } from './ocr/ocr-protocol';

export interface AssetLocation {
  /** Set in a packaged app only: Electron's process.resourcesPath. */
  readonly resourcesPath?: string;
  /** Development: the folder holding package.json; default found upward from this file. */
  readonly appRoot?: string;
  /** Development under Electron: use the Electron-ABI SQLite binding; plain Node uses the library's own build. */
  readonly electron?: boolean;
}

/** pdf.js's data folders (each ending in a separator) and the modules a worker preloads. */
export interface PdfjsAssets {
  readonly cMapDir: string;
  readonly standardFontDir: string;
  readonly wasmDir: string;
  readonly iccDir: string;
  /** file: URLs of pdf.js and its in-thread worker (legacy build). */
  readonly modules: readonly string[];
}

export interface RuntimeAssets {
  readonly packaged: boolean;
  /** Built-in extraction templates (resources/templates). */
  readonly templatesDir: string;
  /** The sample documents the welcome offers (resources/samples). */
  readonly samplesDir: string;
  /** resources/ itself: files shipped beside the app. */
  readonly resourcesDir: string;
  readonly pdfjs: PdfjsAssets;
  /** Everything an OCR worker is handed. */
  readonly ocr: OcrAssets;
  /** file: URL of tesseract.js's main module (an OCR worker preloads it). */
  readonly tesseractModule: string;
  /** tesseract.js-core: the wasm engines tesseract.js's worker requires. */
  readonly tesseractCoreDir: string;
  /**
   * better-sqlite3 built for the app's runtime: `native/` in a packaged app (staged at packaging
   * time), scripts/electron-native.mjs's build under development Electron, else undefined
   * (plain Node: the library finds its own build).
   */
  readonly sqliteBinding: string | undefined;
}

/**
 * Packages whose files must be real files on disk in a packaged app: native binaries cannot
 * be loaded from inside an asar, and tesseract.js starts its worker (which requires the core
 * and reads the language data) from a path outside it. The packaging config unpacks these.
 */
export const UNPACKED_PACKAGES = ['tesseract.js', 'tesseract.js-core', '@tesseract.js-data/eng'] as const;

/** The SQLite binding's file name, and its folder under resourcesPath in a packaged app. */
export const SQLITE_BINDING_FILE = 'better_sqlite3.node';
export const PACKAGED_NATIVE_DIR = 'native';

export function runtimeAssets(location: AssetLocation = {}): RuntimeAssets {
  const { resourcesPath, electron = false } = location;
  const packaged = resourcesPath !== undefined;
  const appRoot = packaged ? path.join(resourcesPath, 'app.asar') : (location.appRoot ?? findAppRoot());
  const packageDir = (name: string): string => {
    if (!packaged) return path.dirname(createRequire(path.join(appRoot, 'package.json')).resolve(`${name}/package.json`));
    const unpacked = (UNPACKED_PACKAGES as readonly string[]).includes(name);
    return path.join(resourcesPath, unpacked ? 'app.asar.unpacked' : 'app.asar', 'node_modules', ...name.split('/'));
  };
  const resourcesDir = path.join(packaged ? resourcesPath : appRoot, 'resources');

  const pdfjsRoot = packageDir('pdfjs-dist');
  const dir = (...parts: string[]) => path.join(pdfjsRoot, ...parts) + path.sep;
  const pdfjs: PdfjsAssets = {
    cMapDir: dir('cmaps'),
    standardFontDir: dir('standard_fonts'),
    wasmDir: dir('wasm'),
    iccDir: dir('iccs'),
    modules: ['pdf.mjs', 'pdf.worker.mjs'].map((f) => pathToFileURL(path.join(pdfjsRoot, 'legacy', 'build', f)).href),
  };
  const tesseract = packageDir('tesseract.js');
  return {
    packaged,
    resourcesDir,
    templatesDir: path.join(resourcesDir, 'templates'),
    samplesDir: path.join(resourcesDir, 'samples'),
    pdfjs,
    ocr: {
      cMapDir: pdfjs.cMapDir,
      standardFontDir: pdfjs.standardFontDir,
      wasmDir: pdfjs.wasmDir,
      iccDir: pdfjs.iccDir,
      // The LSTM-only "best int" model: what tesseract.js itself picks for the LSTM engine.
      langPath: path.join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int'),
      tesseractWorker: path.join(tesseract, 'src', 'worker-script', 'node', 'index.js'),
    },
    tesseractModule: pathToFileURL(path.join(tesseract, 'src', 'index.js')).href,
    tesseractCoreDir: packageDir('tesseract.js-core'),
    sqliteBinding: packaged ? path.join(resourcesPath, PACKAGED_NATIVE_DIR, SQLITE_BINDING_FILE) : electron ? devElectronSqliteBinding(appRoot) : undefined,
  };
}

/** scripts/electron-native.mjs writes it before `npm start`; without it better-sqlite3 finds its own. */
function devElectronSqliteBinding(appRoot: string): string | undefined {
  const file = path.join(appRoot, '.cache', 'electron-native', SQLITE_BINDING_FILE);
  return fs.existsSync(file) ? file : undefined;
}

/** The nearest folder upward holding package.json: the repository from source, from out/ or a built CLI. */
function findAppRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
