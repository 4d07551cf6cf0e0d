// Summary runs end to end: real services over a temporary archive, real PDFs, and real
// inference on random-weight GGUF models in the engine process. No mocks. The shared llama-2
// tiny model is a second fixture when ../shared is present.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../shared/contract';
import type { SummaryProgress, SummaryRun } from '../../shared/summaries';
import { summaryRunSchema } from '../../shared/summaries';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { chunkPages } from '../../electron/main/services/summaries/chunker';
import { PROMPT_VERSION } from '../../electron/main/services/summaries/profiles';
import type { SummaryEvent, SummarySettings } from '../../electron/main/services/summaries/summarizer';
import { ensureRandomModel, ensureTinyModel, TINY_MODEL_OPTIONS } from '../fixtures/gguf-writer';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { expectGroundedCitations } from '../helpers/grounding-checks';
import { openTempArchive, recordEvents, tempDir, removeDir, type TempArchive } from '../helpers/temp-archive';

const SHARED_MODEL = fileURLToPath(new URL('../../../shared/models/llama-2-tiny-random.gguf', import.meta.url));

// Small bounds keep every generation short: the tiny models never stop by themselves.
// A bullet of 16 characters takes the byte-level tiny vocabulary about 160 tokens of JSON.
const FAST: Partial<SummarySettings> = { maxOutputTokens: 200, mapOutputTokens: 160, maxBullets: 1, maxBulletChars: 16 };
// Answers that run for seconds unless something stops them.
const LONG: Partial<SummarySettings> = { maxOutputTokens: 20_000, maxBullets: 50, maxBulletChars: 400 };

const LEASE_PAGES = [
  ['Residential Lease Agreement', 'This lease is made between Acme Property Ltd (the Landlord) and Jane Smith (the Tenant).'],
  ['Rent', 'The Tenant shall pay rent of 1,250 dollars on the first day of each month.', 'Late payment incurs a fee of 50 dollars.'],
  ['Termination', 'Either party may terminate this lease with sixty days written notice.', 'The deposit is returned within 30 days.'],
];

let archive: TempArchive;
let tiny: string;
let tiny4k: string;
let leaseId: number;
let largeId: number;
const scratch = tempDir('abstractor-summaries-');

async function importPdf(name: string, data: Uint8Array): Promise<number> {
  const file = path.join(scratch, name);
  writeFileSync(file, data);
  const [outcome] = await archive.services.importer.importMany([{ key: name, name, path: file }]);
  if (outcome?.kind !== 'imported') throw new Error(`import of ${name} failed: ${JSON.stringify(outcome)}`);
  return outcome.document.id;
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  [tiny, tiny4k] = await Promise.all([
    ensureTinyModel(),
    // The tiny model with a longer context, so a 300-page document needs about ten chunks, not a hundred.
    ensureRandomModel({ ...TINY_MODEL_OPTIONS, contextLength: 4096 }, 'tiny-4k'),
  ]);
  archive = await openTempArchive({ engineThreads: 1 });
  leaseId = await importPdf('lease.pdf', textPdf({ pages: LEASE_PAGES, title: 'Lease' }));
  archive.services.archive.updateDocument(leaseId, { domain: 'legal' });
  // Three lines a page: the tiny model's byte-level vocabulary spends a token per character.
  largeId = await importPdf('large.pdf', largePdf(300, { linesPerPage: 3 }));
});

afterAll(async () => {
  await archive?.dispose();
  removeDir(scratch);
});

