// `batch <paths...> [--template T] [--summarize] [--model FILE]`: import and process files
// through the persistent job queue, waiting until they are done. `jobs list | run | pause |
// resume | cancel | retry`, and `watch <folder> | list | remove <folder>`. Ctrl-C stops
// and keeps the queue: `jobs run` (or the app) resumes where it stopped.
import type { BatchFile, BatchInfo } from '../../../shared/jobs';
import type { JobSelection } from '../services/jobs/job-store';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { bar, table, type Output } from './output';

export async function batchCommand(ctx: CommandContext): Promise<number> {
  const { services, out, args, template, model } = ctx;
  if (args.length === 0) throw new UsageError('batch needs at least one file or folder');
  const { jobs } = services;
  const { batch, missing } = await jobs.startBatch({
    paths: args,
    options: { template: template ?? null, summarize: ctx.summarize ?? false, modelPath: model ?? null },
  });
  const stopped = await runQueue(ctx, batch.id);
  const { batch: final, files } = jobs.batch(batch.id);
  const payload = {
    batchId: final.id,
    state: final.state,
    counts: final.counts,
    files: files.map((f) => fileJson(ctx, f)),
    missing: missing.map((file) => ({ file, error: { code: 'not_found', message: `No such file or folder: ${file}` } })),
  };
  out.result(payload, () => humanBatch(final, files, missing));
  if (stopped) return 130;
  return final.counts.failed > 0 || missing.length > 0 ? 1 : 0;
}

