// The Extract tab's pure logic: default templates, badges, value formatting and parsing,
// the live run folded from events, keyboard movement and mapping a selection to page text.
import { describe, expect, it } from 'vitest';
import type { ExtractionProgress, TemplateSummary } from '../../shared/extraction/api';
import {
  applyExtractionDone,
  applyExtractionProgress,
  badgeCounts,
  badgeTone,
  editText,
  extractionDetails,
  fieldBadge,
  fieldEvidence,
  formatValue,
  moveFocus,
  needsReview,
  newLiveExtraction,
  nextNeedingReview,
  extractionPhaseLabel,
  parseEdit,
  pickTemplate,
} from '../../renderer/src/features/extraction/extraction-state';
import { mimeFor } from '../../renderer/src/features/extraction/download';
import { locateSelection } from '../../renderer/src/features/extraction/selection-range';

const summary = (name: string, domain: string): TemplateSummary => ({ name, title: name, domain, version: 1, description: '', fields: 1, builtIn: true });

describe('templates by domain', () => {
  const all = [summary('clinical-record', 'medical'), summary('contract', 'legal'), summary('nda', 'legal')];
  it('defaults medical to clinical-record and legal to contract', () => {
    expect(pickTemplate(all, 'medical')).toBe('clinical-record');
    expect(pickTemplate(all, 'legal')).toBe('contract');
    expect(pickTemplate(all, null)).toBe('contract');
  });
  it('falls back to a template of the domain, then the first', () => {
    expect(pickTemplate([summary('nda', 'legal'), summary('x', 'medical')], 'medical')).toBe('x');
    expect(pickTemplate([summary('nda', 'legal')], 'medical')).toBe('nda');
    expect(pickTemplate([], 'legal')).toBeNull();
  });
});

describe('badges', () => {
  it('shows the review state over the grounding status', () => {
    expect(fieldBadge({ status: 'verified', review: 'none' })).toBe('verified');
    expect(fieldBadge({ status: 'unsupported', review: 'edited' })).toBe('edited');
    expect(fieldBadge({ status: 'cited', review: 'confirmed' })).toBe('confirmed');
  });
  it('colors verified green, unsupported amber, cited blue, not found grey', () => {
    expect(badgeTone('verified')).toBe('success');
    expect(badgeTone('unsupported')).toBe('warning');
    expect(badgeTone('cited')).toBe('accent');
    expect(badgeTone('not_found')).toBe('neutral');
  });
  it('counts fields per badge in a fixed order', () => {
    const counts = badgeCounts([
      { status: 'not_found', review: 'none' },
      { status: 'verified', review: 'none' },
      { status: 'not_found', review: 'none' },
      { status: 'cited', review: 'edited' },
    ]);
    expect(counts).toEqual([
      ['verified', 1],
      ['edited', 1],
      ['not_found', 2],
    ]);
  });
});

