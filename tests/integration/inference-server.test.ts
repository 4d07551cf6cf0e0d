// The shared inference server as the engine, against the real llama-server that
// `npm run server:build` builds (skipped, with the reason, when it is not built): started on
// 127.0.0.1 with the test's random-weight GGUF and 2 slots. Extraction and summaries run
// through it with the same grounding, verification and stored runs as the local engine;
// a run's questions reuse its document's prefix in its slot (the server's cache_n); two
// documents' runs use the two slots at once; a server that is down fails the run with its code.
// Also: the setting is off by default and never hands its key back.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getServerSettings, serverSettingsView, setServerSettings } from '../../electron/main/services/llm/server/inference-server-settings';
import { ServerEngine } from '../../electron/main/services/llm/server/server-engine';
import type { ExtractionSettings } from '../../electron/main/services/extraction/extractor';
import type { SummarySettings } from '../../electron/main/services/summaries/summarizer';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { MINI_CONTRACT_TEMPLATE } from '../fixtures/templates';
import { expectGroundedCitations, expectGroundedEvidence } from '../helpers/grounding-checks';
import { findLlamaServer, startLlamaServer, type RunningLlamaServer } from '../helpers/llama-server';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const found = findLlamaServer();
const binary = 'binary' in found ? found.binary : null;
const skipReason = 'missing' in found ? ` (skipped: ${found.missing})` : '';

// The random-weight model never stops by itself: small bounds keep every answer short.
const FAST_EXTRACT: Partial<ExtractionSettings> = { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 600 };
const FAST_SUMMARY: Partial<SummarySettings> = { maxOutputTokens: 200, mapOutputTokens: 160, maxBullets: 1, maxBulletChars: 16 };

const CONTRACT = (party: string) => [
  ['Services Agreement', `This agreement is made between ${party} and Beta LLC.`, 'Effective Date: January 5, 2021.'],
  ['This agreement is governed by the laws of the State of New York.', 'Either party may terminate this agreement with thirty (30) days notice.'],
];

describe('inference server settings', () => {
  it('is off by default, needs a URL to turn on, and never shows its key', async () => {
    const archive = await openTempArchive({ engineThreads: 1 });
    try {
      const { db, engines } = archive.services;
      expect(getServerSettings(db).enabled).toBe(false);
      expect(engines.current().kind).toBe('local');
      expect(() => setServerSettings(db, { enabled: true })).toThrow(/URL/);
      expect(() => setServerSettings(db, { url: 'http://user:pw@gpu:8080' })).toThrow();
      expect(() => setServerSettings(db, { url: 'file:///etc/passwd' })).toThrow();
      expect(() => setServerSettings(db, { enabled: true, type: 'vllm', url: 'http://gpu:8000' })).toThrow(/model name/);
      const stored = setServerSettings(db, { enabled: true, url: 'http://gpu.example:8080', apiKey: 'secret-key', slots: 3 });
      const view = serverSettingsView(stored);
      expect(view).toMatchObject({ enabled: true, hasApiKey: true, sendsDocumentsTo: 'gpu.example:8080', slots: 3 });
      expect(JSON.stringify(view)).not.toContain('secret-key');
      const engine = engines.current();
      expect(engine.kind).toBe('server');
      expect(engine.slots).toBe(3);
      setServerSettings(db, { enabled: false });
      expect(engines.current().kind).toBe('local');
    } finally {
      await archive.dispose();
    }
  });
});