export async function jobsCommand(ctx: CommandContext): Promise<number> {
  const { services, out, args } = ctx;
  const [action = 'list', ...rest] = args;
  const { jobs } = services;
  switch (action) {
    case 'list': {
      const list = jobs.list({ ...(ctx.batch !== undefined ? { batchId: ctx.batch } : {}), limit: 100_000 });
      out.result(list, () =>
        list.length === 0
          ? 'No jobs.'
          : table([
              ['ID', 'BATCH', 'KIND', 'STATE', 'PROGRESS', 'DOC', 'FILE / DOCUMENT', 'ERROR'],
              ...list.map((j) => [j.id, j.batchId ?? '-', j.kind, j.state, j.total > 0 ? `${j.done}/${j.total}` : '-', j.documentId ?? '-', j.label, j.error ? `${j.error.code}: ${j.error.message}` : '']),
            ]),
      );
      return 0;
    }
    case 'run': {
      const stopped = await runQueue(ctx, ctx.batch);
      const list = jobs.list({ limit: 100_000 });
      const counts: Record<string, number> = {};
      for (const j of list) counts[j.state] = (counts[j.state] ?? 0) + 1;
      out.result({ counts }, () => `Jobs: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'}.`);
      return stopped ? 130 : 0;
    }
    case 'pause':
    case 'resume':
    case 'cancel':
    case 'retry': {
      const selection = selectionOf(ctx, rest);
      const changed = jobs[action](selection);
      out.result({ changed }, () => `${changed} job${changed === 1 ? '' : 's'} ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : action === 'cancel' ? 'cancelled' : 'queued again'}.`);
      return 0;
    }
    case 'resume-restored': {
      const released = jobs.releaseRestoreHold();
      out.result(released, () => `Resumed ${released.jobs} jobs and ${released.folders} watched folders that the restore had paused.`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown jobs action "${action}" (list, run, pause, resume, resume-restored, cancel, retry)`);
  }
}

export async function watchCommand(ctx: CommandContext): Promise<number> {
  const { services, out, args, template, model } = ctx;
  const { jobs } = services;
  const [first, second] = args;
  if (first === 'list') {
    const folders = jobs.watched();
    out.result(folders, () => (folders.length === 0 ? 'No watched folders.' : folders.map((f) => `${f.folder}  template: ${f.template ?? '-'}  summarize: ${f.summarize ? 'yes' : 'no'}`).join('\n')));
    return 0;
  }
  if (first === 'remove') {
    if (!second) throw new UsageError('watch remove needs a folder');
    const removed = jobs.unwatch(second);
    out.result({ removed }, () => (removed ? `No longer watching ${second}.` : `${second} was not watched.`));
    return 0;
  }
  if (!first) throw new UsageError('watch needs a folder');
  const folder = jobs.watch({ folder: first, template: template ?? null, summarize: ctx.summarize ?? false, modelPath: model ?? null });
  out.info(`Watching ${folder.folder} for new PDFs (the app keeps watching it too; stop with: watch remove). Ctrl-C to stop.`);
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (name !== 'jobs:changed') return;
    for (const job of (payload as { jobs: Array<{ id: number; kind: string; state: string; label: string; error: { code: string; message: string } | null }> }).jobs) {
      if (job.state === 'done' || job.state === 'failed') out.info(`${job.label}: ${job.kind} ${job.state}${job.error ? ` (${job.error.code}: ${job.error.message})` : ''}`);
    }
  });
  jobs.start();
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  unsubscribe();
  out.result({ folder: folder.folder, stopped: true }, () => 'Stopped watching; unfinished jobs resume on the next start.');
  return 0;
}

/** Runs the queue until nothing runnable is left (or Ctrl-C); shows the batch's progress. Returns true when stopped. */
async function runQueue({ services, out }: CommandContext, batchId?: number): Promise<boolean> {
  const { jobs } = services;
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (name !== 'batches:changed') return;
    const batch = (payload as { batch: BatchInfo }).batch;
    if (batchId === undefined || batch.id === batchId) out.progress(progressLine(batch));
  });
  let stopped = false;
  const onSigint = (): void => {
    stopped = true;
    out.info('\nStopping; unfinished jobs stay queued (run `jobs run` to continue)…');
    void jobs.queue.dispose();
  };
  process.once('SIGINT', onSigint);
  try {
    if (!jobs.start({ watch: false })) {
      out.info(`Another Abstractor process (pid ${jobs.queueOwner()}) runs this archive's queue; waiting for it to finish these jobs.`);
    }
    await jobs.idle();
  } finally {
    process.removeListener('SIGINT', onSigint);
    unsubscribe();
    out.endProgress();
  }
  return stopped;
}

function selectionOf(ctx: CommandContext, ids: readonly string[]): JobSelection {
  if (ctx.all) return { all: true };
  if (ctx.batch !== undefined) return { batchId: ctx.batch };
  if (ids.length === 0) throw new UsageError('name job ids, or --batch N, or --all');
  return {
    ids: ids.map((raw) => {
      const id = Number(raw);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${raw}" is not a job id`);
      return id;
    }),
  };
}

function progressLine(batch: BatchInfo): string {
  const finished = batch.counts.done + batch.counts.failed + batch.counts.cancelled;
  const eta = batch.etaSeconds === null ? '' : `  ~${formatDuration(batch.etaSeconds)} left`;
  return `${bar(batch.progress, 1)} ${Math.round(batch.progress * 100)}%  ${finished}/${batch.files} files  (${batch.counts.failed} failed)${eta}`;
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function fileJson({ services }: CommandContext, f: BatchFile) {
  const chain = f.jobIds.map((id) => services.jobs.store.get(id)!).filter(Boolean);
  return {
    file: f.file,
    documentId: f.documentId,
    status: f.state,
    ...(f.error ? { error: f.error } : {}),
    jobs: chain.map((j) => ({
      id: j.id,
      kind: j.kind,
      state: j.state,
      ...(typeof j.result?.['runId'] === 'number' ? { runId: j.result['runId'] } : {}),
      ...(j.error ? { error: j.error } : {}),
    })),
  };
}

function humanBatch(batch: BatchInfo, files: readonly BatchFile[], missing: readonly string[]): string {
  const lines = [
    `Batch ${batch.id} (${batch.label}): ${batch.counts.done} done, ${batch.counts.failed} failed, ${batch.counts.cancelled} cancelled, ${batch.counts.paused} paused, ${batch.counts.waiting + batch.counts.working} unfinished, of ${batch.files} files.`,
  ];
  for (const f of files) if (f.error) lines.push(`  ${f.file}: ${f.error.message} (${f.error.code})`);
  for (const m of missing) lines.push(`  ${m}: no such file or folder`);
  return lines.join('\n');
}

export type { Output };