describe('values', () => {
  it('formats scalars, lists and tables on one line', () => {
    expect(formatValue('boolean', true)).toBe('Yes');
    expect(formatValue('number', 1234.5)).toBe('1,234.5');
    expect(formatValue('list', ['Acme', 'Beta'])).toBe('Acme; Beta');
    expect(formatValue('table', [{ drug: 'amoxicillin', dose: '500 mg' }, { drug: 'x', dose: null }])).toBe('amoxicillin · 500 mg; x');
    expect(formatValue('text', null)).toBe('');
    expect(formatValue('list', [])).toBe('');
  });
  it('round-trips an edit by type', () => {
    expect(parseEdit('text', '  New York ')).toEqual({ ok: true, value: 'New York' });
    expect(parseEdit('text', '  ')).toEqual({ ok: true, value: null });
    expect(parseEdit('number', '1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseEdit('boolean', 'yes')).toEqual({ ok: true, value: true });
    expect(parseEdit('boolean', 'maybe').ok).toBe(false);
    expect(parseEdit('list', 'a\n\n b \n')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseEdit('table', '[{"a": "1", "b": null}]')).toEqual({ ok: true, value: [{ a: '1', b: null }] });
    expect(parseEdit('table', '{"a": 1}').ok).toBe(false);
    expect(parseEdit('table', '[{"a": {"nested": 1}}]').ok).toBe(false);
    expect(parseEdit('list', editText('list', ['x', 'y']))).toEqual({ ok: true, value: ['x', 'y'] });
    expect(editText('boolean', false)).toBe('false');
  });
  it('takes evidence from the items when the field has none of its own', () => {
    const e = { page: 3, start: 0, end: 4, quote: 'Acme', rects: [] };
    expect(fieldEvidence({ evidence: [], items: [{ value: 'Acme', normalized: null, status: 'verified', evidence: [e] }] })).toEqual([e]);
    expect(fieldEvidence({ evidence: [e], items: null })).toEqual([e]);
  });
});

describe('keyboard', () => {
  it('moves with arrows and j/k, clamped to the list', () => {
    expect(moveFocus(0, 3, 'ArrowDown')).toBe(1);
    expect(moveFocus(2, 3, 'j')).toBe(2);
    expect(moveFocus(0, 3, 'k')).toBe(0);
    expect(moveFocus(1, 3, 'End')).toBe(2);
    expect(moveFocus(1, 3, 'e')).toBeNull();
    expect(moveFocus(0, 0, 'j')).toBeNull();
  });
});

describe('live run', () => {
  const progress = (p: Partial<ExtractionProgress>): ExtractionProgress => ({
    runId: 7,
    documentId: 1,
    template: 'nda',
    phase: 'extracting',
    done: 2,
    total: 10,
    pass: 1,
    passes: 2,
    field: 'parties',
    ...p,
  });
  it('folds progress and the end of its own run only', () => {
    let live = newLiveExtraction(7);
    expect(live.status).toBe('queued');
    live = applyExtractionProgress(live, progress({}));
    expect(live).toMatchObject({ status: 'running', done: 2, total: 10, field: 'parties' });
    expect(applyExtractionProgress(live, progress({ runId: 8, done: 9 }))).toBe(live);
    expect(extractionDetails(live, (k) => k.toUpperCase())).toEqual(['question 3 of 10', 'pass 1 of 2', 'PARTIES']);
    live = applyExtractionDone(live, 7, 'done');
    expect(live.status).toBe('done');
    // Late progress does not revive a finished run.
    expect(applyExtractionProgress(live, progress({ done: 10 }))).toBe(live);
  });

  it('says it waits only while the scheduler says so, and for whom', () => {
    let live = newLiveExtraction(7);
    // Queued with no wait: nothing to claim.
    expect(extractionPhaseLabel(live)).toBe('Starting');
    const wait = { position: 2, behind: { runId: 3, kind: 'summary' as const, documentId: 1, title: 'Lease', priority: 'interactive' as const } };
    live = applyExtractionProgress(live, progress({ phase: 'queued', wait }));
    expect(extractionPhaseLabel(live)).toBe('Waiting for the summary of “Lease”, which a person asked for (second in line)');
    live = applyExtractionProgress(live, progress({ phase: 'extracting', wait: null }));
    expect(extractionPhaseLabel(live)).toBe('Extracting fields');
  });
});

describe('selection to page text', () => {
  const text = 'Services Agreement\nThis agreement is made between Acme Corp and Beta LLC.\nAcme Corp signs.';
  it('finds the selected words ignoring whitespace and case', () => {
    const [s, e] = locateSelection(text, 'made  between\nacme', null)!;
    expect(text.slice(s, e)).toBe('made between Acme');
  });
  it('picks the occurrence nearest the selection position', () => {
    const first = locateSelection(text, 'Acme Corp', 0.4)!;
    const second = locateSelection(text, 'Acme Corp', 0.95)!;
    expect(first[0]).toBe(text.indexOf('Acme Corp'));
    expect(second[0]).toBe(text.lastIndexOf('Acme Corp'));
  });
  it('returns null for text not on the page', () => {
    expect(locateSelection(text, 'Gamma', 0)).toBeNull();
    expect(locateSelection(text, '   ', 0)).toBeNull();
  });
});

describe('downloads', () => {
  it('types exports by extension', () => {
    expect(mimeFor('nda-2026-01-01.csv')).toMatch(/^text\/csv/);
    expect(mimeFor('x.json')).toMatch(/^application\/json/);
    expect(mimeFor('x.bin')).toBe('application/octet-stream');
  });
});

describe('fields that need a person', () => {
  type F = Parameters<typeof needsReview>[0];
  const quote = (ocrConfidence?: number) => ({ page: 1, start: 0, end: 4, quote: 'Acme', rects: [], ...(ocrConfidence === undefined ? {} : { ocrConfidence }) });
  const f = (over: Partial<F>): F => ({ status: 'verified', review: 'none', value: 'Acme', evidence: [quote()], items: undefined, ...over }) as F;

  it('are the unreviewed values, the unsupported and only-cited answers and low-confidence OCR', () => {
    expect(needsReview(f({}))).toBe(true); // a verified value nobody has looked at yet
    expect(needsReview(f({ status: 'unsupported' }))).toBe(true);
    expect(needsReview(f({ status: 'cited' }))).toBe(true);
    expect(needsReview(f({ status: 'not_found', value: null, evidence: [] }))).toBe(false);
    expect(needsReview(f({ status: 'not_found', value: null, evidence: [quote(31)] }))).toBe(true);
    for (const review of ['confirmed', 'edited', 'cleared'] as const) expect(needsReview(f({ review, status: 'unsupported' }))).toBe(false);
  });

  it('are reached with n and p, wrapping around, and skipped when reviewed', () => {
    const fields = [f({ review: 'confirmed' }), f({ status: 'cited' }), f({ status: 'not_found', value: null, evidence: [] }), f({ status: 'unsupported' })];
    expect(nextNeedingReview(fields, 0, 1)).toBe(1);
    expect(nextNeedingReview(fields, 1, 1)).toBe(3);
    expect(nextNeedingReview(fields, 3, 1)).toBe(1); // wraps
    expect(nextNeedingReview(fields, 1, -1)).toBe(3);
    expect(nextNeedingReview(fields, -1, 1)).toBe(1); // nothing focused yet: the first
    expect(nextNeedingReview([f({ review: 'confirmed' })], 0, 1)).toBeNull();
  });
});

