// The layering check (`npm run lint:deps`: dependency-cruiser with .dependency-cruiser.cjs) can
// fail: a small tree shaped like the repository holds one planted violation per rule beside the
// imports the layering allows, and the real CLI with the real config must report exactly the
// planted ones. Type-only imports are planted where the rule is about types.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/** Allowed by the layering: none of these may be reported. */
const ALLOWED: Record<string, string> = {
  'shared/errors.ts': `export const CODES = ['internal'] as const;\n`,
  'shared/contract.ts': `import { z } from 'zod';\nimport { CODES } from './errors';\nexport const Code = z.enum(CODES);\n`,
  'electron/main/db/open.ts': `export type Db = { readonly path: string };\n`,
  'electron/main/services/pdf/page.ts': `export interface NewPage { readonly number: number }\n`,
  'electron/main/services/archive/crypto/stored-file.ts': `export interface StoredFileRef { readonly path: string }\n`,
  // The PDF reader opens stored files through the archive's file format, a leaf below the archive.
  'electron/main/services/pdf/pdf-worker.ts':
    `import type { StoredFileRef } from '../archive/crypto/stored-file';\nimport type { NewPage } from './page';\n` +
    `export const read = (ref: StoredFileRef): NewPage => ({ number: ref.path.length });\n`,
  'electron/main/services/archive/archive.ts':
    `import type { Db } from '../../db/open';\nimport type { NewPage } from '../pdf/page';\n` +
    `export function addPages(db: Db, pages: NewPage[]): number { return db.path.length + pages.length; }\n`,
  'electron/main/services/summaries/chunker.ts': `export const chunk = (text: string): string[] => [text];\n`,
  'electron/main/services/summaries/summarizer.ts':
    `import { chunk } from './chunker';\nimport { addPages } from '../archive/archive';\n` +
    `export const summarize = (text: string): number => chunk(text).length + addPages({ path: '' }, []);\n`,
  'electron/main/services/extraction/extractor.ts': `export const extract = (): string => 'value';\n`,
  'electron/main/services/ocr/ocr-service.ts': `export const ocr = (): string => 'text';\n`,
  'electron/main/services/importer/importer.ts': `export const importFiles = (): number => 0;\n`,
  // jobs/ orchestrates the pipelines.
  'electron/main/services/jobs/job-runners.ts':
    `import { summarize } from '../summaries/summarizer';\nimport { extract } from '../extraction/extractor';\n` +
    `import { ocr } from '../ocr/ocr-service';\nimport { importFiles } from '../importer/importer';\n` +
    `export const runAll = (): unknown[] => [summarize(''), extract(), ocr(), importFiles()];\n`,
  // The wiring talks to Electron and to the services.
  'electron/main/app/window.ts': `import { BrowserWindow } from 'electron';\nexport const open = (): unknown => BrowserWindow;\n`,
  'electron/main/api/handlers.ts': `import { runAll } from '../services/jobs/job-runners';\nexport const handle = (): unknown => runAll();\n`,
  'renderer/src/app.ts': `import { Code } from '../../shared/contract';\nexport const codes = Code.options;\n`,
};

/**
 * The planted files, and what each must be reported as: [rule, from, to], `to` a package's name
 * for a package. A cycle is reported once, from one of its files (`null` on the other).
 */
