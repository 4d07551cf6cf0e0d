// The `templates:*` and `extraction:*` calls over the extraction service. A run returns its id
// at once; progress, tokens and its end arrive as `extraction:*` events.
import type { AccessChannel } from '../../../shared/privacy';
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';

type ExtractionCall = Extract<keyof Handlers, `templates:${string}` | `extraction:${string}`>;

export function createExtractionHandlers(services: Services, via: AccessChannel): Pick<Handlers, ExtractionCall> {
  const { extraction, accessLog } = services;
  /** A person changed a value: logged with the field's key, never the value. */
  const changed = <T>(documentId: number, template: string, field: string, change: string, result: T): T => {
    accessLog.record({ action: 'value_changed', via, documentId, detail: { template, field, change } });
    return result;
  };
  return {
    'templates:list': () => ({ items: extraction.templates.list() }),
    'templates:get': ({ name }) => ({ template: extraction.templates.get(name), builtIn: extraction.templates.isBuiltIn(name) }),
    'templates:save': ({ template }) => ({ template: extraction.templates.save(template) }),
    'templates:delete': ({ name }) => {
      const deleted = extraction.templates.delete(name);
      services.erasure.settle();
      return { deleted };
    },
    'extraction:start': ({ documentId, template }) => {
      const { runId, done } = extraction.start(documentId, template);
      done.catch(() => undefined); // the end is stored and announced by `extraction:done`
      return { runId };
    },
    'extraction:cancel': ({ runId }) => ({ cancelled: extraction.cancel(runId) }),
    'extraction:get': ({ documentId, template }) => extraction.get(documentId, template),
    'extraction:edit': ({ documentId, template, field, value }) =>
      changed(documentId, template, field, 'edit', { field: extraction.edit(documentId, template, field, value) }),
    'extraction:setAssertion': ({ documentId, template, field, item, label }) =>
      changed(documentId, template, field, 'assertion', { field: extraction.setAssertion(documentId, template, field, item, label) }),
    'extraction:confirm': ({ documentId, template, field }) =>
      changed(documentId, template, field, 'confirm', { field: extraction.confirm(documentId, template, field) }),
    'extraction:clear': ({ documentId, template, field }) =>
      changed(documentId, template, field, 'clear', { field: extraction.clear(documentId, template, field) }),
    'extraction:addFromSelection': ({ documentId, template, field, page, start, end, value }) =>
      changed(documentId, template, field, 'add', {
        field: extraction.addFromSelection(documentId, template, field, { page, start, end, ...(value !== undefined ? { value } : {}) }),
      }),
    'extraction:acceptSuggestion': ({ documentId, template, field }) =>
      changed(documentId, template, field, 'accept', { field: extraction.acceptSuggestion(documentId, template, field) }),
    'extraction:audit': ({ documentId, template, field }) => ({ entries: extraction.audit(documentId, template, field) }),
    'extraction:grid': ({ template, documentIds }) => extraction.grid(template, documentIds),
    'extraction:gridPage': ({ template, after, limit }) => {
      const page = extraction.gridPage(template, { after, limit });
      return { ...page, rows: page.rows.map((row) => ({ ...row, queued: services.jobs.store.hasPendingExtraction(row.documentId, page.template) })) };
    },
    'extraction:queue': ({ template, documentIds }) => ({ jobIds: services.jobs.queueExtraction(template, documentIds) }),
    'extraction:export': ({ template, format, documentIds, deidentify }) => {
      const { fileName, data } = extraction.export(template, format, documentIds, deidentify);
      accessLog.record({ action: 'exported', via, detail: { template, format, documents: documentIds?.length ?? 'all', deidentified: deidentify !== undefined } });
      return { fileName, data: new Uint8Array(data) };
    },
  };
}
