// Issue 12: a password-protected PDF in a batch, retried with its password. Over the real job
// service (real archive, real pdf.js, the tiny model for the batch's extraction): a plain retry
// still leaves it be; a wrong password fails it again as password_incorrect; the right one
// imports it and the batch goes on with its extraction; the password is in no job row, no
// byte of the archive's files and no log line. And the contract call refuses what it must.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import type { BatchFile, JobInfo } from '../../shared/jobs';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { encryptedPdf, textPdf, brokenPdfs } from '../fixtures/pdfs';
import { MINI_CONTRACT_TEMPLATE } from '../fixtures/templates';
import { callOk } from '../helpers/call-ok';
import { scanTree } from '../helpers/plaintext-scan';
import { checkIntegrity, HEALTHY, openTempArchive, removeDir, tempDir, writeFiles, type TempArchive } from '../helpers/temp-archive';

const PASSWORD = 'Quokka-Tangerine-4471';
const WRONG = 'Heron-Marmalade-0385';

let archive: TempArchive;
let inputs: string;
let tiny: string;
let dispatch: ReturnType<typeof createDispatcher>;
let batchId: number;
const logged: MockInstance[] = [];

const file = (name: string): BatchFile => archive.services.jobs.batch(batchId).files.find((f) => f.file === name)!;

beforeAll(async () => {
  tiny = await ensureTinyModel();
  inputs = tempDir('abstractor-batch-password-');
  writeFiles(inputs, {
    'locked.pdf': encryptedPdf({ userPassword: PASSWORD, text: 'Sealed lease: governed by the laws of Vermont.' }),
    'plain.pdf': textPdf({ pages: [['This lease is governed by the laws of Ohio.']] }),
    'broken.pdf': brokenPdfs().truncated,
  });
  archive = await openTempArchive({ extractionSettings: { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 64 } });
  archive.services.extraction.templates.save(MINI_CONTRACT_TEMPLATE);
  archive.services.jobs.start({ watch: false });
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }), { checkResponses: true });
  // Every line anything prints from here on, searched for the passwords at the end.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) logged.push(vi.spyOn(console, method));

  const { jobs } = archive.services;
  const { batch } = await jobs.startBatch({ paths: [inputs], options: { template: 'mini-contract', summarize: false, modelPath: tiny } });
  batchId = batch.id;
  await jobs.queue.idle();
}, 240_000);

afterAll(async () => {
  for (const spy of logged) spy.mockRestore();
  await archive?.dispose();
  if (inputs) removeDir(inputs);
});

describe('a protected PDF in a batch', () => {
  it('fails for its password, counted apart from what a plain retry could fix, and a plain retry leaves it be', async () => {
    const { jobs } = archive.services;
    const locked = file('locked.pdf');
    expect(locked).toMatchObject({ state: 'failed', step: 'import', error: { code: 'password_required' } });
    expect(locked.failedJobId).toBe(locked.jobIds[0]);
    expect(jobs.batch(batchId).batch.counts).toMatchObject({ done: 1, failed: 2, needsPassword: 1, retryable: 0 });
    expect(jobs.retry({ batchId })).toBe(0);
    expect(await callOk(dispatch, 'jobs:retry', { ids: locked.jobIds })).toEqual({ changed: 0 });
    expect(file('locked.pdf').state).toBe('failed');
  });

  it('with a wrong password fails again as password_incorrect, and can be tried again', async () => {
    const jobId = file('locked.pdf').failedJobId!;
    const { job } = await callOk<{ job: JobInfo }>(dispatch, 'jobs:retryWithPassword', { id: jobId, password: WRONG });
    expect(job).toMatchObject({ id: jobId, kind: 'import', state: 'failed', error: { code: 'password_incorrect' } });
    const locked = file('locked.pdf');
    expect(locked).toMatchObject({ state: 'failed', error: { code: 'password_incorrect' }, failedJobId: jobId });
    expect(locked.jobIds).toEqual([jobId]); // nothing followed a failed import
    expect(archive.services.jobs.batch(batchId).batch.counts).toMatchObject({ needsPassword: 1, retryable: 0 });
    expect(archive.services.archive.findById(locked.documentId!)?.status).toBe('failed');
  });

  it('with the right password imports it, then runs the extraction the batch planned for it', async () => {
    const { jobs, extraction, archive: docs } = archive.services;
    const jobId = file('locked.pdf').failedJobId!;
    const { job } = await callOk<{ job: JobInfo }>(dispatch, 'jobs:retryWithPassword', { id: jobId, password: PASSWORD });
    expect(job).toMatchObject({ id: jobId, state: 'done', error: null });
    const documentId = job.documentId!;
    expect(docs.findById(documentId)).toMatchObject({ status: 'ready', pageCount: 1 });
    expect([...docs.iteratePages(documentId)].map((p) => p.text).join('\n')).toContain('Vermont');
    await jobs.queue.idle();
    const locked = file('locked.pdf');
    expect(locked.state).toBe('done');
    const chain = locked.jobIds.map((id) => jobs.store.get(id)!);
    expect(chain.map((j) => [j.kind, j.state])).toEqual([
      ['import', 'done'],
      ['extract', 'done'],
    ]);
    expect(extraction.runs.get(chain[1]!.result?.['runId'] as number).status).toBe('done');
    expect(jobs.batch(batchId).batch).toMatchObject({ state: 'finished', counts: { done: 2, failed: 1, needsPassword: 0 } });
  }, 240_000);

  it('keeps neither password anywhere: job rows, the archive’s files, the log', async () => {
    const { db } = archive.services;
    const rows = db.prepare('SELECT * FROM jobs').all().concat(db.prepare('SELECT * FROM job_steps').all());
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(WRONG);
    // Every byte of the archive folder: the database, its WAL, the stored files.
    expect(scanTree([archive.dir], [{ label: 'password', text: PASSWORD }, { label: 'wrong password', text: WRONG }])).toEqual([]);
    const lines = logged.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' ')));
    expect(lines.filter((line) => line.includes(PASSWORD) || line.includes(WRONG))).toEqual([]);
    expect(checkIntegrity(db)).toEqual(HEALTHY);
  });
});