const PLANTED: Record<string, { source: string; violation: [string, string, string] | null }> = {
  'electron/main/services/llm/engine-host.ts': {
    source: `import { app } from 'electron';\nexport const dir = (): string => app.getPath('userData');\n`,
    violation: ['service-imports-electron', 'electron/main/services/llm/engine-host.ts', 'electron'],
  },
  'electron/main/db/migrate.ts': {
    source: `import type { IpcMain } from 'electron';\nexport type Migrator = (ipc: IpcMain) => void;\n`,
    violation: ['service-imports-electron', 'electron/main/db/migrate.ts', 'electron'],
  },
  'electron/main/services/settings.ts': {
    source: `import { handle } from '../api/handlers';\nexport const settings = (): unknown => handle();\n`,
    violation: ['service-imports-wiring', 'electron/main/services/settings.ts', 'electron/main/api/handlers.ts'],
  },
  'shared/paths.ts': {
    source: `import path from 'node:path';\nexport const base = (p: string): string => path.basename(p);\n`,
    violation: ['shared-imports-beyond-zod', 'shared/paths.ts', 'path'],
  },
  'shared/domain.ts': {
    source: `import type { NewPage } from '../electron/main/services/pdf/page';\nexport type Page = NewPage;\n`,
    violation: ['shared-imports-beyond-zod', 'shared/domain.ts', 'electron/main/services/pdf/page.ts'],
  },
  'renderer/src/reader.ts': {
    source: `import type { NewPage } from '../../electron/main/services/pdf/page';\nexport type Shown = NewPage;\n`,
    violation: ['renderer-imports-electron', 'renderer/src/reader.ts', 'electron/main/services/pdf/page.ts'],
  },
  'renderer/src/ipc.ts': {
    source: `import { ipcRenderer } from 'electron';\nexport const send = (): unknown => ipcRenderer;\n`,
    violation: ['renderer-imports-electron', 'renderer/src/ipc.ts', 'electron'],
  },
  'electron/main/services/pdf/pdf-reader.ts': {
    source: `import type { addPages } from '../archive/archive';\nexport type Sink = typeof addPages;\n`,
    violation: ['pdf-depends-on-archive', 'electron/main/services/pdf/pdf-reader.ts', 'electron/main/services/archive/archive.ts'],
  },
  'electron/main/services/archive/crypto/keys.ts': {
    source: `import type { Db } from '../../../db/open';\nexport type KeyStore = Db;\n`,
    violation: ['file-crypto-imports-archive', 'electron/main/services/archive/crypto/keys.ts', 'electron/main/db/open.ts'],
  },
  'electron/main/services/extraction/retrieval.ts': {
    source: `import type { summarize } from '../summaries/summarizer';\nexport type Reuse = typeof summarize;\n`,
    violation: ['pipeline-imports-pipeline', 'electron/main/services/extraction/retrieval.ts', 'electron/main/services/summaries/summarizer.ts'],
  },
  'electron/main/services/ocr/ocr-choice.ts': {
    source: `import { importFiles } from '../importer/importer';\nexport const again = (): number => importFiles();\n`,
    violation: ['pipeline-imports-pipeline', 'electron/main/services/ocr/ocr-choice.ts', 'electron/main/services/importer/importer.ts'],
  },
  'electron/main/services/models/model-downloader.ts': {
    source: `import type { ModelLibrary } from './model-library';\nexport class ModelDownloads { constructor(readonly library: ModelLibrary) {} }\n`,
    violation: ['service-circular', 'electron/main/services/models/model-downloader.ts', 'electron/main/services/models/model-library.ts'],
  },
  'electron/main/services/models/model-library.ts': {
    source: `import { ModelDownloads } from './model-downloader';\nexport class ModelLibrary { readonly downloads = new ModelDownloads(this); }\n`,
    violation: null,
  },
};

/** A resolved package file (through the node_modules symlink) as the package's name. */
const packageName = (to: string): string => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(to)?.[1] ?? to;

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/**
 * The real CLI and config, run from `cwd` on its electron/, shared/ and renderer/. `errors` is
 * the exit code of `npm run lint:deps` (its 'err' reporter exits with the number of errors).
 */
function depcruise(cwd: string): Promise<{ errors: number; violations: Violation[] }> {
  const args = [DEPCRUISE, 'electron', 'shared', 'renderer', '--config', CONFIG, '--output-type', 'json'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? -1) : 0;
      try {
        const { summary } = JSON.parse(stdout) as { summary: { error: number; violations: Violation[] } };
        resolve({ errors: summary.error, violations: summary.violations });
      } catch {
        reject(new Error(`depcruise gave no JSON (exit ${code}):\n${stderr}`));
      }
    });
  });
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), source);
  }
}

describe('the layering check', () => {
  let tree: ReturnType<typeof makeTempDir>;

  beforeAll(() => {
    tree = makeTempDir('abstractor-layering-');
    // The config points at tsconfig.node.json; the packages (zod, electron) resolve as in the repo.
    writeTree(tree.dir, {
      'tsconfig.node.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }),
      ...ALLOWED,
    });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree.dir, 'node_modules'), 'dir');
  });
  afterAll(() => tree.cleanup());

  it('passes the imports the layering allows', async () => {
    const { errors, violations } = await depcruise(tree.dir);
    expect(violations).toEqual([]);
    expect(errors).toBe(0);
  });

  it('reports every planted violation under its rule, and nothing else', async () => {
    writeTree(tree.dir, Object.fromEntries(Object.entries(PLANTED).map(([name, { source }]) => [name, source])));
    const { errors, violations } = await depcruise(tree.dir);
    const reported = violations.map((v) => [v.rule.name, v.from, packageName(v.to)]);
    const planted = Object.values(PLANTED).flatMap((p) => (p.violation ? [p.violation] : []));
    expect(reported.map((v) => v.join(' ')).sort()).toEqual(planted.map((v) => v.join(' ')).sort());
    // Every rule in the config is proved to fire.
    const { forbidden } = (await import(CONFIG)).default as { forbidden: { name: string; severity: string }[] };
    expect(new Set(reported.map(([rule]) => rule))).toEqual(new Set(forbidden.map((rule) => rule.name)));
    expect(forbidden.every((rule) => rule.severity === 'error')).toBe(true);
    expect(errors).toBe(planted.length);
  });
});
