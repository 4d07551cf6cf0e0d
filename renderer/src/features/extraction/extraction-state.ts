// The Extract tab's logic as pure functions: the default template for a document's domain,
// status labels and tones, values formatted by type, the live run folded from
// `extraction:*` events, keyboard movement through fields and parsing an edited value.
// No DOM, no React: unit-tested in Node.
import type { DocumentDomain } from '../../../../shared/domain';
import type {
  Evidence,
  EXTRACTION_PHASES,
  ExtractionProgress,
  FieldResult,
  FieldValueData,
  ReviewState,
  TemplateSummary,
} from '../../../../shared/extraction/api';
import type { FieldType } from '../../../../shared/extraction/templates';
import type { VerifyStatus } from '../../../../shared/extraction/verify';
import type { ModelWait, RunStatus } from '../../../../shared/summaries';
import type { BadgeTone } from '../../components/Badge';
import { evidenceOcrWarning } from '../reader/ocr-quality';
import type { PageRect } from '../../../../shared/page-rects';
import { waitLabel } from '../runs/model-wait';

export type ExtractionPhase = (typeof EXTRACTION_PHASES)[number];

export function defaultTemplateName(domain: DocumentDomain | null | undefined): string {
  switch (domain) {
    case 'medical':
      return 'clinical-record';
    case 'legal':
      return 'contract';
    case 'other':
    case null:
    case undefined:
      return 'contract';
    default:
      return domain satisfies never;
  }
}

/** The domain's default when it exists, else one of the domain, else the first. */
export function pickTemplate(templates: readonly TemplateSummary[], domain: DocumentDomain | null | undefined): string | null {
  const wanted = defaultTemplateName(domain);
  if (templates.some((t) => t.name === wanted)) return wanted;
  return (templates.find((t) => t.domain === domain) ?? templates[0])?.name ?? null;
}

/** What a field row shows: the review state wins over the model's grounding status. */
export type FieldBadge = VerifyStatus | Exclude<ReviewState, 'none'>;

export function fieldBadge(field: Pick<FieldResult, 'status' | 'review'>): FieldBadge {
  return field.review === 'none' ? field.status : field.review;
}

export const BADGE_LABELS: Readonly<Record<FieldBadge, string>> = {
  verified: 'Verified',
  unsupported: 'Unsupported',
  cited: 'Needs review',
  not_found: 'Not found',
  edited: 'Edited',
  confirmed: 'Confirmed',
  cleared: 'Cleared',
};

export const BADGE_HINTS: Readonly<Record<FieldBadge, string>> = {
  verified: 'The value appears in the text it cites.',
  unsupported: 'The model cited text that does not contain this value: check it.',
  cited: 'A judgement with cited text: read the evidence to confirm it.',
  not_found: 'Nothing was found in the document.',
  edited: 'A person set this value.',
  confirmed: 'A person confirmed this value.',
  cleared: 'A person cleared this value.',
};

/** Tones: verified green, unsupported amber, cited blue, not found grey; reviews as in the app. */
export function badgeTone(badge: FieldBadge): BadgeTone {
  switch (badge) {
    case 'verified':
    case 'confirmed':
      return 'success';
    case 'unsupported':
      return 'warning';
    case 'cited':
    case 'edited':
      return 'accent';
    case 'not_found':
    case 'cleared':
      return 'neutral';
    default:
      return badge satisfies never;
  }
}

export function isEmptyValue(value: FieldValueData): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** One scalar as text: booleans as Yes/No, numbers with grouping. */
export function formatScalar(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return value;
}

