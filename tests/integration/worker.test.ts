// `abstractor worker`: the job queue without a window. A real worker process on a plaintext
// archive takes a batch queued by another process (this test, as the app would), logs JSON
// lines, and on SIGTERM in the middle of a model job stops cleanly: exit 0, the running job
// back in the queue (its finished steps kept) rather than failed, the archive intact. A second
// worker on the same archive is refused: the archive is single-writer.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { runCli } from '../helpers/run-cli';
import { checkIntegrity, HEALTHY, openTempArchive, PROJECT_ROOT, removeDir, tempDir } from '../helpers/temp-archive';

interface Line {
  readonly event: string;
  readonly [key: string]: unknown;
}

const ENV = { ABSTRACTOR_PASSPHRASE: undefined, ABSTRACTOR_ARCHIVE: undefined };

function startWorker(archiveDir: string): { child: ChildProcess; lines: Line[]; until(test: (l: Line) => boolean): Promise<Line>; exit: Promise<number | null>; stderr(): string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ENV };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/cli/index.ts', 'worker', '--archive', archiveDir, '--no-encryption'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: Array<{ test: (l: Line) => boolean; resolve: (l: Line) => void }> = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const line = JSON.parse(text) as Line; // every stdout line is one JSON object
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exit,
    stderr: () => stderr,
    until: (test) => {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        void exit.then((code) => reject(new Error(`worker exited (${code}) first:\n${stderr}\n${JSON.stringify(lines)}`)));
      });
    },
  };
}

describe('worker', () => {
  const scratch = tempDir('abstractor-worker-');
  const archiveDir = path.join(scratch, 'archive');
  afterAll(() => removeDir(scratch));

  it('runs queued jobs headless, logs JSON lines, and stops cleanly on SIGTERM mid-model-job', async () => {
    const tiny = await ensureTinyModel();
    const pdf = path.join(scratch, 'lease.pdf');
    writeFileSync(pdf, textPdf({ pages: [['Lease between Acme and Jane.', 'Rent is 1,250 dollars a month.'], ['Either party may end it with 60 days notice.']], title: 'Lease' }));
    // Make the archive (plaintext) first, so the worker and this test open the same one.
    const made = await runCli(['list', '--archive', archiveDir, '--no-encryption'], ENV);
    expect(made.code, made.stderr).toBe(0);

    const worker = startWorker(archiveDir);
    try {
      const starting = await worker.until((l) => l.event === 'starting');
      expect(starting).toMatchObject({ engine: 'local', slots: 1 });
      await worker.until((l) => l.event === 'ready');

      // Another process queues a batch (as the app would); the worker picks it up.
      const other = await openTempArchive({ dir: archiveDir, keep: true, engineThreads: 1 });
      let batchId: number;
      try {
        // Summaries of the random-weight model run long: the worker is stopped in the middle of one.
        ({ batch: { id: batchId } } = await other.services.jobs.startBatch({ paths: [pdf], options: { template: null, summarize: true, modelPath: tiny } }));
      } finally {
        await other.dispose();
      }
      await worker.until((l) => l.event === 'job' && l['kind'] === 'import' && l['state'] === 'done');
      await worker.until((l) => l.event === 'job' && l['kind'] === 'summarize' && l['state'] === 'running');

      // A second worker on the same archive is refused.
      const second = startWorker(archiveDir);
      const refused = await second.until((l) => l.event === 'refused');
      expect(refused['reason']).toBe('queue_owned');
      expect(await second.exit).toBe(1);

      worker.child.kill('SIGTERM');
      expect(await worker.exit, worker.stderr()).toBe(0);
      const events = worker.lines.map((l) => l.event);
      expect(events.at(-1)).toBe('stopped');
      const stopping = events.lastIndexOf('stopping');
      expect(worker.lines[stopping]).toMatchObject({ signal: 'SIGTERM' });
      // Between the two: the running job went back to the queue.
      expect(worker.lines.slice(stopping)).toContainEqual(expect.objectContaining({ event: 'job', kind: 'summarize', state: 'queued' }));

      const after = await openTempArchive({ dir: archiveDir, keep: true, engineThreads: 1 });
      try {
        expect(checkIntegrity(after.services.db)).toEqual(HEALTHY);
        const jobs = after.services.jobs.list({ batchId: batchId!, limit: 100 });
        expect(jobs.find((j) => j.kind === 'import')?.state).toBe('done');
        // Checkpointed, not failed: the next start resumes it.
        expect(jobs.find((j) => j.kind === 'summarize')?.state).toBe('queued');
        expect(after.services.archive.countDocuments()).toBe(1);
      } finally {
        await after.dispose();
      }
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  });
});
