// The implementation of every call in the contract, over the plain-Node services.
import { AppError } from '../../../shared/errors';
import type { Services } from '../services/compose';
import type { Handlers } from './dispatcher';
import { createArchiveHandlers, type ArchiveControl } from './archive-handlers';
import { createExtractionHandlers } from './extraction-handlers';
import { createDeadlineHandlers } from './deadline-handlers';
import { createPatientHandlers } from './patient-handlers';
import { createPlaybookHandlers } from './playbook-handlers';
import { createClauseHandlers } from './clause-handlers';
import { createJobHandlers } from './job-handlers';
import { createModelHandlers, type ApproveDownload } from './model-handlers';
import { NO_PATHS, type PathAccess, type PathHandle } from './path-access';
import { createServerHandlers } from './server-handlers';
import { createPrivacyHandlers } from './privacy-handlers';
import type { AppLock } from './app-lock';
import { createWelcomeHandlers } from './welcome-handlers';

export interface HandlerContext {
  readonly version: string;
  readonly transport: 'ipc' | 'bridge';
  /** A native file dialog drawn by main; only the desktop app has one. It answers with a handle. */
  readonly pickFile?: (purpose: 'model') => Promise<PathHandle | null>;
  readonly pickFolder?: (purpose: 'batch' | 'watch') => Promise<PathHandle | null>;
  /** Which paths requests may name on this transport (path-access.ts); none without it. */
  readonly paths?: PathAccess;
  /** Backup, restore and recovery: the host that holds the services (see archive-host.ts). */
  readonly archive?: ArchiveControl;
  /** The host's app lock (see app-lock.ts); without one (bare handlers) the app never locks. */
  readonly lock?: AppLock;
  /** Downloads from a typed URL; without it they are refused. */
  readonly approveDownload?: ApproveDownload;
}

const refuseDownloads: ApproveDownload = () => {
  throw new AppError('forbidden', 'Downloads from a URL are not allowed here.');
};

export function createHandlers(services: Services, context: HandlerContext): Handlers {
  const { archive, importer, files, accessLog } = services;
  const paths = context.paths ?? NO_PATHS;
  const via = context.transport === 'ipc' ? 'app' : 'bridge';
  return {
    'app:info': () => ({
      version: context.version,
      archiveDir: services.layout.root,
      transport: context.transport,
      documentCount: archive.countDocuments(),
      encrypted: services.encrypted,
    }),
    'app:pickFile': async ({ purpose }) => {
      if (!context.pickFile) throw new AppError('unsupported', 'Choosing a file needs the desktop app; enter the file path instead.');
      return { picked: await context.pickFile(purpose) };
    },
    'app:pickFolder': async ({ purpose }) => {
      if (!context.pickFolder) throw new AppError('unsupported', 'Choosing a folder needs the desktop app; type the folder path instead.');
      return { picked: await context.pickFolder(purpose) };
    },
    'documents:list': (request) => archive.listDocuments(request),
    'documents:counts': () => archive.countByStatus(),
    'documents:get': ({ id }) => {
      const opened = { document: archive.getDocument(id), pages: archive.listPages(id) };
      accessLog.record({ action: 'opened', via, documentId: id });
      return opened;
    },
    'documents:page': ({ id, page }) => archive.getPage(id, page),
    'documents:pdf': async ({ id }) => {
      const doc = archive.getDocument(id);
      return { fileName: doc.fileName, data: await files.read(doc.sha256) };
    },
    'documents:pdfRange': async ({ id, begin, end }) => {
      const range = await files.readRange(archive.getDocument(id).sha256, begin, end);
      if (begin >= range.size && range.size > 0) {
        throw new AppError('invalid_request', `The PDF has ${range.size} bytes; byte ${begin} is past its end.`);
      }
      return range;
    },
    'documents:exportDeidentifiedPdf': async ({ id, password }) => {
      const result = await services.deidPdf.export(id, password !== undefined ? { password } : {});
      accessLog.record({ action: 'exported', via, documentId: id, detail: { format: 'pdf', deidentified: true, pages: result.pages } });
      return { ...result, data: new Uint8Array(result.data), wholePages: [...result.wholePages] };
    },
    'documents:import': async ({ files: sources, password }) => {
      const outcomes = await importer.importMany(sources, password);
      services.jobs.queueOcr(outcomes.flatMap((o) => (o.kind === 'imported' ? [o.document.id] : []))); // scans become searchable
      return { outcomes };
    },
    'documents:retry': async ({ id, password }) => {
      const outcome = await importer.retry(id, password);
      if (outcome.kind === 'imported') services.jobs.queueOcr([outcome.document.id]);
      return { outcome };
    },
    'documents:update': ({ id, title, domain }) => ({ document: archive.updateDocument(id, { title, domain }) }),
    'documents:deleteImpact': ({ id }) => archive.deletionImpact(id),
    'documents:delete': async ({ id }) => {
      await services.erasure.deleteDocument(id, via);
      services.events.emit('documents:changed', { ids: [id] });
      return { deleted: true };
    },
    'search:query': ({ query, limit, documentId, domain }) => {
      const result = archive.searchPages(query, limit, { documentId, domain });
      // That a search happened and what it found, never the query: it is text about documents.
      accessLog.record({ action: 'searched', via, documentId: documentId ?? null, detail: { hits: result.hits.length } });
      return result;
    },
    'search:count': ({ query, documentId, domain }) => ({ total: archive.countMatches(query, { documentId, domain }) }),
    'summaries:start': ({ documentId, profile }) => {
      const { runId, done } = services.summaries.start(documentId, { ...(profile ? { profile } : {}) });
      done.catch(() => undefined); // the run's end is stored and announced by `summaries:done`
      return { runId };
    },
    'summaries:cancel': ({ runId }) => ({ cancelled: services.summaries.cancel(runId) }),
    'summaries:list': ({ documentId }) => ({ runs: services.summaries.list(documentId) }),
    'summaries:get': ({ runId }) => ({ run: services.summaries.get(runId) }),
    ...createModelHandlers(services, context.approveDownload ?? refuseDownloads, paths),
    ...createPrivacyHandlers(services, context.lock),
    ...createServerHandlers(services),
    ...createExtractionHandlers(services, via),
    ...createArchiveHandlers(context.archive, paths),
    ...createJobHandlers(services, paths),
    ...createDeadlineHandlers(services, via),
    ...createPatientHandlers(services),
    ...createPlaybookHandlers(services, via),
    ...createWelcomeHandlers(services),
    ...createClauseHandlers(services),
  };
}
