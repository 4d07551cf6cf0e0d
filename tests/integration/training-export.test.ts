// `export --training`: the reviewed values of an archive as a JSONL fine-tuning set. A real
// archive, a real PDF, a real extraction run on the tiny model; one value confirmed, one added
// by a person from selected text, one left unreviewed. The CLI's JSONL must hold exactly the
// two reviewed values, each with the engine's own prompt and an answer the engine's grammar
// for that field accepts, citing the lines that hold the value.
import fs from 'node:fs';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template } from '../../shared/extraction/templates';
import { DEFAULT_EXTRACTION_SETTINGS } from '../../electron/main/services/extraction/extractor';
import { numberLines, renderLines } from '../../electron/main/services/extraction/numbered-text';
import { buildMessages, fieldQuestion, fieldSchema } from '../../electron/main/services/extraction/prompt';
import type { TrainingExample } from '../../electron/main/services/extraction/training-export';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli } from '../helpers/run-cli';
import { openTempArchive, removeDir, tempDir } from '../helpers/temp-archive';

const TEMPLATE = {
  name: 'training-terms',
  title: 'Training terms',
  domain: 'legal',
  version: 2,
  description: 'Three fields for the training export.',
  fields: [
    { key: 'governing_law', label: 'Governing law', type: 'text', instructions: 'The state whose law governs.' },
    { key: 'effective_date', label: 'Effective date', type: 'date', instructions: 'The effective date.' },
    { key: 'parties', label: 'Parties', type: 'list', instructions: 'Each party.' },
  ],
};

const PAGES = [
  ['Services Agreement', 'This agreement is made between Acme Corp and Beta LLC.', 'Effective Date: January 5, 2021.'],
  ['This agreement is governed by the laws of the State of New York.', 'Either party may terminate with thirty (30) days notice.'],
];

describe('export --training', () => {
  let root: string;
  let archiveDir: string;
  let documentId: number;
  let template: Template;
  let expectedPrompt: string;
  let lineTexts: Map<string, string>;

  beforeAll(async () => {
    root = tempDir('abstractor-training-');
    archiveDir = path.join(root, 'archive');
    const archive = await openTempArchive({ dir: archiveDir, keep: true, engineThreads: 1 });
    try {
      const { services } = archive;
      const pdf = path.join(root, 'contract.pdf');
      fs.writeFileSync(pdf, textPdf({ pages: PAGES, title: 'Services Agreement' }));
      const [outcome] = await services.importer.importMany([{ key: 'c', name: 'contract.pdf', path: pdf }]);
      if (outcome?.kind !== 'imported') throw new Error('import failed');
      documentId = outcome.document.id;
      template = services.extraction.templates.save(TEMPLATE);

      const run = await services.extraction.extract(documentId, template.name, {
        modelPath: await ensureTinyModel(),
        settings: { maxValueChars: 12, maxListItems: 1, maxEvidence: 1 },
      });
      expect(run.run.status).toBe('done');
      // Confirmed: whatever the model found for the date (a value with its lines, or "not found").
      services.extraction.confirm(documentId, template.name, 'effective_date');
      // Edited: a person selects "New York" on page 2.
      const page2 = services.archive.getPage(documentId, 2).text;
      const start = page2.indexOf('New York');
      services.extraction.addFromSelection(documentId, template.name, 'governing_law', { page: 2, start, end: start + 'New York'.length });

      const lines = numberLines(services.archive.iteratePages(documentId), { maxLineChars: DEFAULT_EXTRACTION_SETTINGS.maxLineChars });
      expectedPrompt = renderLines(lines);
      lineTexts = new Map(lines.map((l) => [l.id, l.text]));
    } finally {
      await archive.dispose();
    }
  });

  afterAll(() => removeDir(root));

  it('writes the confirmed and the edited value as chat examples the engine could have produced', async () => {
    const outFile = path.join(root, 'training.jsonl');
    const run = await runCli(['export', '--template', TEMPLATE.name, '--training', '--out', outFile, '--archive', archiveDir, '--json'], {
      ABSTRACTOR_PASSPHRASE: undefined,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ examples: number; skipped: number }>(run)).toMatchObject({ examples: 2, skipped: 0 });

    const text = fs.readFileSync(outFile, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const examples = text.trimEnd().split('\n').map((line) => JSON.parse(line) as TrainingExample);
    expect(examples.map((e) => [e.metadata.field, e.metadata.review]).sort()).toEqual([
      ['effective_date', 'confirmed'],
      ['governing_law', 'edited'],
    ]);

    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false });
    const ids = [...lineTexts.keys()];
    for (const example of examples) {
      const field = template.fields.find((f) => f.key === example.metadata.field)!;
      expect(example.metadata).toMatchObject({ template: TEMPLATE.name, templateVersion: 2, documentId });
      // The prompt is the engine's own, over the whole numbered document.
      expect(example.messages.slice(0, 2)).toEqual(buildMessages(expectedPrompt, fieldQuestion(field)));
      expect(example.messages[2]!.role).toBe('assistant');
      const content = example.messages[2]!.content;
      // The answer is one the engine's grammar for this field accepts (it throws otherwise).
      const grammar = await llama.createGrammarForJsonSchema(fieldSchema(field, ids, DEFAULT_EXTRACTION_SETTINGS) as never);
      const parsed: unknown = grammar.parse(content);
      const answer = parsed as Record<string, { evidence: string[]; value: unknown }>;
      const { evidence, value } = answer[field.key]!;
      if (field.key === 'governing_law') {
        expect(value).toBe('New York');
        expect(evidence).toHaveLength(1);
        expect(lineTexts.get(evidence[0]!)).toContain('governed by the laws of the State of New York');
      } else {
        // Evidence and value agree: both present or both absent.
        expect(evidence.length === 0).toBe(value === null);
        for (const id of evidence) expect(lineTexts.has(id)).toBe(true);
      }
    }
    await llama.dispose();
  });

  it('refuses --format with --training and an unknown template', async () => {
    const both = await runCli(['export', '--template', TEMPLATE.name, '--training', '--format', 'csv', '--archive', archiveDir], {
      ABSTRACTOR_PASSPHRASE: undefined,
    });
    expect(both.code).toBe(2);
    const unknown = await runCli(['export', '--template', 'nope', '--training', '--archive', archiveDir, '--json'], { ABSTRACTOR_PASSPHRASE: undefined });
    expect(unknown.code).toBe(1);
    expect(json<{ error: { code: string } }>(unknown).error.code).toBe('not_found');
  });
});
