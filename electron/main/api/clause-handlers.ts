// The `clauses:*` calls over the clause service (one clause type compared across contracts).
import type { Services } from '../services/compose';
import { ClauseService } from '../services/clauses/clause-service';
import type { Handlers } from './dispatcher';

type ClauseCall = Extract<keyof Handlers, `clauses:${string}`>;

export function createClauseHandlers(services: Services): Pick<Handlers, ClauseCall> {
  const clauses = new ClauseService({ extraction: services.extraction, archive: services.archive });
  return {
    'clauses:compare': (request) => clauses.compare(request),
  };
}