describe('summaries', () => {
  it('summarizes a short document in one pass and stores the run with its metadata', async () => {
    const { summaries } = archive.services;
    const log = recordEvents(archive.services);
    const events: SummaryEvent[] = [];
    const run = await summaries.summarize(leaseId, { modelPath: tiny, settings: FAST, onEvent: (e) => events.push(e) });
    log.stop();

    expect(run.status).toBe('done');
    expect(run.error).toBeNull();
    expect(run.kind).toBe('summary');
    expect(run.profile).toBe('legal'); // from the document's domain
    expect(run.promptVersion).toBe(PROMPT_VERSION);
    expect(run.model).toEqual({ sha256: sha256File(tiny), name: expect.any(String) });
    expect(run.settings).toMatchObject({ maxOutputTokens: 200, contextSize: 2048 });
    expect(run.tokens.input).toBeGreaterThan(0);
    expect(run.tokens.output).toBeGreaterThan(0);
    expect(run.tokens.output).toBeLessThanOrEqual(200);
    expect(run.timings['totalMs']).toBeGreaterThan(0);
    expect(run.timings['loadMs']).toBeGreaterThanOrEqual(0);
    expect(run.pagesRead).toBe(3);
    expect(run.pagesTotal).toBe(3);
    expect(run.finishedAt).not.toBeNull();
    expect(summaryRunSchema.parse(run)).toEqual(run);

    const output = run.output!;
    expect(output.mode).toBe('single');
    expect(output.passes).toHaveLength(1);
    expect(output.chunks).toEqual([{ index: 0, pages: [1, 2, 3], tokens: expect.any(Number) }]);
    expect(output.sections.map((s) => s.key)).toEqual(['parties', 'purpose', 'obligations', 'dates', 'money', 'termination', 'risks']);
    expect(output.citedPages.length).toBeGreaterThan(0);
    expectGroundedCitations(run);

    // Tokens stream in small batches that add up to the answer's length, never the whole text again.
    const tokenEvents = events.filter((e): e is Extract<SummaryEvent, { type: 'tokens' }> => e.type === 'tokens');
    expect(tokenEvents.length).toBeGreaterThan(1);
    const busTokens = log.all.filter((e) => e.name === 'summaries:tokens').map((e) => e.payload as { runId: number; text: string });
    expect(busTokens.map((t) => t.text)).toEqual(tokenEvents.map((t) => t.text));
    expect(busTokens.every((t) => t.runId === run.id)).toBe(true);
    expect(log.all.filter((e) => e.name === 'summaries:done').map((e) => e.payload)).toEqual([{ runId: run.id, status: 'done' }]);
    const phases = log.all.filter((e) => e.name === 'summaries:progress').map((e) => (e.payload as SummaryProgress).phase);
    // Nothing else holds the model: the run never claims to wait.
    expect(phases[0]).toBe('loading');
    expect(log.all.filter((e) => e.name === 'summaries:progress').every((e) => (e.payload as SummaryProgress).wait == null)).toBe(true);
    expect(phases).toContain('summarizing');
    expect(phases.at(-1)).toBe('finished');
    expect(events.at(-1)).toEqual({ type: 'done', status: 'done' });
  });

  it('keeps the history on rerun and reuses the cached document prefix across profiles', async () => {
    const { summaries } = archive.services;
    const first = await summaries.summarize(leaseId, { modelPath: tiny, settings: FAST, profile: 'general' });
    const second = await summaries.summarize(leaseId, { modelPath: tiny, settings: FAST, profile: 'legal' });
    expect([first.status, second.status]).toEqual(['done', 'done']);
    // System prompt and document come first and are byte-identical: only the instruction is new.
    const pass = second.output!.passes[0]!;
    expect(pass.tokensCached).toBeGreaterThanOrEqual(second.output!.chunks[0]!.tokens);
    const runs = summaries.list(leaseId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs[0]!.id).toBe(second.id);
    expect(runs.map((r) => r.profile)).toEqual(expect.arrayContaining(['general', 'legal']));
    expect(runs[0]).not.toHaveProperty('output');
  });

  it('splits a page longer than the budget and still attributes every part to its page', async () => {
    const run = await archive.services.summaries.summarize(leaseId, {
      modelPath: tiny,
      settings: { ...FAST, mapOutputTokens: 48, chunkTokens: 90 },
    });
    expect(run.status).toBe('done');
    const output = run.output!;
    expect(output.mode).toBe('map-reduce');
    expect(output.chunks.length).toBeGreaterThan(3);
    for (const chunk of output.chunks) expect(chunk.tokens).toBeLessThanOrEqual(90);
    expect(new Set(output.chunks.flatMap((c) => c.pages))).toEqual(new Set([1, 2, 3]));
    expect(run.pagesRead).toBe(3);
    expectGroundedCitations(run);
  });

  it('summarizes a 300-page document map-reduce, no chunk over the budget', async () => {
    const { summaries, engine } = archive.services;
    const progress: SummaryProgress[] = [];
    const run = await summaries.summarize(largeId, {
      modelPath: tiny4k,
      settings: FAST,
      onEvent: (e) => {
        if (e.type === 'progress') progress.push({ runId: 0, ...e });
      },
    });
    expect(run.status).toBe('done');
    expect(run.profile).toBe('general');
    expect(run.pagesRead).toBe(300);
    expect(run.pagesTotal).toBe(300);
    const output = run.output!;
    expect(output.mode).toBe('map-reduce');

    // The chunks the model tokenizer gives for this budget, computed independently.
    const pages = [...archive.services.archive.iteratePages(largeId)];
    const expected = await chunkPages(pages, {
      budget: output.chunkBudget,
      count: async (texts) => (await engine.countTokens(texts)).counts,
    });
    expect(output.chunks.length).toBe(expected.chunks.length);
    expect(output.chunks.length).toBeGreaterThanOrEqual(Math.ceil(expected.tokens / output.chunkBudget));
    expect(output.chunks.length).toBeLessThanOrEqual(Math.ceil(expected.tokens / output.chunkBudget) + 1);
    expect(output.chunks.map((c) => c.pages)).toEqual(expected.chunks.map((c) => [...c.pages]));
    for (const chunk of output.chunks) expect(chunk.tokens).toBeLessThanOrEqual(output.chunkBudget);
    // Measured by the engine itself: each map prompt holds at most the budget besides the instructions.
    const maps = output.passes.filter((p) => p.kind === 'map');
    expect(maps).toHaveLength(output.chunks.length);
    for (const pass of maps) expect(pass.tokensIn - output.promptOverhead).toBeLessThanOrEqual(output.chunkBudget);
    expect(output.passes.filter((p) => p.kind === 'reduce').length).toBeGreaterThanOrEqual(1);
    // Every page read exactly once, in order.
    expect(output.chunks.flatMap((c) => c.pages)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expectGroundedCitations(run);
    expect(progress.map((p) => p.phase)).toContain('merging');
    expect(progress.filter((p) => p.phase === 'summarizing').at(-1)?.pagesRead).toBe(300);
  });

  it('cancels a run within a second; it ends cancelled', async () => {
    const { summaries } = archive.services;
    let cancelledAt = 0;
    let runId = 0;
    const started = summaries.start(leaseId, {
      modelPath: tiny4k,
      settings: LONG,
      onEvent: (e) => {
        if (e.type === 'tokens' && cancelledAt === 0) {
          cancelledAt = performance.now();
          summaries.cancel(runId);
        }
      },
    });
    runId = started.runId;
    const run = await started.done;
    expect(cancelledAt).toBeGreaterThan(0);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(run.status).toBe('cancelled');
    expect(run.error).toBeNull();
    expect(run.output).toBeNull();
    expect(summaries.cancel(runId)).toBe(false);
  });

  it('fails a run clearly when the model file is not a GGUF model', async () => {
    const fake = path.join(scratch, 'notes.gguf');
    writeFileSync(fake, 'These are meeting notes, not a language model.\n'.repeat(20));
    const run = await archive.services.summaries.summarize(leaseId, { modelPath: fake, settings: FAST });
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('not_gguf');
    expect(run.error?.message).toMatch(/GGUF/);
  });

  it('marks the run engine_crashed when the engine dies mid-run, and the next run succeeds', async () => {
    const { summaries, engine } = archive.services;
    let killed = false;
    const crashed = await summaries.summarize(leaseId, {
      modelPath: tiny4k,
      settings: LONG,
      onEvent: (e) => {
        if (e.type === 'tokens' && !killed) {
          killed = true;
          process.kill(engine.pid!, 'SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(crashed.status).toBe('failed');
    expect(crashed.error?.code).toBe('engine_crashed');
    expect(crashed.error?.message).toMatch(/engine stopped.*SIGKILL.*again/is);

    const next = await summaries.summarize(leaseId, { modelPath: tiny, settings: FAST });
    expect(next.status).toBe('done');
    expect(summaries.get(crashed.id).status).toBe('failed');
  });

  it('serves the contract calls: start returns at once, events follow, get and list read the archive', async () => {
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }), {
      checkResponses: true,
    });
    // Over the contract the active model is used: make the tiny one active.
    const { models } = archive.services;
    const ref = await models.resolve(tiny);
    await models.setActive(ref.id);
    const done = new Promise<{ runId: number; status: string }>((resolve) => {
      const stop = archive.services.events.subscribe((name, payload) => {
        if (name === 'summaries:done') {
          stop();
          resolve(payload as { runId: number; status: string });
        }
      });
    });
    const started = await dispatch('summaries:start', { documentId: leaseId, profile: 'clinical' });
    expect(started.ok).toBe(true);
    const { runId } = (started as { ok: true; data: { runId: number } }).data;
    expect(await done).toEqual({ runId, status: 'done' });

    const got = await dispatch('summaries:get', { runId });
    expect(got.ok).toBe(true);
    const run = calls['summaries:get'].response.parse((got as { ok: true; data: unknown }).data).run;
    expect(run.profile).toBe('clinical');
    expect(run.output?.sections.map((s) => s.key)).toEqual(['problems', 'medications', 'allergies', 'findings', 'procedures', 'plan']);

    const listed = await dispatch('summaries:list', { documentId: leaseId });
    expect(listed.ok && (listed.data as { runs: Array<{ id: number }> }).runs[0]!.id).toBe(runId);
    expect(await dispatch('summaries:cancel', { runId })).toEqual({ ok: true, data: { cancelled: false } });
    const missing = await dispatch('summaries:get', { runId: 999_999 });
    expect(missing.ok === false && missing.error.code).toBe('not_found');
    const badProfile = await dispatch('summaries:start', { documentId: leaseId, profile: 'poetry' });
    expect(badProfile.ok === false && badProfile.error.code).toBe('invalid_request');
  });

  it('marks runs a killed app left running as failed interrupted on the next start', async () => {
    const dir = tempDir('abstractor-summaries-restart-');
    const first = await openTempArchive({ dir, keep: true, engineThreads: 1 });
    const file = path.join(dir, 'lease.pdf');
    writeFileSync(file, textPdf({ pages: LEASE_PAGES }));
    const [outcome] = await first.services.importer.importMany([{ key: 'l', name: 'lease.pdf', path: file }]);
    const documentId = outcome?.kind === 'imported' ? outcome.document.id : 0;
    first.services.db
      .prepare(
        `INSERT INTO runs (document_id, kind, profile, prompt_version, status, started_at)
         VALUES (?, 'summary', 'legal', ?, 'running', ?)`,
      )
      .run(documentId, PROMPT_VERSION, new Date().toISOString());
    await first.dispose();
    const second = await openTempArchive({ dir, engineThreads: 1 });
    try {
      const [run] = second.services.summaries.list(documentId);
      expect(run?.status).toBe('failed');
      expect(run?.error?.code).toBe('interrupted');
    } finally {
      await second.dispose();
    }
  });

  it.skipIf(!existsSync(SHARED_MODEL))('summarizes with the shared llama-2 tiny model', async () => {
    const run = await archive.services.summaries.summarize(leaseId, { modelPath: SHARED_MODEL, settings: FAST });
    expect(run.status).toBe('done');
    expect(run.model?.sha256).toBe(sha256File(SHARED_MODEL));
    expect(run.pagesRead).toBe(3);
    expectGroundedCitations(run);
  });
});