describe.skipIf(!binary)(`llama-server as the engine${skipReason}`, () => {
  let server: RunningLlamaServer;
  let archive: TempArchive;
  const ids: number[] = [];
  const scratch = tempDir('abstractor-server-');

  beforeAll(async () => {
    const tiny = await ensureTinyModel();
    server = await startLlamaServer({ binary: binary!, model: tiny, slots: 2, contextSize: 4096, threads: 1 });
    archive = await openTempArchive({ engineThreads: 1 });
    const { services } = archive;
    for (const [i, party] of ['Acme Corp', 'Gamma Inc'].entries()) {
      const file = path.join(scratch, `contract-${i}.pdf`);
      writeFileSync(file, textPdf({ pages: CONTRACT(party), title: `Agreement ${i}` }));
      const [outcome] = await services.importer.importMany([{ key: file, name: path.basename(file), path: file }]);
      if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
      services.archive.updateDocument(outcome.document.id, { domain: 'legal' });
      ids.push(outcome.document.id);
    }
    services.extraction.templates.save(MINI_CONTRACT_TEMPLATE);
    setServerSettings(services.db, { enabled: true, type: 'llama-server', url: server.url, slots: 2 });
  });

  afterAll(async () => {
    await archive?.dispose();
    await server?.stop();
    removeDir(scratch);
  });

  it('keeps one document in one slot: the second question reuses its prefix (server timings cache_n)', async () => {
    const engine = new ServerEngine({ type: 'llama-server', url: server.url, model: '', slots: 2 });
    const { info } = await engine.connect();
    expect(info.contextSize).toBe(2048); // 4096 over 2 slots
    const document = 'Line one of a long document about deliveries. '.repeat(12);
    const ask = (question: string) =>
      engine.generate(
        { messages: [{ role: 'system', content: document }, { role: 'user', content: question }], maxTokens: 40, jsonSchema: { type: 'object', properties: { a: { type: 'string', maxLength: 4 } }, required: ['a'], additionalProperties: false } },
        { slotKey: 'doc-1' },
      );
    const first = await ask('Who delivers?');
    const second = await ask('When is payment due?');
    expect(first.tokensIn).toBeGreaterThan(100);
    expect(second.tokensCached).toBeGreaterThan(100);
    expect(second.tokensCached).toBeGreaterThan(first.tokensCached);
    expect(second.tokensCached).toBeLessThan(second.tokensIn);
    // A constrained answer: JSON of the schema.
    expect(Object.keys(JSON.parse(second.text) as object)).toEqual(['a']);
    await engine.dispose();
  });

  it('extracts through the server: done, grounded evidence, the engine and server recorded, the prefix reused', async () => {
    const { services } = archive;
    const result = await services.extraction.extract(ids[0]!, MINI_CONTRACT_TEMPLATE.name, { settings: FAST_EXTRACT });
    expect(result.run.status, JSON.stringify(result.run.error)).toBe('done');
    expect(result.run.settings).toMatchObject({ engine: 'server', serverType: 'llama-server', server: server.url });
    expect(result.run.model?.name).toContain('127.0.0.1');
    expect(result.fields.map((f) => f.key).sort()).toEqual(MINI_CONTRACT_TEMPLATE.fields.map((f) => f.key).sort());
    expectGroundedEvidence(services, ids[0]!, result.fields);
    const records = result.output!.questions;
    expect(records.length).toBe(MINI_CONTRACT_TEMPLATE.fields.length);
    // Every question after the first found the document already in its slot.
    expect(records.slice(1).every((r) => r.tokensCached > 0)).toBe(true);
  });

  it('summarizes through the server with grounded citations', async () => {
    const run = await archive.services.summaries.summarize(ids[1]!, { settings: FAST_SUMMARY });
    expect(run.status, JSON.stringify(run.error)).toBe('done');
    expect(run.settings).toMatchObject({ engine: 'server', server: server.url });
    expect(run.output!.sections.length).toBeGreaterThan(0);
    expectGroundedCitations(run);
  });

  it("runs two documents' extractions at once, one per slot", async () => {
    const { services } = archive;
    const engine = services.engines.current() as ServerEngine;
    expect(engine.kind).toBe('server');
    let inFlight = 0;
    let most = 0;
    const generate = engine.generate.bind(engine);
    engine.generate = async (request, options) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await generate(request, options);
      } finally {
        inFlight -= 1;
      }
    };
    try {
      const runs = ids.map((id) => services.extraction.start(id, MINI_CONTRACT_TEMPLATE.name, { settings: FAST_EXTRACT, priority: 'batch' }));
      const results = await Promise.all(runs.map((r) => r.done));
      for (const r of results) expect(r.run.status).toBe('done');
      expect(most).toBe(2);
    } finally {
      engine.generate = generate;
    }
  });

  it('a server that is down fails the run with server_unreachable and stores no output', async () => {
    const { services } = archive;
    const down = await startLlamaServer({ binary: binary!, model: await ensureTinyModel(), slots: 1, contextSize: 1024, threads: 1 });
    await down.stop();
    setServerSettings(services.db, { url: down.url, slots: 1 });
    try {
      const result = await services.extraction.extract(ids[0]!, MINI_CONTRACT_TEMPLATE.name, { settings: FAST_EXTRACT });
      expect(result.run.status).toBe('failed');
      expect(result.run.error?.code).toBe('server_unreachable');
      expect(result.output).toBeNull();
    } finally {
      setServerSettings(services.db, { url: server.url, slots: 2 });
    }
  });
});
