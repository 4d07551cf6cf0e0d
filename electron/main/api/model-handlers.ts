// The `models:*` calls over the model library. Errors leave as AppError codes.
import type { Services } from '../services/compose';
import { asAppError } from '../services/models/model-errors';
import { detectHardware } from '../services/models/hardware';
import type { Handlers } from './dispatcher';

type ModelCall = Extract<keyof Handlers, `models:${string}`>;

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asAppError(err);
  }
}

export function createModelHandlers(services: Services): Pick<Handlers, ModelCall> {
  const { models, events } = services;
  return {
    'models:list': async () => ({ items: await models.list(), activeId: models.store.getActiveId() }),
    'models:add': ({ path, mode }) => mapped(() => models.addFromFile(path, { mode })),
    'models:remove': ({ id }) => mapped(() => models.remove(id)),
    'models:setActive': async ({ id }) => ({ model: await mapped(() => models.setActive(id)) }),
    'models:estimate': ({ id, contextSize }) => mapped(() => models.memoryEstimate(id, { contextSize })),
    'models:catalog': async () => ({ items: await models.catalogItems() }),
    'models:download': ({ catalogId, url }) =>
      mapped(() =>
        models.downloads.download(
          { catalogId, url },
          { onProgress: (progress) => events.emit('models:downloadProgress', progress) },
        ),
      ),
    'models:cancelDownload': ({ key }) => ({ cancelled: models.downloads.cancel(key) }),
    'models:hardware': () => detectHardware({ inUse: services.engine.modelInfo?.gpu ?? null }),
  };
}
