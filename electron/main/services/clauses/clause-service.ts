// Clause comparison across contracts: for one field (clause type) of a template, each
// contract's clause text — its stored value's evidence grown to whole sentences on the page
// (shared/clauses/expand.ts) — grouped into wording variants (group.ts) and compared word by
// word with a reference clause (diff.ts). Computed on demand from the archive; plain Node.
import { clauseText } from '../../../../shared/clauses/expand';
import { diffWords } from '../../../../shared/clauses/diff';
import { groupBySimilarity, jaccard, shingles } from '../../../../shared/clauses/group';
import type { Clause, ClauseComparison, ClauseReference } from '../../../../shared/clauses/api';
import { AppError } from '../../../../shared/errors';
import type { Archive } from '../archive/archive';
import { displayValue } from '../extraction/export';
import type { ExtractionService } from '../extraction/extraction-service';

export interface CompareRequest {
  readonly template: string;
  readonly field: string;
  readonly reference?: ClauseReference;
  readonly documentIds?: readonly number[];
  readonly threshold?: number;
}

export class ClauseService {
  constructor(private readonly deps: { readonly extraction: ExtractionService; readonly archive: Archive }) {}

  /** One document's clause text for a field, from its evidence; null when it cites nothing. */
  private clauseOf(documentId: number, evidence: readonly { page: number; start: number; end: number }[]): string | null {
    if (evidence.length === 0) return null;
    const byPage = new Map<number, [number, number][]>();
    for (const e of evidence) byPage.set(e.page, [...(byPage.get(e.page) ?? []), [e.start, e.end]]);
    const parts = [...byPage.entries()]
      .sort(([a], [b]) => a - b)
      .map(([page, ranges]) => clauseText(this.deps.archive.getPage(documentId, page).text, ranges))
      .filter((t) => t !== '');
    return parts.length === 0 ? null : parts.join(' … ');
  }

  compare(request: CompareRequest): ClauseComparison {
    const { extraction } = this.deps;
    const template = extraction.templates.get(request.template);
    const field = template.fields.find((f) => f.key === request.field);
    if (!field) throw new AppError('not_found', `Template "${template.name}" has no field "${request.field}".`);

    const rows = extraction.fields.grid(template, request.documentIds).rows;
    const base = rows.map((row) => {
      const result = extraction.fields.getField(row.documentId, template, field.key);
      return {
        documentId: row.documentId,
        title: row.title,
        value: displayValue(result),
        status: result.status,
        review: result.review,
        text: this.clauseOf(row.documentId, result.evidence),
        evidence: result.evidence.map((e) => ({ page: e.page, quote: e.quote })),
      };
    });

    const reference = this.reference(request.reference, base);
    const withText = base.map((c, i) => ({ c, i })).filter(({ c }) => c.text !== null);
    const groups = groupBySimilarity(
      withText.map(({ c }) => c.text!),
      request.threshold,
    );
    const variantOf = new Map<number, number>();
    const sets = withText.map(({ c }) => shingles(c.text!));
    const variants = groups.map((group, v) => {
      for (const k of group) variantOf.set(withText[k]!.i, v);
      // The clause most like the rest of its group stands for it.
      let best = group[0]!;
      let bestScore = -1;
      for (const k of group) {
        const score = group.reduce((s, other) => s + (other === k ? 0 : jaccard(sets[k]!, sets[other]!)), 0);
        if (score > bestScore) [best, bestScore] = [k, score];
      }
      const representative = withText[best]!.c;
      return { documentId: representative.documentId, text: representative.text!, count: group.length, documentIds: group.map((k) => withText[k]!.c.documentId) };
    });

    const referenceSet = reference === null ? null : shingles(reference.text);
    const clauses: Clause[] = base.map((c, i) => ({
      ...c,
      variant: variantOf.get(i) ?? null,
      diff: c.text === null || reference === null ? null : diffWords(reference.text, c.text),
      similarity: c.text === null || referenceSet === null ? null : round(jaccard(referenceSet, shingles(c.text))),
    }));
    return { field: { key: field.key, label: field.label }, reference, clauses, variants };
  }

  private reference(ref: ClauseReference | undefined, clauses: readonly { documentId: number; title: string; text: string | null }[]): ClauseComparison['reference'] {
    if (ref === undefined) return null;
    if (ref.kind === 'text') return { text: ref.text, label: ref.label ?? 'Reference text', documentId: null };
    const clause = clauses.find((c) => c.documentId === ref.documentId);
    if (!clause) throw new AppError('not_found', `Document ${ref.documentId} has no value for this field to compare with.`);
    if (clause.text === null) throw new AppError('invalid_request', `The value of document ${ref.documentId} cites no text to compare with.`);
    return { text: clause.text, label: clause.title, documentId: ref.documentId };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
