// Display formatting for batches and their files: percent, ETA, counts, per-file badges and
// step names. Pure: no DOM, no React (unit-tested in Node).
import { failureName, remedyFor } from '../../../../shared/failures';
import type { BatchFile, BatchInfo, JobInfo, JobKind } from '../../../../shared/jobs';
import type { BadgeTone } from '../../components/Badge';

export type FileState = BatchFile['state'];

/** Whole percent, rounded down so a batch shows 100% only when everything is finished. */
export function batchPercent(batch: Pick<BatchInfo, 'progress' | 'state'>): number {
  if (batch.state === 'finished') return 100;
  const value = Number.isFinite(batch.progress) ? Math.min(1, Math.max(0, batch.progress)) : 0;
  return Math.min(99, Math.floor(value * 100));
}

/** "about 12 min left" ("12 min left" when compact); null while there is not enough finished work to estimate from. */
export function formatEta(seconds: number | null | undefined, { compact = false }: { readonly compact?: boolean } = {}): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 45) return compact ? '< 1 min left' : 'less than a minute left';
  const about = compact ? '' : 'about ';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${about}${Math.max(1, minutes)} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  // Beyond a few hours the minutes are noise.
  if (hours >= 5 || rest === 0) return `${about}${hours} h left`;
  return `${about}${hours} h ${rest} min left`;
}

/** What the bar shows, in words: "2 of 3 files done, 1 failed" (a full bar is not all success). */
export function batchOutcomeText(batch: Pick<BatchInfo, 'files' | 'counts'>): string {
  const { done, failed, cancelled } = batch.counts;
  const parts = [`${done.toLocaleString()} of ${batch.files.toLocaleString()} ${batch.files === 1 ? 'file' : 'files'} done`];
  if (failed > 0) parts.push(`${failed.toLocaleString()} failed`);
  if (cancelled > 0) parts.push(`${cancelled.toLocaleString()} cancelled`);
  return parts.join(', ');
}

/** Files no longer in the queue: done, failed or cancelled. */
export function finishedFiles(counts: BatchInfo['counts']): number {
  return counts.done + counts.failed + counts.cancelled;
}

const STEP_LABELS: Record<JobKind, string> = { import: 'Import', ocr: 'OCR', extract: 'Extract', summarize: 'Summarize' };
const STEP_ACTIVE: Record<JobKind, string> = {
  import: 'Importing',
  ocr: 'Reading scanned pages (OCR)',
  extract: 'Extracting fields',
  summarize: 'Summarizing',
};

export function stepLabel(step: JobKind): string {
  return STEP_LABELS[step];
}

export interface FileBadge {
  readonly tone: BadgeTone;
  readonly label: string;
}

/** A failed file that waits for its PDF's password (the row offers "Enter password"). */
export function needsPassword(file: Pick<BatchFile, 'state' | 'error'>): boolean {
  return file.state === 'failed' && remedyFor(file.error?.code) === 'password';
}

export function fileBadge(state: FileState): FileBadge {
  switch (state) {
    case 'waiting':
      return { tone: 'neutral', label: 'Waiting' };
    case 'working':
      return { tone: 'accent', label: 'Working' };
    case 'paused':
      return { tone: 'warning', label: 'Paused' };
    case 'done':
      return { tone: 'success', label: 'Done' };
    case 'failed':
      return { tone: 'danger', label: 'Failed' };
    case 'cancelled':
      return { tone: 'neutral', label: 'Cancelled' };
    default:
      return state satisfies never;
  }
}

/** The line under a file's name: where its chain of jobs stands. */
export function fileDetail(file: Pick<BatchFile, 'state' | 'step' | 'error'>): string {
  switch (file.state) {
    case 'waiting':
      return file.step === 'import' ? 'Waiting to be imported' : `Waiting · next: ${STEP_LABELS[file.step]}`;
    case 'working':
      return `${STEP_ACTIVE[file.step]}…`;
    case 'paused':
      return `Paused at ${STEP_LABELS[file.step]}`;
    case 'done':
      return 'Finished';
    case 'failed':
      // The message is written for people; the code is for the program (data-error-code).
      // A file waiting for its password says which way ("Wrong password · …"): the row asks for it.
      if (needsPassword(file) && file.error) return `${failureName(file.error.code)} · ${file.error.message}`;
      return file.error ? `${STEP_LABELS[file.step]} failed · ${file.error.message}` : `${STEP_LABELS[file.step]} failed`;
    case 'cancelled':
      return `Cancelled at ${STEP_LABELS[file.step]}`;
    default:
      return file.state satisfies never;
  }
}

/** What the batch does to each file, in order: "Import → Extract (contract) → Summarize". */
export function batchSteps(batch: Pick<BatchInfo, 'template' | 'summarize'>): string {
  const steps = ['Import'];
  if (batch.template) steps.push(`Extract (${batch.template})`);
  if (batch.summarize) steps.push('Summarize');
  return steps.join(' → ');
}

export function batchStateLabel(batch: Pick<BatchInfo, 'state' | 'counts'>): FileBadge {
  switch (batch.state) {
    case 'active':
      return { tone: 'accent', label: 'Running' };
    case 'paused':
      return { tone: 'warning', label: 'Paused' };
    case 'finished':
      if (batch.counts.failed > 0) return { tone: 'danger', label: `Finished · ${batch.counts.failed} failed` };
      if (batch.counts.cancelled > 0) return { tone: 'neutral', label: 'Finished · some cancelled' };
      return { tone: 'success', label: 'Finished' };
    default:
      return batch.state satisfies never;
  }
}

export type FileFilter = 'all' | 'failed' | 'password' | 'unfinished' | 'done';

export const FILE_FILTERS: ReadonlyArray<{ readonly value: FileFilter; readonly label: string }> = [
  { value: 'all', label: 'All files' },
  { value: 'failed', label: 'Failed or cancelled' },
  { value: 'password', label: 'Needs a password' },
  { value: 'unfinished', label: 'Not finished' },
  { value: 'done', label: 'Done' },
];

export function matchesFilter(file: Pick<BatchFile, 'state' | 'error'>, filter: FileFilter): boolean {
  const { state } = file;
  switch (filter) {
    case 'all':
      return true;
    case 'failed':
      return state === 'failed' || state === 'cancelled';
    case 'password':
      return needsPassword(file);
    case 'unfinished':
      return state === 'waiting' || state === 'working' || state === 'paused';
    case 'done':
      return state === 'done';
    default:
      return filter satisfies never;
  }
}

/** The last path segment, for a folder or a file typed as a path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const index = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return index >= 0 ? trimmed.slice(index + 1) || trimmed : trimmed;
}

/** One path per line (pasting several is common); blank lines and surrounding quotes dropped. */
export function parsePaths(text: string): string[] {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const path = line.trim().replace(/^(['"])(.*)\1$/, '$2').trim();
    if (path && !seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}

/** "page 3 of 12" for reading steps, "3 of 10" for model passes; null before the total is known. */
export function jobProgressText(job: Pick<JobInfo, 'kind' | 'done' | 'total'>): string | null {
  if (job.total <= 0) return null;
  const done = Math.min(job.done, job.total).toLocaleString();
  const total = job.total.toLocaleString();
  return job.kind === 'import' || job.kind === 'ocr' ? `page ${done} of ${total}` : `${done} of ${total}`;
}

/** The running job of a file among the jobs reported so far, if any. */
export function runningJob(jobIds: readonly number[], jobs: ReadonlyMap<number, JobInfo>): JobInfo | null {
  for (const id of jobIds) {
    const job = jobs.get(id);
    if (job?.state === 'running') return job;
  }
  return null;
}
