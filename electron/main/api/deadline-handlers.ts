// The `deadlines:*` calls over the deadline service (contract key dates and their exports).
import type { AccessChannel } from '../../../shared/privacy';
import type { Services } from '../services/compose';
import { DeadlineService } from '../services/deadlines/deadline-service';
import type { Handlers } from './dispatcher';

type DeadlineCall = Extract<keyof Handlers, `deadlines:${string}`>;

export function createDeadlineHandlers(services: Services, via: AccessChannel): Pick<Handlers, DeadlineCall> {
  const deadlines = new DeadlineService({ extraction: services.extraction });
  return {
    'deadlines:list': ({ within }) => deadlines.list(within),
    'deadlines:export': ({ format, within }) => {
      const { fileName, data } = deadlines.export(format, within);
      services.accessLog.record({ action: 'exported', via, detail: { deadlines: true, format } });
      return { fileName, data: new Uint8Array(data) };
    },
  };
}
