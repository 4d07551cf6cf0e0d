// Grounding checks the model-run tests share: every evidence entry of an extraction is real
// text of its page with boxes on it, and every summary bullet cites only pages its pass read.
// The same whichever engine answered (local or an inference server).
import { expect } from 'vitest';
import type { FieldResult } from '../../shared/extraction/api';
import type { SummaryRun } from '../../shared/summaries';
import type { Services } from '../../electron/main/services/compose';

/** Every evidence entry is real text of its page at its range, with boxes on the page. */
export function expectGroundedEvidence(services: Services, documentId: number, fields: readonly FieldResult[]): void {
  for (const field of fields) {
    const all = [...field.evidence, ...(field.items ?? []).flatMap((i) => i.evidence), ...field.alternatives.flatMap((a) => a.evidence)];
    for (const e of all) {
      const page = services.archive.getPage(documentId, e.page);
      expect(page.text.slice(e.start, e.end)).toBe(e.quote);
      expect(e.quote.trim().length).toBeGreaterThan(0);
      expect(e.rects.length).toBeGreaterThan(0);
      for (const [x, y, w, h] of e.rects) {
        expect(w).toBeGreaterThan(0);
        expect(h).toBeGreaterThan(0);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(page.width + 1);
        expect(y + h).toBeLessThanOrEqual(page.height + 1);
      }
    }
    // Nothing is "found" without evidence; judgements are never "verified".
    if (field.status !== 'not_found') expect(field.evidence.length).toBeGreaterThan(0);
    if (field.type === 'boolean' || field.type === 'enum') expect(field.status).not.toBe('verified');
  }
}

/** Every bullet of the run cites only pages its pass was given, and the run only pages it read. */
export function expectGroundedCitations(run: SummaryRun): void {
  const output = run.output!;
  const given = new Set(output.passes.flatMap((p) => p.pages));
  for (const section of output.sections) {
    for (const bullet of section.bullets) {
      expect(bullet.pages.length).toBeGreaterThan(0);
      for (const page of bullet.pages) expect(given.has(page)).toBe(true);
    }
  }
  const read = new Set(output.chunks.flatMap((c) => c.pages));
  for (const page of output.citedPages) expect(read.has(page)).toBe(true);
}
