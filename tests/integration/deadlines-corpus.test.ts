// The corpus contracts that have a term and a notice period, imported into a real archive,
// their values entered as a reviewer does (select the words on the page, give the value,
// confirm it; clear a blank), then the key dates read back three ways — the service the
// Deadlines view lists, the CLI's `--format json`, and its `--format ics` file read with
// ical.js — and compared with the dates counted by hand (tests/fixtures/corpus-deadlines.ts).
// Counted as of a fixed day (--as-of), so the result does not depend on today.
// Skipped when the corpus is absent.
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { DeadlineService } from '../../electron/main/services/deadlines/deadline-service';
import { findQuote } from '../../shared/extraction/verify';
import type { Deadline } from '../../shared/deadlines/api';
import { AS_OF, CORPUS_CONTRACTS, type CorpusContract } from '../fixtures/corpus-deadlines';
import { callOk } from '../helpers/call-ok';
import { json, runCli } from '../helpers/run-cli';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, removeDir, type TempArchive } from '../helpers/temp-archive';

type Listed = Pick<Deadline, 'documentId' | 'id' | 'date' | 'status' | 'label' | 'explanation' | 'reasons' | 'inputs'>;

describe.skipIf(!HAS_CORPUS)('deadlines of the corpus contracts, as reviewed', () => {
  let archive: TempArchive;
  let dispatch: Dispatch;
  const ids = new Map<string, number>();
  const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

  async function review(contract: CorpusContract, documentId: number): Promise<void> {
    const ref = { documentId, template: 'contract' };
    for (const [field, entry] of Object.entries(contract.values)) {
      if (entry === 'clear') {
        await call('extraction:clear', { ...ref, field });
        continue;
      }
      const { text } = await call<{ text: string }>('documents:page', { id: documentId, page: entry.page });
      const span = findQuote(text, entry.quote!);
      if (span === null) throw new Error(`${contract.file} p.${entry.page}: the quote for ${field} is not on the page`);
      await call('extraction:addFromSelection', { ...ref, field, page: entry.page, start: span[0], end: span[1], value: entry.value });
      await call('extraction:confirm', { ...ref, field });
    }
  }

  beforeAll(async () => {
    archive = await openTempArchive({ keep: true });
    dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    for (const contract of CORPUS_CONTRACTS) {
      const data = new Uint8Array(fs.readFileSync(path.join(CORPUS_DIR, 'legal', contract.file)));
      const { outcomes } = await call<{ outcomes: Array<{ document?: { id: number } }> }>('documents:import', {
        files: [{ key: contract.file, name: contract.file, data }],
      });
      const id = outcomes[0]?.document?.id;
      if (id === undefined) throw new Error(`${contract.file} did not import`);
      ids.set(contract.file, id);
      await review(contract, id);
    }
  }, 300_000);

  afterAll(async () => {
    await archive?.dispose();
    if (archive) removeDir(archive.dir);
  });

  /** One contract's dates compared with the hand-counted ones: the same ids, dates and status. */
  function expectContract(listed: readonly Listed[], contract: CorpusContract): void {
    const documentId = ids.get(contract.file)!;
    const mine = listed.filter((d) => d.documentId === documentId);
    const got = mine.map((d) => ({ id: d.id, date: d.date, status: d.status })).sort((a, b) => a.id.localeCompare(b.id));
    const want = contract.expected.map(({ id, date, status }) => ({ id, date, status })).sort((a, b) => a.id.localeCompare(b.id));
    expect(got, contract.file).toEqual(want);
    for (const expected of contract.expected) {
      const d = mine.find((x) => x.id === expected.id)!;
      if (expected.says) expect(`${d.label} ${d.explanation} ${d.reasons.join('; ')}`, `${contract.file} ${d.id}`).toContain(expected.says);
      // Every input a date came from carries the reviewer's page and quote.
      for (const input of d.inputs) {
        const entry = contract.values[input.key];
        if (entry === undefined || entry === 'clear') continue;
        expect(input.evidence.map((e) => e.page), `${contract.file} ${d.id} ${input.key}`).toEqual([entry.page]);
        expect(input.evidence[0]!.quote.replace(/\s+/g, ' ')).toContain(entry.quote!.slice(0, 20));
      }
    }
  }

  it('lists the hand-counted dates for every contract (what the Deadlines view shows)', () => {
    const service = new DeadlineService({ extraction: archive.services.extraction, now: () => new Date(`${AS_OF}T12:00:00Z`) });
    const { asOf, deadlines } = service.list();
    expect(asOf).toBe(AS_OF);
    for (const contract of CORPUS_CONTRACTS) expectContract(deadlines, contract);
  });

  it('CLI --format json and --format ics --as-of give the same dates; the calendar has one event per dated one', async () => {
    await archive.dispose(); // the CLI opens the archive itself
    const listedRun = await runCli(['deadlines', '--archive', archive.dir, '--as-of', AS_OF, '--format', 'json', '--json']);
    expect(listedRun.code, listedRun.stderr).toBe(0);
    const listed = json<{ asOf: string; deadlines: Listed[] }>(listedRun);
    expect(listed.asOf).toBe(AS_OF);
    for (const contract of CORPUS_CONTRACTS) expectContract(listed.deadlines, contract);

    const file = path.join(archive.dir, 'deadlines.ics');
    const icsRun = await runCli(['deadlines', '--archive', archive.dir, '--as-of', AS_OF, '--format', 'ics', '--out', file]);
    expect(icsRun.code, icsRun.stderr).toBe(0);
    const events = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8'))).getAllSubcomponents('vevent');
    const fromCalendar = events.map((e) => {
      const start = e.getFirstPropertyValue('dtstart') as ICAL.Time;
      expect(start.isDate).toBe(true);
      expect(e.getFirstSubcomponent('valarm')).not.toBeNull();
      return `${String(e.getFirstPropertyValue('uid'))} ${start.toString()}`;
    });
    const expected = CORPUS_CONTRACTS.flatMap((c) =>
      c.expected.filter((d) => d.date !== null).map((d) => `abstractor-deadline-${ids.get(c.file)}-${d.id}@abstractor.local ${d.date}`),
    );
    expect(fromCalendar.sort()).toEqual(expected.sort());

    const bad = await runCli(['deadlines', '--archive', archive.dir, '--as-of', '29/07/2016']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of needs a date as YYYY-MM-DD/);
  }, 120_000);
});
