// The built `abstractor` bin (out/main/cli.js; `npm run build` writes it and the e2e project
// builds first) as an installed command runs: plain Node, started from a folder outside the
// project, with a tripwire in every process and worker thread that refuses to load tsx
// (tests/helpers/no-tsx-guard.cjs). A workflow that starts every built entry must succeed:
// the model-header worker (models add), the PDF worker (import), the OCR worker (jobs run) and
// the engine process (summarize); the built-in templates and package.json (the version a backup
// records) must be found from the build.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { BUILT_CLI, json, runBuiltCli, runCli, type Run } from '../helpers/run-cli';
import { PROJECT_ROOT, removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

const GUARD = path.join(PROJECT_ROOT, 'tests', 'helpers', 'no-tsx-guard.cjs');
const noTsx = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${GUARD}`.trim() };

let root: string;
let tiny: string;

beforeAll(async () => {
  root = tempDir('abstractor-built-cli-');
  tiny = await ensureTinyModel();
  writeFiles(path.join(root, 'inputs'), {
    'agreement.pdf': textPdf({ pages: [['Agreement between Acme Corp and Beta LLC.', 'Governed by the laws of Ohio.']], title: 'Agreement' }),
    'scan.pdf': scannedPdf([{ scan: SCAN_LINES }], { title: 'Scan' }),
  });
});

afterAll(() => {
  if (root) removeDir(root);
});

describe('the built CLI', () => {
  it('is the package bin: a script with a shebang, executable', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(path.resolve(PROJECT_ROOT, pkg.bin['abstractor']!)).toBe(BUILT_CLI);
    expect(fs.readFileSync(BUILT_CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    if (process.platform !== 'win32') expect(fs.statSync(BUILT_CLI).mode & 0o111).not.toBe(0);
  });

  it('the tripwire works: the CLI from source (under tsx) cannot start with it', async () => {
    const run = await runCli(['--help'], noTsx);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('tsx loaded at run time');
  });

  it('runs a whole workflow under plain Node, with no tsx in any process or worker', async () => {
    const archive = path.join(root, 'archive');
    const cli = async (...args: string[]): Promise<Run> => {
      const run = await runBuiltCli([...args, '--archive', archive, '--json'], root, noTsx);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      return run;
    };
    const help = await runBuiltCli(['--help'], root, noTsx);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('Usage: abstractor <command>');

    expect(json<unknown[]>(await cli('list'))).toEqual([]); // a new encrypted archive
    await cli('models', 'add', tiny);
    const imported = json<{ imported: Array<{ id: number; fileName: string; pagesNeedingOcr: number }> }>(await cli('import', path.join(root, 'inputs'))).imported;
    const agreement = imported.find((d) => d.fileName === 'agreement.pdf')!;
    const scan = imported.find((d) => d.fileName === 'scan.pdf')!;
    expect(agreement.pagesNeedingOcr).toBe(0);
    expect(scan.pagesNeedingOcr).toBe(1);

    await cli('jobs', 'run'); // the OCR job the import queued
    expect(json<Array<{ documentId: number }>>(await cli('search', 'Northwind')).map((h) => h.documentId)).toContain(scan.id);
    expect(json<{ status: string }>(await cli('summarize', String(agreement.id))).status).toBe('done');
    // A backup's manifest records the app's version, read from package.json relative to the bundle.
    expect(json<{ documents: number }>(await cli('backup', path.join(root, 'backups'))).documents).toBe(2);

    // The built-in templates come from the package, not from the working folder.
    const templates = json<{ templates: Array<{ name: string }> }>(await cli('templates', 'list')).templates;
    expect(templates.map((t) => t.name)).toContain('contract');
  });
});
