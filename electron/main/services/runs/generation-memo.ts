// Finished model generations kept as a job's steps, so a run resumed after a crash or a pause
// replays the passes it already paid for instead of generating them again. The key is the
// request itself (messages, schema, limits) and the model, so a changed document, template or
// model never replays a stale answer. Plain Node.
import { createHash } from 'node:crypto';
import type { GenerateOptions, HostGenerateRequest } from '../llm/engine-host';
import type { GenerateResult } from '../llm/engine-protocol';

/** Where a job keeps its finished steps (the job queue's job_steps rows). */
export interface StepStore {
  get(step: string): string | undefined;
  put(step: string, data: string): void;
}

export type Generate = (request: HostGenerateRequest, options?: GenerateOptions) => Promise<GenerateResult>;

/** `generate`, answered from `steps` when this model already answered this request. */
export function memoizedGenerate(generate: Generate, steps: StepStore | undefined, modelSha256: string): Generate {
  if (!steps) return generate;
  return async (request, options) => {
    const { requestId: _ignored, ...stable } = request;
    const key = `gen:${createHash('sha256').update(modelSha256).update(JSON.stringify(stable)).digest('hex').slice(0, 32)}`;
    const stored = steps.get(key);
    if (stored !== undefined) {
      const replay = JSON.parse(stored) as GenerateResult;
      // Nothing was evaluated this time: the whole prompt counts as cached, and no time was spent.
      return { ...replay, tokensCached: replay.tokensIn, timings: { ...replay.timings, queuedMs: 0, prefillMs: 0, totalMs: 0 } };
    }
    const result = await generate(request, options);
    steps.put(key, JSON.stringify(result));
    return result;
  };
}
