// The extraction CLI as a user runs it: a real process over a temp archive, a generated PDF,
// a user template added from a file, real inference on the tiny model, exports parsed back.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../electron/main/services/csv';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli, type Run } from '../helpers/run-cli';
import { removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

/** The CLI on this file's archive. */
function cli(args: string[]): Promise<Run> {
  return runCli([...args, '--archive', archiveDir]);
}

interface Extracted {
  documentId: number;
  runId: number;
  fields: Array<{ key: string; value: unknown; status: string; evidence: Array<{ page: number; quote: string }> }>;
}

let root: string;
let archiveDir: string;
let tiny: string;
const ids: number[] = [];

beforeAll(async () => {
  tiny = await ensureTinyModel();
  root = tempDir('abstractor-extract-cli-');
  archiveDir = path.join(root, 'archive');
  writeFiles(root, {
    'a.pdf': textPdf({ pages: [['Agreement between Acme Corp and Beta LLC.', 'Governed by the laws of Ohio.']], title: 'A' }),
    'b.pdf': textPdf({ pages: [['Lease between Gamma Inc and Delta Ltd.'], ['Governed by the laws of Utah.']], title: 'B' }),
    'tiny-template.json': new TextEncoder().encode(
      JSON.stringify({
        name: 'tiny-terms',
        title: 'Tiny terms',
        domain: 'legal',
        version: 1,
        description: 'Two short fields.',
        fields: [
          { key: 'governing_law', label: 'Governing law', type: 'text', maxLength: 8, instructions: 'The state whose law governs.' },
          { key: 'parties', label: 'Parties', type: 'list', maxLength: 8, instructions: 'Each party.' },
        ],
      }),
    ),
  });
  const imported = json<{ imported: Array<{ id: number }> }>(await cli(['import', path.join(root, 'a.pdf'), path.join(root, 'b.pdf'), '--json']));
  ids.push(...imported.imported.map((d) => d.id));
});

afterAll(() => removeDir(root));

describe('extraction CLI', () => {
  it('lists, adds and shows templates with --json', async () => {
    const list = json<{ templates: Array<{ name: string; builtIn: boolean }> }>(await cli(['templates', 'list', '--json']));
    expect(list.templates.filter((t) => t.builtIn)).toHaveLength(5);
    const added = await cli(['templates', 'add', path.join(root, 'tiny-template.json'), '--json']);
    expect(added.code, added.stderr).toBe(0);
    const shown = json<{ template: { name: string; fields: unknown[] }; builtIn: boolean }>(await cli(['templates', 'show', 'tiny-terms', '--json']));
    expect(shown.template.fields).toHaveLength(2);
    expect(shown.builtIn).toBe(false);
    const bad = await cli(['templates', 'show', 'nope', '--json']);
    expect(bad.code).toBe(1);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('not_found');
  });

  it('extracts several documents with --json, every quote from its page', async () => {
    const run = await cli(['extract', ...ids.map(String), '--template', 'tiny-terms', '--model', tiny, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const results = json<Extracted[]>(run);
    expect(results.map((r) => r.documentId)).toEqual(ids);
    for (const r of results) {
      expect(r.runId).toBeGreaterThan(0);
      expect(r.fields.map((f) => f.key)).toEqual(['governing_law', 'parties']);
      for (const f of r.fields) {
        expect(['verified', 'unsupported', 'cited', 'not_found']).toContain(f.status);
        for (const e of f.evidence) {
          const page = json<{ pages: Array<{ number: number; text: string }> }>(await cli(['show', String(r.documentId), '--json'])).pages.find((p) => p.number === e.page)!;
          expect(page.text).toContain(e.quote);
        }
      }
    }
    const single = await cli(['extract', String(ids[0]), '--template', 'tiny-terms', '--model', tiny, '--json']);
    expect(json<Extracted>(single).documentId).toBe(ids[0]);
    expect((await cli(['extract', String(ids[0]), '--json'])).code).toBe(2);
  });

  it('exports CSV and JSON that parse back', async () => {
    const out = path.join(root, 'terms.csv');
    const csvRun = await cli(['export', '--template', 'tiny-terms', '--format', 'csv', '--out', out]);
    expect(csvRun.code, csvRun.stderr).toBe(0);
    const rows = parseCsv(fs.readFileSync(out, 'utf8'));
    expect(rows[0]!.slice(0, 4)).toEqual(['document_id', 'document_title', 'governing_law', 'governing_law_status']);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual([...ids].sort((a, b) => a - b));
    const jsonRun = await cli(['export', '--template', 'tiny-terms', '--format', 'json']);
    const exported = json<{ template: string; documents: Array<{ documentId: number; fields: unknown[] }> }>(jsonRun);
    expect(exported.template).toBe('tiny-terms');
    expect(exported.documents.map((d) => d.documentId)).toEqual([...ids].sort((a, b) => a - b));
  });
});
