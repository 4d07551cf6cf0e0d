// Defined terms as they cross the API: a contract's definitions, found on demand from its
// archived page text (shared/definitions/find.ts). Shared: no Node, no DOM.
import { z } from 'zod';
import { documentIdSchema } from '../domain';

export const definitionSchema = z.object({
  term: z.string(),
  definition: z.string(),
  kind: z.enum(['means', 'parenthetical', 'reference']),
  page: z.number().int().positive(),
  /** [start, end) of the definition on its page. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Definition = z.infer<typeof definitionSchema>;

export const definitionCalls = {
  /** A document's defined terms, the first definition of each term, in page order. */
  'definitions:list': {
    request: z.strictObject({ documentId: documentIdSchema }),
    response: z.object({ definitions: z.array(definitionSchema) }),
  },
} as const;
