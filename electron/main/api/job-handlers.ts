// The `jobs:*`, `batches:*` and `watch:*` calls over the job service. A batch returns at
// once; its progress arrives as `jobs:changed` and `batches:changed` events.
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';
import type { PathAccess } from './path-access';

type JobCall = Extract<keyof Handlers, `jobs:${string}` | `batches:${string}` | `watch:${string}`> | 'documents:ocr';

export function createJobHandlers(services: Services, paths: PathAccess): Pick<Handlers, JobCall> {
  const { jobs, models } = services;
  /** A request names a model by id; the job service takes the file. */
  const modelPath = async (modelId: number | null) => (modelId === null ? null : (await models.get(modelId)).path);
  return {
    'jobs:list': ({ batchId, limit }) => ({ jobs: jobs.list({ ...(batchId !== undefined ? { batchId } : {}), limit }) }),
    'jobs:pause': (selection) => ({ changed: jobs.pause(selection) }),
    'jobs:resume': (selection) => ({ changed: jobs.resume(selection) }),
    'jobs:cancel': (selection) => ({ changed: jobs.cancel(selection) }),
    'jobs:retry': (selection) => ({ changed: jobs.retry(selection) }),
    'jobs:retryWithPassword': async ({ id, password }) => ({ job: await jobs.retryWithPassword(id, password) }),
    'batches:list': () => ({ batches: jobs.listBatches() }),
    'batches:get': ({ id }) => jobs.batch(id),
    'batches:remove': ({ id }) => ({ removed: jobs.removeBatch(id) }),
    'batches:start': async ({ paths: refs, files, options: { modelId, ...options } }) => {
      const resolved = await Promise.all(refs.map((ref) => paths.resolve(ref)));
      const batch = await jobs.startBatch({ paths: resolved, files, options: { ...options, modelPath: await modelPath(modelId) } });
      return { batch: batch.batch };
    },
    'documents:ocr': ({ id }) => ({ jobIds: jobs.queueOcr([id]) }),
    'watch:list': () => {
      const held = new Set(jobs.restoreHold()?.folders ?? []);
      return { folders: jobs.watched().map((f) => ({ ...f, paused: held.has(f.folder) })) };
    },
    'jobs:restoreHold': () => ({ hold: jobs.restoreHold() }),
    'jobs:releaseRestoreHold': () => jobs.releaseRestoreHold(),
    'watch:add': async ({ folder, modelId, ...rest }) => ({
      folder: jobs.watch({ ...rest, folder: await paths.resolve(folder), modelPath: await modelPath(modelId) }),
    }),
    'watch:remove': ({ folder }) => ({ removed: jobs.unwatch(folder) }),
  };
}
