// The `models:*` calls over the model library. Errors leave as AppError codes.
import type { Services } from '../services/compose';
import { parseDownloadUrl } from '../services/models/model-downloader';
import { asAppError } from '../services/models/model-errors';
import { detectHardware } from '../services/models/hardware';
import type { DownloadProgress } from '../../../shared/models';
import { SUMMARY_PROFILES } from '../../../shared/summaries';
import type { Handlers } from './dispatcher';
import type { PathAccess } from './path-access';

type ModelCall = Extract<keyof Handlers, `models:${string}`>;

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asAppError(err);
  }
}

/**
 * Says yes to a download from a typed URL, or throws: the desktop app asks in a dialog drawn by
 * main, the bridge answers from `serve --allow-downloads`.
 */
export type ApproveDownload = (url: URL) => Promise<void>;

export function createModelHandlers(services: Services, approveDownload: ApproveDownload, paths: PathAccess): Pick<Handlers, ModelCall> {
  const { models, events } = services;
  const onProgress = (progress: DownloadProgress) => events.emit('models:downloadProgress', progress);
  return {
    'models:list': async () => ({ items: await models.list(), activeId: models.store.getActiveId() }),
    'models:add': async ({ path, mode }) => {
      const file = await paths.resolve(path);
      return mapped(() => models.addFromFile(file, { mode }));
    },
    'models:remove': async ({ id }) => {
      const result = await mapped(() => models.remove(id));
      services.erasure.settle();
      return result;
    },
    'models:setActive': async ({ id }) => ({ model: await mapped(() => models.setActive(id)) }),
    'models:estimate': ({ id, contextSize }) => mapped(() => models.memoryEstimate(id, { contextSize })),
    'models:catalog': async () => ({ items: await models.catalogItems() }),
    'models:download': ({ catalogId }) => mapped(() => models.downloads.download({ catalogId }, { onProgress })),
    'models:downloadUrl': ({ url }) =>
      mapped(async () => {
        const parsed = parseDownloadUrl(url); // refused before anyone is asked
        await approveDownload(parsed);
        return models.downloads.download({ url: parsed.href }, { onProgress });
      }),
    'models:cancelDownload': ({ key }) => ({ cancelled: models.downloads.cancel(key) }),
    'models:adapters': () =>
      mapped(async () => {
        const items = (await models.adapters.list()).map(({ name, architecture, bytes }) => ({ name, architecture, bytes }));
        const templates = services.extraction.templates.list().map((t) => services.extraction.templates.get(t.name));
        const choices = [
          ...SUMMARY_PROFILES.map((profile) => models.adapters.choice({ profile })),
          ...templates.map((t) => models.adapters.choice({ template: t.name, templateAdapter: t.adapter })),
        ];
        return { items, choices };
      }),
    'models:addAdapter': async ({ path, name }) => {
      const file = await paths.resolve(path);
      return mapped(async () => {
        const { architecture, bytes } = await models.adapters.add(file, name);
        return { name, architecture, bytes };
      });
    },
    'models:removeAdapter': ({ name }) => mapped(() => models.adapters.remove(name)),
    'models:chooseAdapter': ({ target, selection }) =>
      mapped(async () => {
        const template = 'template' in target ? services.extraction.templates.get(target.template) : undefined; // not_found when unknown
        if (selection.kind === 'default') models.adapters.forget(target);
        else await models.adapters.choose(target, selection.kind === 'none' ? null : selection.name);
        return models.adapters.choice(template ? { template: template.name, templateAdapter: template.adapter } : target);
      }),
    'models:hardware': () => detectHardware({ inUse: services.engine.modelInfo?.gpu ?? null }),
  };
}