describe('jobs:retryWithPassword refuses', () => {
  const code = async (payload: unknown) => {
    const result = await dispatch('jobs:retryWithPassword', payload);
    return result.ok ? 'ok' : result.error.code;
  };

  it('an empty, missing or over-long password, and a malformed id, before any work', async () => {
    const jobId = file('broken.pdf').failedJobId!;
    expect(await code({ id: jobId, password: '' })).toBe('invalid_request');
    expect(await code({ id: jobId })).toBe('invalid_request');
    expect(await code({ id: jobId, password: 7 })).toBe('invalid_request');
    const long = `${PASSWORD}${'x'.repeat(1025)}`;
    const refused = await dispatch('jobs:retryWithPassword', { id: jobId, password: long });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // The refusal names the field, never what was typed.
    expect(JSON.stringify(refused)).not.toContain(PASSWORD);
    for (const id of [0, -1, 1.5, '1', null]) expect(await code({ id, password: PASSWORD })).toBe('invalid_request');
  });

  it('an unknown job, and jobs that did not fail for a password', async () => {
    const { jobs } = archive.services;
    expect(await code({ id: 999_999, password: PASSWORD })).toBe('not_found');
    // Failed, but for a damaged file: a password cannot help.
    const broken = file('broken.pdf');
    expect(broken.error?.code).not.toMatch(/password/);
    expect(await code({ id: broken.failedJobId!, password: PASSWORD })).toBe('invalid_request');
    expect(file('broken.pdf').state).toBe('failed');
    // Done, whether plain or unlocked before.
    for (const name of ['plain.pdf', 'locked.pdf']) {
      const [importJob, extractJob] = file(name).jobIds;
      expect(await code({ id: importJob, password: PASSWORD })).toBe('invalid_request');
      expect(await code({ id: extractJob, password: PASSWORD })).toBe('invalid_request');
    }
    expect(jobs.store.countActive()).toBe(0);
  });

  it('a second try while the first is still running', async () => {
    const { jobs } = archive.services;
    const dir = tempDir('abstractor-batch-password-2-');
    try {
      fs.writeFileSync(path.join(dir, 'second.pdf'), encryptedPdf({ userPassword: PASSWORD, text: 'Another sealed page.' }));
      const { batch } = await jobs.startBatch({ paths: [dir], options: { template: null, summarize: false, modelPath: null } });
      await jobs.queue.idle();
      const jobId = jobs.batch(batch.id).files[0]!.failedJobId!;
      const first = callOk<{ job: JobInfo }>(dispatch, 'jobs:retryWithPassword', { id: jobId, password: PASSWORD });
      expect(await code({ id: jobId, password: PASSWORD })).toBe('invalid_request');
      expect((await first).job.state).toBe('done');
      expect(jobs.batch(batch.id).batch.counts).toMatchObject({ done: 1, needsPassword: 0 });
    } finally {
      removeDir(dir);
    }
  });
});
