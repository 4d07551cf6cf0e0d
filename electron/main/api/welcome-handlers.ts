// The `welcome:*` calls: the first run's state, the recommended model with its expected speed,
// and importing a sample document by id.
import type { WelcomeState } from '../../../shared/welcome';
import type { Services } from '../services/compose';
import { archiveKeyStatus } from '../services/keys/archive-keys';
import { detectHardware } from '../services/models/hardware';
import { recommendModel, type MeasuredModel } from '../services/models/recommendation';
import { modelRunTotals } from '../services/runs/run-store';
import { getWelcomeStatus, setWelcomeStatus, welcomeShowsOnStart } from '../services/welcome-settings';
import type { Handlers } from './dispatcher';

type WelcomeCall = Extract<keyof Handlers, `welcome:${string}`>;

export function createWelcomeHandlers(services: Services): Pick<Handlers, WelcomeCall> {
  const { db, archive, models } = services;
  const state = (): WelcomeState => {
    const status = getWelcomeStatus(db);
    return {
      status,
      showOnStart: welcomeShowsOnStart(status, archive.countDocuments()),
      keychainBackend: services.encrypted ? archiveKeyStatus(services.layout.root).keychainBackend : null,
    };
  };
  return {
    'welcome:state': state,
    'welcome:setStatus': ({ status }) => {
      setWelcomeStatus(db, status);
      return state();
    },
    'welcome:recommendation': async () => {
      const [items, hardware, installed] = await Promise.all([models.catalogItems(), detectHardware(), models.list()]);
      const bySha = new Map(installed.map((m) => [m.sha256, m]));
      const measured: MeasuredModel[] = modelRunTotals(db).map((totals) => {
        const model = bySha.get(totals.modelSha256);
        return { catalogId: model?.catalogId ?? null, parameters: model?.parameters ?? null, totals };
      });
      return recommendModel(items, hardware, measured);
    },
    'welcome:importSample': async ({ sample }) => {
      const result = await services.samples.import(sample);
      services.events.emit('documents:changed', { ids: [result.document.id] });
      return result;
    },
  };
}
