// The `clauses:*` calls over the clause service (one clause type compared across contracts),
// and `definitions:list` (a contract's defined terms, found on demand from its page text).
import type { Services } from '../services/compose';
import { ClauseService } from '../services/clauses/clause-service';
import { documentDefinitions } from '../../../shared/definitions/find';
import type { Handlers } from './dispatcher';

type ClauseCall = Extract<keyof Handlers, `clauses:${string}` | `definitions:${string}`>;

export function createClauseHandlers(services: Services): Pick<Handlers, ClauseCall> {
  const clauses = new ClauseService({ extraction: services.extraction, archive: services.archive });
  return {
    'clauses:compare': (request) => clauses.compare(request),
    'definitions:list': ({ documentId }) => ({ definitions: documentDefinitions(services.archive.iteratePages(documentId)) }),
  };
}
