// The one line in front of the model, over real services and the real engine on the tiny
// random model: a summary and an extraction a person starts while a 5-document batch runs.
// The engine's own request log shows each generation whole and one model load; the person's
// runs finish before the batch's remaining jobs; waiting runs are told whom they wait for,
// and only while that run really holds the model.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionProgress } from '../../shared/extraction/api';
import type { ModelWait, SummaryProgress } from '../../shared/summaries';
import type { RequestLogEntry } from '../../electron/main/services/llm/engine-protocol';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { MINI_CONTRACT_TEMPLATE } from '../fixtures/templates';
import { textPdf } from '../fixtures/pdfs';
import { openTempArchive, removeDir, tempDir, writeFiles, type TempArchive } from '../helpers/temp-archive';

// Short answers: the random model never stops by itself, so the output limits bound each one.
const SUMMARY = { maxOutputTokens: 96, mapOutputTokens: 64, maxBullets: 1, maxBulletChars: 12 };

let archive: TempArchive;
let tiny: string;
let inputs: string;

beforeAll(async () => {
  tiny = await ensureTinyModel();
  inputs = tempDir('abstractor-scheduler-in-');
  const files: Record<string, Uint8Array> = {
    'person/lease.pdf': textPdf({ pages: [['This lease is governed by the laws of Ohio.'], ['Effective Date: March 3, 2020.']] }),
  };
  for (let i = 1; i <= 5; i += 1) {
    files[`batch/contract-${i}.pdf`] = textPdf({ pages: [[`Contract ${i} is governed by the laws of Utah.`], [`Effective Date: May ${i}, 2021.`]] });
  }
  writeFiles(inputs, files);
  archive = await openTempArchive({
    engineThreads: 1,
    extractionSettings: { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 48 },
  });
  archive.services.extraction.templates.save(MINI_CONTRACT_TEMPLATE);
}, 120_000);

afterAll(async () => {
  await archive?.dispose();
  if (inputs) removeDir(inputs);
});

async function until<T>(check: () => T | null | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Each generation's entries, start to end, with nothing of another request in between. */
function expectWholeGenerations(log: readonly RequestLogEntry[]): number {
  let generations = 0;
  for (let i = 0; i < log.length; i += 1) {
    const entry = log[i]!;
    if (entry.event !== 'start') continue;
    generations += 1;
    const end = log.findIndex((e, j) => j > i && e.requestId === entry.requestId && e.event === 'end');
    expect(end, `generation ${entry.requestId} has an end`).toBeGreaterThan(i);
    const foreign = log.slice(i + 1, end).filter((e) => e.requestId !== entry.requestId);
    expect(foreign, `nothing else between the start and end of ${entry.requestId}`).toEqual([]);
  }
  return generations;
}

describe('model scheduler', () => {
  it('runs a person’s summary and extraction before a running batch’s remaining jobs, each generation whole, one load', async () => {
    const { jobs, summaries, extraction, scheduler, engine, events, importer } = archive.services;
    const [imported] = await importer.importMany([{ key: 'lease', name: 'lease.pdf', path: path.join(inputs, 'person/lease.pdf') }]);
    const leaseId = imported?.kind === 'imported' ? imported.document.id : 0;
    expect(leaseId).toBeGreaterThan(0);

    // Every wait a run is told about names a run that holds the model at that moment.
    const waits: Array<{ kind: 'summary' | 'extraction'; runId: number; wait: ModelWait }> = [];
    const falseWaits: ModelWait[] = [];
    const finished: Array<{ kind: 'summary' | 'extraction'; runId: number }> = [];
    const stop = events.subscribe((name, payload) => {
      if (name === 'summaries:progress' || name === 'extraction:progress') {
        const p = payload as SummaryProgress | ExtractionProgress;
        if (!p.wait) return;
        const kind = name === 'summaries:progress' ? 'summary' : 'extraction';
        waits.push({ kind, runId: p.runId, wait: p.wait });
        const holder = scheduler.runs.find((r) => r.kind === p.wait!.behind.kind && r.runId === p.wait!.behind.runId);
        if (!holder || (holder.kind === kind && holder.runId === p.runId)) falseWaits.push(p.wait);
      }
      if (name === 'summaries:done') finished.push({ kind: 'summary', runId: (payload as { runId: number }).runId });
      if (name === 'extraction:done') finished.push({ kind: 'extraction', runId: (payload as { runId: number }).runId });
    });

    jobs.start({ watch: false });
    const { batch } = await jobs.startBatch({
      paths: [path.join(inputs, 'batch')],
      options: { template: MINI_CONTRACT_TEMPLATE.name, summarize: false, modelPath: tiny },
    });
    expect(batch.files).toBe(5);
    // The batch holds the model: its first extraction is in line, alone.
    const held = await until(() => (scheduler.runs[0]?.priority === 'batch' ? scheduler.runs[0] : null));

    // A person asks for a summary and an extraction at the same moment.
    const summary = summaries.start(leaseId, { modelPath: tiny, settings: SUMMARY });
    const extracted = extraction.start(leaseId, MINI_CONTRACT_TEMPLATE.name, { modelPath: tiny });
    const [summaryRun, extractionResult] = await Promise.all([summary.done, extracted.done]);
    await jobs.queue.idle();
    stop();

    // Everything completes.
    expect(summaryRun.status).toBe('done');
    expect(extractionResult.run.status).toBe('done');
    const { batch: done, files } = jobs.batch(batch.id);
    expect(done.counts).toMatchObject({ done: 5, failed: 0, waiting: 0, working: 0 });
    const batchRuns = files.map((f) => jobs.store.get(f.jobIds.at(-1)!)!.result?.['runId'] as number);
    expect(batchRuns.every((id) => extraction.runs.get(id).status === 'done')).toBe(true);

    // The person's runs finish before the batch's remaining jobs: at most the batch run that held
    // the model when they arrived finishes first (here it is paused for them and finishes after).
    const lastPersonal = Math.max(
      finished.findIndex((f) => f.kind === 'summary' && f.runId === summary.runId),
      finished.findIndex((f) => f.kind === 'extraction' && f.runId === extracted.runId),
    );
    const batchBefore = finished.slice(0, lastPersonal).filter((f) => f.kind === 'extraction' && batchRuns.includes(f.runId));
    expect(batchBefore.length).toBeLessThanOrEqual(1);
    // The batch run that held the model yielded at its next generation and finished after them.
    expect(finished.findIndex((f) => f.kind === 'extraction' && f.runId === held.runId)).toBeGreaterThan(lastPersonal);
    expect(waits.some((w) => w.runId === held.runId && w.wait.behind.priority === 'interactive')).toBe(true);

    // The engine worked on one request at a time, each generation whole, with one model load.
    const log = await engine.requestLog();
    const generations = expectWholeGenerations(log);
    expect(generations).toBeGreaterThanOrEqual(1 + 2 + 5 * 2);
    expect(log.filter((e) => e.event === 'load')).toHaveLength(1);
    expect(log.filter((e) => e.event === 'end').every((e) => e.outcome === 'done')).toBe(true);

    // Waiting runs were told whom they waited for, and only while that run held the model.
    expect(falseWaits).toEqual([]);
    // The person's extraction waited behind the person's summary.
    expect(waits.some((w) => w.kind === 'extraction' && w.runId === extracted.runId && w.wait.behind.runId === summary.runId)).toBe(true);
    expect(scheduler.runs).toEqual([]);
  });
});
