// The persistent job queue over real services: batches of generated PDFs (import, then the
// model steps on the tiny random model), every file accounted for, nothing doubled when a
// batch runs again, pause / resume / cancel, follow-ups queued with the step that made them,
// a watched folder, and a model job resumed from its stored steps.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { MINI_CONTRACT_TEMPLATE } from '../fixtures/templates';
import { brokenPdfs, largePdf, textPdf } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, removeDir, tempDir, writeFiles, type TempArchive } from '../helpers/temp-archive';


let archive: TempArchive;

async function until<T>(check: () => T | null, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
let inputs: string;
let tiny: string;

beforeAll(async () => {
  tiny = await ensureTinyModel();
  inputs = tempDir('abstractor-jobs-in-');
  writeFiles(inputs, {
    'a/lease.pdf': textPdf({ pages: [['This lease is governed by the laws of Ohio.'], ['Effective Date: March 3, 2020.']] }),
    'a/nested/report.pdf': textPdf({ pages: [['Quarterly report, page one.']] }),
    'a/broken.pdf': brokenPdfs().truncated,
    'a/notes.txt': new TextEncoder().encode('not a pdf, and not a .pdf name: never picked up from a folder'),
  });
  // Short answers: the random model never stops by itself, so the output limit bounds each one.
  archive = await openTempArchive({ extractionSettings: { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 64 } });
  archive.services.extraction.templates.save(MINI_CONTRACT_TEMPLATE);
  archive.services.jobs.start({ watch: false });
}, 120_000);

afterAll(async () => {
  await archive?.dispose();
  if (inputs) removeDir(inputs);
});

describe('batches', () => {
  it('imports a folder: every PDF done or failed with a code, follow-ups for the template', async () => {
    const { jobs } = archive.services;
    const { batch } = await jobs.startBatch({
      paths: [path.join(inputs, 'a')],
      options: { template: 'mini-contract', summarize: false, modelPath: tiny },
    });
    expect(batch.files).toBe(3);
    await jobs.queue.idle();
    const { batch: done, files } = jobs.batch(batch.id);
    expect(done.state).toBe('finished');
    expect(done.progress).toBe(1);
    expect(done.counts).toMatchObject({ done: 2, failed: 1, waiting: 0, working: 0 });
    const broken = files.find((f) => f.file === 'broken.pdf')!;
    expect(broken.state).toBe('failed');
    expect(broken.error?.code).toMatch(/corrupt_pdf|not_pdf|empty/);
    // A damaged file fails the same way every time: nothing to retry, and a retry leaves it be.
    expect(done.counts.retryable).toBe(0);
    expect(jobs.retry({ batchId: batch.id })).toBe(0);
    expect(jobs.batch(batch.id).files.find((f) => f.file === 'broken.pdf')?.state).toBe('failed');
    for (const f of files.filter((x) => x.state === 'done')) {
      const chain = f.jobIds.map((id) => jobs.store.get(id)!);
      expect(chain.map((j) => j.kind)).toEqual(['import', 'extract']);
      expect(chain.every((j) => j.state === 'done')).toBe(true);
      const runId = chain[1]!.result?.['runId'] as number;
      expect(archive.services.extraction.runs.get(runId).status).toBe('done');
      expect(archive.services.extraction.get(f.documentId!, 'mini-contract').fields).toHaveLength(2);
    }
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  }, 240_000);

  it('runs the same folder again without doubling documents, pages, runs or fields', async () => {
    const { jobs, db } = archive.services;
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const before = {
      documents: count('SELECT count(*) AS n FROM documents'),
      pages: count('SELECT count(*) AS n FROM pages'),
      runs: count('SELECT count(*) AS n FROM runs'),
      fields: count('SELECT count(*) AS n FROM field_values'),
    };
    const { batch } = await jobs.startBatch({ paths: [path.join(inputs, 'a')], options: { template: 'mini-contract', summarize: false, modelPath: tiny } });
    await jobs.queue.idle();
    const { files } = jobs.batch(batch.id);
    // Imported already: the import job says duplicate and no model step is queued again.
    for (const f of files.filter((x) => x.state === 'done')) {
      expect(f.jobIds).toHaveLength(1);
      expect(jobs.store.get(f.jobIds[0]!)!.result?.['outcome']).toBe('duplicate');
    }
    expect({
      documents: count('SELECT count(*) AS n FROM documents'),
      pages: count('SELECT count(*) AS n FROM pages'),
      runs: count('SELECT count(*) AS n FROM runs'),
      fields: count('SELECT count(*) AS n FROM field_values'),
    }).toEqual(before);
  }, 120_000);

  it('pauses, resumes and cancels queued jobs', async () => {
    const { jobs } = archive.services;
    const dir = tempDir('abstractor-jobs-pause-');
    try {
      writeFiles(dir, {
        'one.pdf': textPdf({ pages: [['Pause test one.']] }),
        'two.pdf': textPdf({ pages: [['Pause test two.']] }),
        'three.pdf': textPdf({ pages: [['Pause test three.']] }),
      });
      // Queued while paused as a whole: nothing runs until resumed.
      jobs.queue.pause({ all: true });
      const { batches, store } = jobs;
      const created = await batches.create('pause test', (await batches.resolvePaths([dir])).inputs, { template: null, summarize: false, modelPath: null });
      const ids = store.add(created.jobs.map((j) => ({ ...j, priority: 0 })));
      expect(jobs.pause({ batchId: created.batchId })).toBe(3);
      await jobs.queue.idle();
      expect(ids.map((id) => store.get(id)!.state)).toEqual(['paused', 'paused', 'paused']);
      expect(jobs.cancel({ ids: [ids[2]!] })).toBe(1);
      expect(jobs.resume({ batchId: created.batchId })).toBe(2);
      await jobs.queue.idle();
      expect(ids.map((id) => store.get(id)!.state)).toEqual(['done', 'done', 'cancelled']);
      const info = jobs.batch(created.batchId).batch;
      expect(info.counts).toMatchObject({ done: 2, cancelled: 1 });
      expect(info.state).toBe('finished');
      // A cancelled job can be queued again.
      expect(jobs.retry({ ids: [ids[2]!] })).toBe(1);
      await jobs.queue.idle();
      expect(store.get(ids[2]!)!.state).toBe('done');
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  it('pauses a running import mid-document and resumes it from the pages it had; cancel drops a half-read one', async () => {
    const { jobs, archive: docs, db } = archive.services;
    const dir = tempDir('abstractor-jobs-long-');
    try {
      writeFiles(dir, { 'long.pdf': largePdf(600, { linesPerPage: 20 }), 'other.pdf': largePdf(601, { linesPerPage: 20 }) });
      const { batch } = await jobs.startBatch({ paths: [path.join(dir, 'long.pdf')], options: { template: null, summarize: false, modelPath: null } });
      const [jobId] = jobs.batch(batch.id).files[0]!.jobIds;
      await until(() => (jobs.store.get(jobId!)!.done >= 32 ? true : null));
      expect(jobs.pause({ batchId: batch.id })).toBe(1);
      await jobs.queue.idle();
      const paused = jobs.store.get(jobId!)!;
      expect(paused.state).toBe('paused');
      const doc = docs.getDocument(paused.documentId!);
      expect(doc.status).toBe('importing');
      const pageRows = () => db.prepare('SELECT id FROM pages WHERE document_id = ? ORDER BY number').all(doc.id) as Array<{ id: number }>;
      const kept = pageRows();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(600);
      expect(jobs.resume({ batchId: batch.id })).toBe(1);
      await jobs.queue.idle();
      expect(jobs.store.get(jobId!)!.state).toBe('done');
      const after = pageRows();
      expect(after).toHaveLength(600);
      expect(new Set(after.map((r) => r.id)).size).toBe(600);
      // The pages read before the pause are the same rows: not read again.
      for (const row of kept) expect(after.some((r) => r.id === row.id)).toBe(true);
      expect(docs.getDocument(doc.id).status).toBe('ready');

      const second = await jobs.startBatch({ paths: [path.join(dir, 'other.pdf')], options: { template: null, summarize: false, modelPath: null } });
      const [otherJob] = jobs.batch(second.batch.id).files[0]!.jobIds;
      await until(() => (jobs.store.get(otherJob!)!.done >= 16 ? true : null));
      expect(jobs.cancel({ ids: [otherJob!] })).toBe(1);
      await jobs.queue.idle();
      const cancelled = jobs.store.get(otherJob!)!;
      expect(cancelled.state).toBe('cancelled');
      expect(docs.getDocument(cancelled.documentId!)).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
      expect(db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = ?').get(cancelled.documentId) as { n: number }).toEqual({ n: 0 });
      expect(checkIntegrity(db)).toEqual(HEALTHY);
    } finally {
      removeDir(dir);
    }
  }, 120_000);

  it('pauses a job running in another process (the app) when asked from this one (the CLI)', async () => {
    const { jobs, db } = archive.services;
    const dir = tempDir('abstractor-jobs-remote-');
    // A second set of services on the same archive that does not run the queue: a CLI beside the app.
    const cli = await openTempArchive({ dir: archive.dir, keep: true });
    try {
      writeFiles(dir, { 'remote.pdf': largePdf(2000, { linesPerPage: 10 }) });
      const { batch } = await jobs.startBatch({ paths: [path.join(dir, 'remote.pdf')], options: { template: null, summarize: false, modelPath: null } });
      const [jobId] = jobs.batch(batch.id).files[0]!.jobIds;
      await until(() => (jobs.store.get(jobId!)!.done >= 16 ? true : null));
      expect(cli.services.jobs.pause({ ids: [jobId!] })).toBe(1);
      // The owner's timer would pick the request up within 2 s; tick it now so the import
      // cannot finish first (no await between the request and the tick).
      jobs.queue.poll();
      await until(() => (jobs.store.get(jobId!)!.state === 'paused' ? true : null), 20_000);
      expect(db.prepare("SELECT count(*) AS n FROM job_steps WHERE job_id = ? AND step = 'stop'").get(jobId) as { n: number }).toEqual({ n: 0 });
      expect(cli.services.jobs.resume({ ids: [jobId!] })).toBe(1);
      await until(() => (jobs.store.get(jobId!)!.state === 'done' ? true : null), 60_000);
      expect(db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = ?').get(jobs.store.get(jobId!)!.documentId) as { n: number }).toEqual({ n: 2000 });
    } finally {
      await cli.dispose();
      removeDir(dir);
    }
  }, 120_000);

  it('refuses an unknown template and an empty batch before any work', async () => {
    const { jobs } = archive.services;
    await expect(jobs.startBatch({ paths: [inputs], options: { template: 'no-such-template', summarize: false, modelPath: null } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(jobs.startBatch({ paths: [path.join(inputs, 'missing')], options: { template: null, summarize: false, modelPath: null } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('imports new PDFs that appear in a watched folder, once each', async () => {
    const { jobs, archive: docs } = archive.services;
    const dir = tempDir('abstractor-watch-');
    try {
      jobs.watch({ folder: dir, template: null, summarize: false, modelPath: null });
      fs.writeFileSync(path.join(dir, 'arrived.pdf'), textPdf({ pages: [['A wombat arrived by fax.']] }));
      await jobs.watcher.poll(); // first sight: not yet stable
      await jobs.watcher.poll(); // unchanged since: taken
      await jobs.watcher.poll(); // already queued: not taken again
      await jobs.queue.idle();
      const imported = jobs.list({ limit: 1000 }).filter((j) => j.kind === 'import' && j.label === 'arrived.pdf');
      expect(imported).toHaveLength(1);
      expect(imported[0]!.state).toBe('done');
      expect(docs.search('wombat', 10).length).toBe(1);
      expect(jobs.unwatch(dir)).toBe(true);
      expect(jobs.watched()).toEqual([]);
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});
