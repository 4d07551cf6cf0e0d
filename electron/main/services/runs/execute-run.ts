// The life of one model run, the same for summaries and extraction: marked running, its body
// run, and how it ended stored with what it cost: done, cancelled (on request), or failed
// with an error the user can act on. Plain Node.
import { AppError, toErrorData, type AppErrorData, type ErrorCode } from '../../../../shared/errors';
import type { RunPriority, RunStatus } from '../../../../shared/summaries';
import { EngineError } from '../llm/engine-error';
import type { StepStore } from './generation-memo';
import type { FinishRun, RunStore } from './run-store';

/** What every model run (summary or extraction) takes besides its own settings. */
export interface ModelRunOptions {
  /** A model file to use instead of the active model. */
  readonly modelPath?: string;
  readonly signal?: AbortSignal;
  /** A job's finished steps: generations already done are replayed, not repeated. */
  readonly steps?: StepStore;
  /** Continue this (interrupted) run instead of starting a new one. */
  readonly resumeRunId?: number;
  /** 'interactive' (the default: a person asked) goes before 'batch' (jobs) in the model's line. */
  readonly priority?: RunPriority;
}

export type RunEnd = Extract<RunStatus, 'done' | 'failed' | 'cancelled'>;

/** What the run spent, read once its body has settled. */
export type RunAccount<Output> = Omit<FinishRun<Output>, 'status' | 'error' | 'output' | 'timings'> & {
  readonly timings: Record<string, number>;
};

export async function executeRun<Output>(
  runs: RunStore<Output>,
  runId: number,
  signal: AbortSignal,
  body: () => Promise<Output>,
  account: () => RunAccount<Output>,
): Promise<RunEnd> {
  const started = performance.now();
  let status: RunEnd = 'done';
  let error: AppErrorData | null = null;
  let output: Output | null = null;
  try {
    if (signal.aborted) throw new EngineError('cancelled', 'The run was cancelled.');
    runs.markRunning(runId);
    output = await body();
  } catch (err) {
    if (signal.aborted || EngineError.is(err, 'cancelled')) status = 'cancelled';
    else {
      status = 'failed';
      error = toRunError(err);
    }
  }
  const spent = account();
  runs.finish(runId, { ...spent, status, error, output, timings: { ...spent.timings, totalMs: Math.round(performance.now() - started) } });
  return status;
}

export function toRunError(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err instanceof EngineError) {
    const code: ErrorCode = err.code;
    if (code === 'engine_crashed') {
      return { code, message: `The model engine stopped in the middle of this run (${err.message}). Start the run again.` };
    }
    return { code, message: err.message };
  }
  if (err instanceof RangeError) return { code: 'context_overflow', message: err.message };
  // Not err.message: an unexpected error may quote the model's output or the document.
  return toErrorData(err);
}
