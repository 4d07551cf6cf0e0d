// The `jobs:*`, `batches:*` and `watch:*` calls over the job service. A batch returns at
// once; its progress arrives as `jobs:changed` and `batches:changed` events.
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';

type JobCall = Extract<keyof Handlers, `jobs:${string}` | `batches:${string}` | `watch:${string}`> | 'documents:ocr';

export function createJobHandlers(services: Services): Pick<Handlers, JobCall> {
  const { jobs } = services;
  return {
    'jobs:list': ({ batchId, limit }) => ({ jobs: jobs.list({ ...(batchId !== undefined ? { batchId } : {}), limit }) }),
    'jobs:pause': (selection) => ({ changed: jobs.pause(selection) }),
    'jobs:resume': (selection) => ({ changed: jobs.resume(selection) }),
    'jobs:cancel': (selection) => ({ changed: jobs.cancel(selection) }),
    'jobs:retry': (selection) => ({ changed: jobs.retry(selection) }),
    'batches:list': () => ({ batches: jobs.listBatches() }),
    'batches:get': ({ id }) => jobs.batch(id),
    'batches:start': async ({ paths, files, options }) => ({ batch: (await jobs.startBatch({ paths, files, options })).batch }),
    'documents:ocr': ({ id }) => ({ jobIds: jobs.queueOcr([id]) }),
    'watch:list': () => ({ folders: jobs.watched() }),
    'watch:add': (folder) => ({ folder: jobs.watch(folder) }),
    'watch:remove': ({ folder }) => ({ removed: jobs.unwatch(folder) }),
  };
}