/** A one-line rendering of any value (grid cells, audit entries, suggestions). */
export function formatValue(type: FieldType, value: FieldValueData): string {
  if (isEmptyValue(value)) return '';
  if (Array.isArray(value)) {
    if (type === 'table') {
      return (value as ReadonlyArray<unknown>)
        .map((row) =>
          row !== null && typeof row === 'object'
            ? Object.values(row as Record<string, string | number | boolean | null>)
                .map(formatScalar)
                .filter(Boolean)
                .join(' · ')
            : String(row),
        )
        .join('; ');
    }
    return (value as ReadonlyArray<unknown>).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return formatScalar(value);
}

/** The text an inline editor starts with. Lists: one item a line; tables: JSON. */
export function editText(type: FieldType, value: FieldValueData): string {
  if (value === null) return '';
  if (type === 'list' && Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  if (type === 'table') return JSON.stringify(value ?? [], null, 2);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export type ParsedEdit = { readonly ok: true; readonly value: FieldValueData } | { readonly ok: false; readonly error: string };

/** The editor's text as a value of the field's type; the backend normalizes and verifies it. */
export function parseEdit(type: FieldType, text: string): ParsedEdit {
  const trimmed = text.trim();
  switch (type) {
    case 'text':
    case 'date':
    case 'money':
    case 'duration':
    case 'enum':
      return { ok: true, value: trimmed === '' ? null : trimmed };
    case 'number': {
      if (trimmed === '') return { ok: true, value: null };
      const n = Number(trimmed.replace(/,/g, ''));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: true, value: trimmed };
    }
    case 'boolean':
      if (trimmed === '') return { ok: true, value: null };
      if (/^(true|yes|y|1)$/i.test(trimmed)) return { ok: true, value: true };
      if (/^(false|no|n|0)$/i.test(trimmed)) return { ok: true, value: false };
      return { ok: false, error: 'Choose Yes or No.' };
    case 'list':
      return { ok: true, value: trimmed.split('\n').map((line) => line.trim()).filter(Boolean) };
    case 'table': {
      if (trimmed === '') return { ok: true, value: [] };
      try {
        const parsed: unknown = JSON.parse(trimmed);
        const rows = Array.isArray(parsed) ? parsed : null;
        const valid =
          rows?.every(
            (row) =>
              row !== null &&
              typeof row === 'object' &&
              !Array.isArray(row) &&
              Object.values(row as Record<string, unknown>).every((cell) => cell === null || ['string', 'number', 'boolean'].includes(typeof cell)),
          ) ?? false;
        return rows && valid
          ? { ok: true, value: rows as Array<Record<string, string | number | boolean | null>> }
          : { ok: false, error: 'A table is a JSON list of rows: [{"column": "value"}, …].' };
      } catch (err) {
        return { ok: false, error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    default:
      return type satisfies never;
  }
}

/** Every evidence item of a field: its own, else its items' (lists and tables). */
export function fieldEvidence(field: Pick<FieldResult, 'evidence' | 'items'>): readonly Evidence[] {
  if (field.evidence.length > 0) return field.evidence;
  return (field.items ?? []).flatMap((item) => item.evidence);
}

export function evidenceRects(evidence: Evidence): PageRect[] {
  return evidence.rects.map(([x, y, w, h]) => ({ x, y, w, h }));
}

/**
 * A field that still needs a person: nobody has reviewed it yet, and it holds a value, or the
 * model's answer is unsupported or only cited, or its evidence comes from a page OCR read with
 * low confidence. Confirmed, edited and cleared fields never do.
 */
export function needsReview(field: Pick<FieldResult, 'status' | 'review' | 'value' | 'evidence' | 'items'>): boolean {
  if (field.review !== 'none') return false;
  if (field.status === 'unsupported' || field.status === 'cited') return true;
  if (fieldEvidence(field).some((e) => evidenceOcrWarning(e) !== null)) return true;
  return field.value !== null;
}

/** The next (or previous) field after `index` that needs review, wrapping around; null when none does. */
export function nextNeedingReview(fields: readonly Parameters<typeof needsReview>[0][], index: number, direction: 1 | -1): number | null {
  for (let step = 1; step <= fields.length; step += 1) {
    const at = (((index + direction * step) % fields.length) + fields.length) % fields.length;
    if (needsReview(fields[at]!)) return at;
  }
  return null;
}

/** The next field index for a key press, or null when the key does not move. */
export function moveFocus(index: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
    case 'k':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** A run this panel started or found in progress, as far as its events have told. */
export interface LiveExtraction {
  readonly runId: number;
  readonly status: RunStatus;
  readonly phase: ExtractionPhase;
  readonly done: number;
  readonly total: number;
  readonly pass: number;
  readonly passes: number;
  readonly field: string | null;
  readonly cancelling: boolean;
  /** Set while the run waits for the model, as the scheduler said. */
  readonly wait: ModelWait | null;
}

export function isRunning(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function newLiveExtraction(runId: number, status: RunStatus = 'queued'): LiveExtraction {
  return { runId, status, phase: status === 'queued' ? 'queued' : 'extracting', done: 0, total: 0, pass: 0, passes: 0, field: null, cancelling: false, wait: null };
}

export function applyExtractionProgress(live: LiveExtraction, event: ExtractionProgress): LiveExtraction {
  if (event.runId !== live.runId || !isRunning(live.status)) return live;
  return {
    ...live,
    status: event.phase === 'queued' ? 'queued' : 'running',
    phase: event.phase,
    done: event.done,
    total: event.total,
    pass: event.pass,
    passes: event.passes,
    field: event.field,
    wait: event.wait ?? null,
  };
}

export function applyExtractionDone(live: LiveExtraction, runId: number, status: RunStatus): LiveExtraction {
  if (runId !== live.runId) return live;
  return { ...live, status, phase: 'finished', cancelling: false, wait: null };
}

const PHASE_LABELS: Readonly<Record<ExtractionPhase, string>> = {
  // Queued with nothing to wait for: the model's line is about to take it.
  queued: 'Starting',
  loading: 'Loading the model',
  reading: 'Reading the document',
  retrieving: 'Finding the passages for each field',
  extracting: 'Extracting fields',
  finished: 'Checking the answers',
};

/** What the run is doing, or whom it waits for while it waits for the model. */
export function extractionPhaseLabel(live: Pick<LiveExtraction, 'phase' | 'wait'>): string {
  return live.wait ? waitLabel(live.wait) : PHASE_LABELS[live.phase];
}

/** "question 3 of 20" (fields x passes), "pass 1 of 2": only what is known yet. */
export function extractionDetails(live: LiveExtraction, labelOf: (key: string) => string = (k) => k): string[] {
  const out: string[] = [];
  if (live.total > 0) out.push(`question ${Math.min(live.total, live.done + (live.phase === 'extracting' ? 1 : 0))} of ${live.total}`);
  if (live.passes > 1) out.push(`pass ${Math.max(1, live.pass)} of ${live.passes}`);
  if (live.field && live.phase === 'extracting') out.push(labelOf(live.field));
  return out;
}

export function extractionFraction(live: LiveExtraction): number | null {
  if (live.total <= 0) return null;
  return Math.min(1, Math.max(0, live.done / live.total));
}

/** Counts per badge, for the header line ("3 verified · 1 needs review"). */
export function badgeCounts(fields: readonly Pick<FieldResult, 'status' | 'review'>[]): Array<[FieldBadge, number]> {
  const counts = new Map<FieldBadge, number>();
  for (const f of fields) counts.set(fieldBadge(f), (counts.get(fieldBadge(f)) ?? 0) + 1);
  const order: FieldBadge[] = ['verified', 'confirmed', 'edited', 'cited', 'unsupported', 'not_found', 'cleared'];
  return order.filter((b) => counts.has(b)).map((b) => [b, counts.get(b)!]);
}
