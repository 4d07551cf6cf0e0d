// Deadlines over the real parts: a contract PDF imported into a real archive, its values set
// through the reviewer's calls (extraction:edit, addFromSelection), the dates computed by the
// service and exported; the .ics is read back with ical.js (Mozilla's iCalendar parser), and a
// hostile title and value (line breaks, ";", ",", a would-be property) stay inside their text.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { callOk } from '../helpers/call-ok';
import { createHandlers } from '../../electron/main/api/handlers';
import { parseCsv } from '../../electron/main/services/csv';
import { DeadlineService } from '../../electron/main/services/deadlines/deadline-service';
import fs from 'node:fs';
import path from 'node:path';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli } from '../helpers/run-cli';
import { openTempArchive, removeDir, type TempArchive } from '../helpers/temp-archive';

const HOSTILE_TITLE = 'Supply Agreement;X-EVIL=1,\r\nATTACH:http://evil.example/a\\';
const NOTICE_LINE = 'Either party may prevent renewal by notice sixty (60) days prior to the end of the then-current term.';
const HOSTILE_VALUE = 'sixty (60) days\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected;LANGUAGE=x,y';

let archive: TempArchive;
let dispatch: Dispatch;
let documentId: number;

const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

beforeAll(async () => {
  archive = await openTempArchive({ keep: true });
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
  const pdf = textPdf({
    title: HOSTILE_TITLE,
    pages: [
      ['SUPPLY AGREEMENT', 'This Agreement is effective as of February 29, 2024 (the "Effective Date").', 'The initial term is one (1) year.'],
      ['This Agreement renews automatically for successive one (1) year terms.', NOTICE_LINE],
    ],
  });
  const { outcomes } = await call<{ outcomes: Array<{ kind: string; document?: { id: number } }> }>('documents:import', {
    files: [{ key: 'contract', name: 'supply.pdf', data: pdf }],
  });
  documentId = outcomes[0]!.document!.id;
  const ref = { documentId, template: 'contract' };
  await call('extraction:edit', { ...ref, field: 'effective_date', value: 'February 29, 2024' });
  await call('extraction:edit', { ...ref, field: 'expiration_date', value: 'one (1) year from the Effective Date' });
  await call('extraction:edit', { ...ref, field: 'renewal_term', value: 'successive one (1) year terms' });
  await call('extraction:edit', { ...ref, field: 'parties', value: ['Acme Corp', 'Widget LLC'] });
  const page = await call<{ text: string }>('documents:page', { id: documentId, page: 2 });
  const start = page.text.indexOf(NOTICE_LINE);
  expect(start).toBeGreaterThanOrEqual(0);
  await call('extraction:addFromSelection', { ...ref, field: 'notice_period_to_terminate_renewal', page: 2, start, end: start + NOTICE_LINE.length, value: HOSTILE_VALUE });
});

afterAll(async () => {
  await archive?.dispose();
  if (archive) removeDir(archive.dir);
});

// Today is fixed so the hand-computed dates hold: the current term is 2025-03-01..2026-02-28.
const service = () => new DeadlineService({ extraction: archive.services.extraction, now: () => new Date('2025-06-15T09:00:00Z') });

