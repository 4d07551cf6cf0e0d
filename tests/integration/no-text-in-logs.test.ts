// No document text in logs: a PDF with a canary phrase goes through the CLI as a user runs it
// (import, summarize, extract, a batch, search, delete) on the random-weight tiny
// model, with the engine process running beside it. Everything the processes print on stderr
// (progress, messages, engine logs), the stdout of the commands whose output is not the text
// the user asked for, and every file written to the temp folder (TMPDIR points at a fresh
// folder for these runs) is searched for the canary's words: none may appear. The output a
// user asks for (`search` snippets, a summary or the extracted values on stdout) is not a log
// and is not checked, except that it really holds the canary; and the summary's stderr must
// hold progress lines only, not the generated text it used to stream there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { scanTree, type Needle } from '../helpers/plaintext-scan';
import { runCli, type Run } from '../helpers/run-cli';
import { removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

const CANARY = ['periwinkle', 'lighthouse', 'marmalade', 'Oswin', 'Fairweather'];
const PAGES = [
  ['Agreement', 'Canary phrase: periwinkle lighthouse marmalade.', 'The tenant Oswin Fairweather pays the rent.'],
  ['Governed by the laws of Ohio.', 'Signed by Oswin Fairweather.'],
];
const TEMPLATE = {
  name: 'canary-terms',
  title: 'Canary terms',
  domain: 'legal',
  version: 1,
  description: 'Two short fields.',
  fields: [
    { key: 'tenant', label: 'Tenant', type: 'text', maxLength: 8, instructions: 'The tenant.' },
    { key: 'law', label: 'Governing law', type: 'text', maxLength: 8, instructions: 'The governing law.' },
  ],
};

let root: string;
let archiveDir: string;
let tmp: string;
let tiny: string;
const logs: Array<{ what: string; text: string }> = [];

const needles: Needle[] = CANARY.flatMap((w) => [
  { label: w, text: w },
  { label: `${w.slice(0, 6)}… (prefix of ${w})`, text: w.slice(0, 6) },
]);

/** Runs the CLI with TMPDIR in a fresh folder; keeps stderr (and stdout unless it is the requested output) as logs. */
async function cli(args: string[], { stdoutIsOutput = false } = {}): Promise<Run> {
  const run = await runCli([...args, '--archive', archiveDir], { TMPDIR: tmp, TMP: tmp, TEMP: tmp });
  logs.push({ what: `stderr of ${args.join(' ')}`, text: run.stderr });
  if (!stdoutIsOutput) logs.push({ what: `stdout of ${args.join(' ')}`, text: run.stdout });
  return run;
}

beforeAll(async () => {
  tiny = await ensureTinyModel();
  root = tempDir('abstractor-logs-');
  archiveDir = path.join(root, 'archive');
  tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp);
  writeFiles(root, {
    'in/lease.pdf': textPdf({ pages: PAGES, title: 'Agreement' }),
    'batch/lease-copy.pdf': textPdf({ pages: [...PAGES, ['A second copy, so the batch imports it anew.']], title: 'Agreement' }),
    'template.json': new TextEncoder().encode(JSON.stringify(TEMPLATE)),
  });
}, 120_000);

afterAll(() => removeDir(root));

describe('logs and messages', () => {
  it('never carry the text of a document the CLI imported, summarized and extracted', async () => {
    expect((await cli(['import', path.join(root, 'in/lease.pdf')])).code).toBe(0);
    expect((await cli(['templates', 'add', path.join(root, 'template.json')])).code).toBe(0);
    const summary = await cli(['summarize', '1', '--model', tiny, '--json'], { stdoutIsOutput: true });
    expect(summary.code, summary.stderr).toBe(0);
    const extracted = await cli(['extract', '1', '--template', TEMPLATE.name, '--model', tiny, '--json'], { stdoutIsOutput: true });
    expect(extracted.code, extracted.stderr).toBe(0);
    const batch = await cli(['batch', path.join(root, 'batch'), '--template', TEMPLATE.name]);
    expect(batch.code, batch.stderr).toBe(0);
    // A failure explains itself without quoting the document.
    expect((await cli(['extract', '1', '--template', 'no-such-template', '--model', tiny])).code).toBe(1);
    const search = await cli(['search', 'periwinkle'], { stdoutIsOutput: true });
    expect((await cli(['delete', '1'])).code).toBe(0);

    // The requested output does hold the canary: the same search would find a leak.
    expect(search.stdout).toMatch(/periwinkle/i);
    // What the model writes about the document is the user's output, never a log line: the
    // summary's stderr holds its progress lines and nothing of the generated text.
    const progress = /^\[[a-z]+( \d+\/\d+, pages read \d+\/\d+)?\]$/;
    expect(summary.stderr.split('\n').filter((line) => line.trim() !== '' && !progress.test(line))).toEqual([]);
    expect(JSON.parse(summary.stdout)).toMatchObject({ status: 'done' });

    const leaks = logs.flatMap(({ what, text }) =>
      needles.filter((n) => text.toLowerCase().includes(n.text.toLowerCase())).map((n) => `${what}: ${n.label}`),
    );
    expect(leaks).toEqual([]);
    const files = scanTree([tmp], needles).map((h) => `${path.relative(tmp, h.file)}: ${h.needle} (${h.encoding})`);
    expect(files).toEqual([]);
  }, 300_000);
});
