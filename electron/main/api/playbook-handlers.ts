// The `playbooks:*` calls over the playbook service (the library, runs and their exports).
import type { AccessChannel } from '../../../shared/privacy';
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';

type PlaybookCall = Extract<keyof Handlers, `playbooks:${string}`>;

export function createPlaybookHandlers(services: Services, via: AccessChannel): Pick<Handlers, PlaybookCall> {
  const { playbooks, accessLog } = services;
  return {
    'playbooks:list': () => ({ items: playbooks.library.list() }),
    'playbooks:get': ({ name }) => ({ playbook: playbooks.library.get(name), builtIn: playbooks.library.isBuiltIn(name) }),
    'playbooks:save': ({ playbook }) => ({ playbook: playbooks.library.save(playbook) }),
    'playbooks:delete': ({ name }) => ({ deleted: playbooks.library.delete(name) }),
    'playbooks:run': ({ name, documentIds }) => playbooks.run(name, documentIds),
    'playbooks:printed': ({ name, documentId }) => {
      services.archive.getDocument(documentId); // not_found for a document that is not there
      playbooks.library.get(name);
      accessLog.record({ action: 'printed', via, documentId, detail: { playbook: name } });
      return { recorded: true };
    },
    'playbooks:export': ({ name, format, documentIds }) => {
      const { fileName, data } = playbooks.export(name, format, documentIds);
      accessLog.record({ action: 'exported', via, detail: { playbook: name, format, documents: documentIds?.length ?? 'all' } });
      return { fileName, data: new Uint8Array(data) };
    },
  };
}
