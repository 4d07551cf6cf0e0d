// How a document's work reads in the library: the review line, state labels, the extraction's
// templates. Pure: no DOM, no React.
import type { DocumentWork, WorkState } from '../../../../shared/domain';
import type { DocumentWorkFilter } from '../../../../shared/library';
import type { BadgeTone } from '../../components/Badge';

/** "12 of 44 reviewed · 3 need review"; null when nothing was extracted. */
export function reviewLine(fields: DocumentWork['fields']): string | null {
  if (fields.total === 0) return null;
  const reviewed = `${fields.reviewed.toLocaleString()} of ${fields.total.toLocaleString()} reviewed`;
  if (fields.needsReview === 0) return reviewed;
  return `${reviewed} · ${fields.needsReview.toLocaleString()} ${fields.needsReview === 1 ? 'needs' : 'need'} review`;
}

export const STATE_LABELS: Readonly<Record<WorkState, string>> = {
  none: 'Not yet',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export function stateTone(state: WorkState): BadgeTone {
  switch (state) {
    case 'none':
      return 'neutral';
    case 'running':
      return 'accent';
    case 'done':
      return 'success';
    case 'failed':
      return 'danger';
    default:
      return state satisfies never;
  }
}

/** Each extracted template as "Contract: done", by its title when known. */
export function templateStates(work: DocumentWork, titles: ReadonlyMap<string, string>): string[] {
  return work.templates.map((t) => `${titles.get(t.template) ?? t.template}: ${STATE_LABELS[t.state].toLowerCase()}`);
}

export const WORK_FILTER_LABELS: Readonly<Record<DocumentWorkFilter, string>> = {
  needs_review: 'Needs review',
  not_extracted: 'Not extracted',
  failed: 'Failed',
  ocr_needed: 'OCR needed',
};

/** What an empty filtered list says. */
export const WORK_FILTER_EMPTY: Readonly<Record<DocumentWorkFilter, string>> = {
  needs_review: 'No document has extracted values waiting for review.',
  not_extracted: 'Every document has been extracted with a template.',
  failed: 'No summary or extraction has failed.',
  ocr_needed: 'No document has pages waiting for OCR.',
};
