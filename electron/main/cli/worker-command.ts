// `worker`: runs the archive's job queue without a window, for a department's server: watched
// folders, batches queued by others (the app, `batch`), with the inference server when the
// archive's setting turns it on. Logs one JSON object a line on stdout. SIGTERM or SIGINT stops
// it cleanly: running jobs are checkpointed (their finished model steps are kept) and go back to
// the queue, so the next start resumes them. One worker per archive: the archive is single-writer.
// `server [--on|--off] [--url U] [--server-type T] [--server-model M] [--slots N] [--api-key-env VAR]`
// shows or sets the inference server.
import { SERVER_TYPES, serverTypeSchema, type InferenceServerPatch } from '../../../shared/inference-server';
import { getServerSettings, serverSettingsView, setServerSettings } from '../services/llm/server/inference-server-settings';
import type { CommandContext } from './commands';
import { UsageError } from './commands';

function logLine(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
}

interface JobChange {
  readonly id: number;
  readonly kind: string;
  readonly state: string;
  readonly documentId: number | null;
  readonly done: number;
  readonly total: number;
  readonly error: { code: string; message: string } | null;
}

export async function workerCommand({ services }: CommandContext): Promise<number> {
  const { jobs, engines, layout } = services;
  const engine = engines.current();
  logLine('starting', { pid: process.pid, archive: layout.root, ...engine.identity, slots: engine.slots });
  if (engine.kind === 'local') logLine('notice', { message: 'The inference server is off: model jobs run on this machine, one at a time (set it with `server --on --url …`).' });
  let stopping: string | null = null;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = signal;
    wake();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Only state changes, not every progress tick: one line when a job starts, ends or fails.
  const lastState = new Map<number, string>();
  const unsubscribe = services.events.subscribe((name, payload) => {
    if (name !== 'jobs:changed') return;
    for (const job of (payload as { jobs: readonly JobChange[] }).jobs) {
      if (lastState.get(job.id) === job.state) continue;
      lastState.set(job.id, job.state);
      logLine('job', { id: job.id, kind: job.kind, state: job.state, documentId: job.documentId, ...(job.error ? { error: job.error } : {}) });
    }
  });
  try {
    if (!jobs.start()) {
      // Single writer: another process (the app, another worker) runs this archive's queue.
      logLine('refused', { reason: 'queue_owned', owner: jobs.queueOwner(), message: 'Another Abstractor process runs this archive’s job queue; one worker per archive.' });
      return 1;
    }
    logLine('ready', { watched: jobs.watched().map((f) => f.folder) });
    await stopped;
    logLine('stopping', { signal: stopping });
    // Running jobs stop at their next step and go back to the queue with their finished steps.
    await jobs.queue.dispose();
    const counts: Record<string, number> = {};
    for (const j of jobs.list({ limit: 100_000 })) counts[j.state] = (counts[j.state] ?? 0) + 1;
    logLine('stopped', { counts });
    return 0;
  } finally {
    unsubscribe();
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
}

export async function serverCommand({ services, out, flags }: CommandContext): Promise<number> {
  const patch: InferenceServerPatch = {};
  if (flags.on !== undefined && flags.off !== undefined) throw new UsageError('--on or --off, not both');
  if (flags.on !== undefined) patch.enabled = true;
  if (flags.off !== undefined) patch.enabled = false;
  if (flags.url !== undefined) patch.url = flags.url;
  if (flags.serverModel !== undefined) patch.model = flags.serverModel;
  if (flags.serverType !== undefined) {
    const type = serverTypeSchema.safeParse(flags.serverType);
    if (!type.success) throw new UsageError(`--server-type must be one of ${SERVER_TYPES.join(', ')}`);
    patch.type = type.data;
  }
  if (flags.slots !== undefined) {
    const slots = Number(flags.slots);
    if (!Number.isInteger(slots) || slots < 1 || slots > 64) throw new UsageError('--slots needs a whole number from 1 to 64');
    patch.slots = slots;
  }
  if (flags.apiKeyEnv !== undefined) {
    const key = process.env[flags.apiKeyEnv];
    if (key === undefined) throw new UsageError(`$${flags.apiKeyEnv} is not set`);
    patch.apiKey = key;
  }
  const stored = Object.keys(patch).length > 0 ? setServerSettings(services.db, patch) : getServerSettings(services.db);
  const view = serverSettingsView(stored);
  out.result(view, () =>
    view.enabled
      ? `Inference server ON: model runs send document text to ${view.sendsDocumentsTo} (${view.type}, ${view.slots} slot${view.slots === 1 ? '' : 's'}${view.model ? `, model ${view.model}` : ''}${view.hasApiKey ? ', API key set' : ''}).`
      : `Inference server off: models run on this machine.${view.url ? ` (Saved: ${view.url}.)` : ''}`,
  );
  return 0;
}