describe('deadlines across contracts', () => {
  it('computes the hand-counted dates from the reviewed values, with their evidence', () => {
    const { asOf, deadlines } = service().list();
    expect(asOf).toBe('2025-06-15');
    const byId = new Map(deadlines.map((d) => [d.id, d]));
    expect(byId.get('expiration')?.date).toBe('2025-02-28'); // a year from a leap day
    expect(byId.get('renewal:2')?.date).toBe('2026-03-01');
    expect(byId.get('notice_deadline:2')?.date).toBe('2025-12-30'); // 2026-02-28 less 60 days
    expect(byId.get('notice_deadline:5')?.date).toBe('2028-12-30'); // 2029-02-28 less 60 days (28 + 31 + 1)
    const notice = byId.get('notice_deadline:2')!;
    expect(notice.status).toBe('fact');
    expect(notice.parties).toEqual(['Acme Corp', 'Widget LLC']);
    const evidence = notice.inputs.find((i) => i.key === 'notice_period_to_terminate_renewal')?.evidence;
    expect(evidence).toEqual([{ page: 2, quote: NOTICE_LINE }]);
    // Sorted by date, undated last.
    const dates = deadlines.map((d) => d.date ?? '9999');
    expect([...dates].sort()).toEqual(dates);
  });

  it('lists over the API and keeps the next N days', async () => {
    const all = await call<{ deadlines: unknown[] }>('deadlines:list', {});
    expect(all.deadlines.length).toBeGreaterThan(3);
    const soon = service().list(200).deadlines.map((d) => d.id);
    expect(soon).toEqual(['notice_deadline:2']); // 2025-12-30 is 198 days after 2025-06-15
  });

  it('exports an .ics a calendar parser reads: one all-day event per dated deadline, a reminder each, the hostile text inert', () => {
    const { text, fileName } = service().export('ics');
    expect(fileName).toBe('deadlines-2025-06-15.ics');
    const dated = service().list().deadlines.filter((d) => d.date !== null);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);

    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBe(dated.length);
    const uids = events.map((e) => e.getFirstPropertyValue('uid'));
    expect(new Set(uids).size).toBe(events.length);
    expect(uids).toContain(`abstractor-deadline-${documentId}-notice_deadline:2@abstractor.local`);

    const notice = events.find((e) => String(e.getFirstPropertyValue('uid')).includes('notice_deadline:2'))!;
    const start = notice.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.isDate).toBe(true);
    expect(start.toString()).toBe('2025-12-30');
    const alarm = notice.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-P14D');

    // The hostile title and value are text of SUMMARY / DESCRIPTION, nothing more.
    expect(String(notice.getFirstPropertyValue('summary'))).toBe(`Last day to give notice of non-renewal (term 2) — ${HOSTILE_TITLE.replace(/\r/g, '')}`);
    expect(String(notice.getFirstPropertyValue('description'))).toContain(HOSTILE_VALUE);
    expect(notice.getAllProperties().map((p) => p.name).sort()).toEqual(['description', 'dtend', 'dtstamp', 'dtstart', 'summary', 'transp', 'uid']);
    expect(calendar.getAllProperties('attach')).toEqual([]);
    for (const e of events) expect(e.getAllProperties('attach')).toEqual([]);
  });

  it('exports CSV with one row per deadline, its inputs and quotes', async () => {
    const { fileName, data } = await call<{ fileName: string; data: Uint8Array }>('deadlines:export', { format: 'csv' });
    expect(fileName).toMatch(/^deadlines-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(new TextDecoder().decode(data));
    expect(rows[0]?.slice(0, 6)).toEqual(['document_id', 'document_title', 'parties', 'deadline', 'kind', 'date']);
    const notice = rows.find((r) => r[4] === 'notice_deadline');
    expect(notice?.[2]).toBe('Acme Corp; Widget LLC');
    expect(notice?.[11]).toContain(NOTICE_LINE);
  });

  it('CLI: deadlines --json --within, --ics and --csv files, over the same archive', async () => {
    await archive.dispose(); // the CLI opens the archive itself
    const ics = path.join(archive.dir, 'out.ics');
    const csv = path.join(archive.dir, 'out.csv');
    const run = await runCli(['deadlines', '--archive', archive.dir, '--json', '--within', '36500', '--ics', ics, '--csv', csv]);
    expect(run.code, run.stderr).toBe(0);
    const listed = json<{ asOf: string; deadlines: Array<{ id: string; date: string | null }> }>(run);
    expect(listed.deadlines.some((d) => d.id.startsWith('renewal:'))).toBe(true); // the horizon runs from today
    const events = new ICAL.Component(ICAL.parse(fs.readFileSync(ics, 'utf8'))).getAllSubcomponents('vevent');
    expect(events.length).toBe(listed.deadlines.filter((d) => d.date !== null).length);
    expect(parseCsv(fs.readFileSync(csv, 'utf8')).length).toBe(listed.deadlines.length + 1);

    const bad = await runCli(['deadlines', '--archive', archive.dir, '--within', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--within needs a whole number/);
  });
});
