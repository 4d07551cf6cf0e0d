// The CLI as a user runs it: a real process (node + tsx) over a temp archive, generated
// PDFs in a temp folder with a nested subfolder. With --json, stdout must be exactly one
// JSON document; exit codes are 0 ok, 1 some input failed, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenPdfs, encryptedPdf, textPdf } from '../fixtures/pdfs';
import { json, runCli as cli } from '../helpers/run-cli';
import { removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

interface ImportResult {
  imported: Array<{ file: string; id: number; title: string; pageCount: number; status: string }>;
  duplicates: Array<{ file: string; id: number }>;
  failed: Array<{ file: string; documentId: number | null; code: string; message: string }>;
}

let root: string;
let archiveDir: string;
let inputs: string;

beforeAll(() => {
  root = tempDir('abstractor-cli-');
  archiveDir = path.join(root, 'archive');
  inputs = path.join(root, 'inputs');
  writeFiles(inputs, {
    'good/lease.pdf': textPdf({ pages: [['The quokka clause: tenants may keep one quokka.']], title: 'Quokka Lease' }),
    'good/nested/deeper/report.pdf': textPdf({ pages: [['Annual report page one'], ['Annual report page two']], title: 'Annual Report' }),
    'good/nested/notes.txt': new TextEncoder().encode('not a pdf and not named like one: skipped'),
    'bad/broken.pdf': brokenPdfs().notPdf,
    'locked/secret.pdf': encryptedPdf({ userPassword: 'open-sesame', text: 'Sealed wombat terms' }),
  });
});

afterAll(() => {
  if (root) removeDir(root);
});

describe('cli', () => {
  let leaseId = 0;
  let reportId = 0;

  it('imports a folder recursively: one JSON document on stdout, exit 0', async () => {
    const run = await cli(['import', path.join(inputs, 'good'), '--archive', archiveDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = json<ImportResult>(run);
    expect(result.failed).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.imported.map((d) => path.relative(inputs, d.file)).sort()).toEqual([
      path.join('good', 'lease.pdf'),
      path.join('good', 'nested', 'deeper', 'report.pdf'),
    ]);
    const lease = result.imported.find((d) => d.file.endsWith('lease.pdf'))!;
    const report = result.imported.find((d) => d.file.endsWith('report.pdf'))!;
    expect(lease).toMatchObject({ title: 'Quokka Lease', pageCount: 1, status: 'ready' });
    expect(report).toMatchObject({ title: 'Annual Report', pageCount: 2, status: 'ready' });
    leaseId = lease.id;
    reportId = report.id;
    expect(fs.existsSync(path.join(archiveDir, 'archive.sqlite'))).toBe(true);
  });

  it('exits 1 when a file fails or is missing, reporting everything in the same one document', async () => {
    const args = ['import', path.join(inputs, 'good'), path.join(inputs, 'bad'), path.join(inputs, 'nope')];
    const run = await cli([...args, '--archive', archiveDir, '--json']);
    expect(run.code).toBe(1);
    const result = json<ImportResult>(run);
    expect(result.imported).toEqual([]);
    expect(result.duplicates.map((d) => d.id).sort()).toEqual([leaseId, reportId].sort());
    expect(result.failed).toHaveLength(2);
    expect(result.failed).toContainEqual(expect.objectContaining({ file: path.join(inputs, 'bad', 'broken.pdf'), code: 'not_pdf' }));
    expect(result.failed).toContainEqual(expect.objectContaining({ file: path.join(inputs, 'nope'), code: 'not_found', documentId: null }));
    expect(run.stderr).toMatch(/broken\.pdf/); // the per-file lines go to stderr
  });

  it('lists the documents', async () => {
    const run = await cli(['list', '--archive', archiveDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const items = json<Array<{ id: number; title: string; status: string; pageCount: number }>>(run);
    expect(items.find((d) => d.id === leaseId)).toMatchObject({ title: 'Quokka Lease', status: 'ready', pageCount: 1 });
    expect(items.find((d) => d.id === reportId)).toMatchObject({ title: 'Annual Report', status: 'ready', pageCount: 2 });
    expect(items.filter((d) => d.status === 'failed')).toHaveLength(1); // broken.pdf
  });

  it('searches, returning documentId, page and snippet', async () => {
    const run = await cli(['search', 'quokka', '--archive', archiveDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const hits = json<Array<{ documentId: number; page: number; snippet: string; title: string }>>(run);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentId: leaseId, page: 1, title: 'Quokka Lease' });
    expect(hits[0]!.snippet).toContain('quokka');
  });

  it('shows a document with its pages numbered from 1', async () => {
    const run = await cli(['show', String(reportId), '--archive', archiveDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const shown = json<{ document: { id: number; title: string }; pages: Array<{ number: number; text: string; hasTextLayer: boolean }> }>(run);
    expect(shown.document).toMatchObject({ id: reportId, title: 'Annual Report' });
    expect(shown.pages).toEqual([
      { number: 1, text: 'Annual report page one', hasTextLayer: true },
      { number: 2, text: 'Annual report page two', hasTextLayer: true },
    ]);
  });

  it('deletes a document; show then fails with not_found (exit 1)', async () => {
    const run = await cli(['delete', String(reportId), '--archive', archiveDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toEqual({ deleted: true, id: reportId });

    const shown = await cli(['show', String(reportId), '--archive', archiveDir, '--json']);
    expect(shown.code).toBe(1);
    expect(json(shown)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('imports an encrypted PDF with --password', async () => {
    const run = await cli(['import', path.join(inputs, 'locked'), '--archive', archiveDir, '--json', '--password', 'open-sesame']);
    expect(run.code, run.stderr).toBe(0);
    const result = json<ImportResult>(run);
    expect(result.failed).toEqual([]);
    expect(result.imported).toHaveLength(1);
    expect(result.imported[0]).toMatchObject({ status: 'ready', pageCount: 1, title: 'Encrypted fixture' });
  });

  it('uses $ABSTRACTOR_ARCHIVE when --archive is absent, and --archive over it', async () => {
    const fromEnv = await cli(['list', '--json'], { ABSTRACTOR_ARCHIVE: archiveDir });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(json<Array<{ id: number }>>(fromEnv).map((d) => d.id)).toContain(leaseId);

    const elsewhere = path.join(root, 'other-archive');
    const fromFlag = await cli(['list', '--json', '--archive', elsewhere], { ABSTRACTOR_ARCHIVE: archiveDir });
    expect(fromFlag.code, fromFlag.stderr).toBe(0);
    expect(json(fromFlag)).toEqual([]);
    expect(fs.existsSync(path.join(elsewhere, 'archive.sqlite'))).toBe(true);
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['import'], /import needs at least one file or folder/],
    [['show', 'abc'], /expected a document id/],
  ])('exits 2 with usage help for %j', async (args, message) => {
    const run = await cli([...args, '--archive', archiveDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
