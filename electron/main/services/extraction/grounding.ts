// From a model answer to grounded values: cited line ids -> page char ranges, quotes and
// rectangles; each value checked against the text it cites (verifyValue) and normalized by
// type; answers of several passes merged, with differing values kept as alternatives.
// Pure apart from the page lookup passed in: no database, no engine.
import type { Candidate, Evidence, FieldItem, FieldValueData } from '../../../../shared/extraction/api';
import { assertionAt } from '../../../../shared/clinical/assertion';
import { assertionTarget } from '../../../../shared/extraction/assertion';
import { normalizeValue } from '../../../../shared/extraction/normalize';
import { hasAssertion, type ScalarType, type TemplateField } from '../../../../shared/extraction/templates';
import { fold } from '../../../../shared/extraction/text';
import { findQuote, isExtractiveField, verifyValue, type VerifyStatus } from '../../../../shared/extraction/verify';
import type { TextSpan } from '../../../../shared/domain';
import type { NumberedLine } from './numbered-text';

export interface PageSource {
  text(page: number): string;
  spans(page: number): readonly TextSpan[];
  /** The page's OCR confidence when its text came from OCR, else null. */
  ocrConfidence?(page: number): number | null;
}

type Rect = [number, number, number, number];

/**
 * Rectangles covering [start, end) of a page's text: the spans it overlaps, cut in proportion
 * to the characters covered, and boxes on one line joined. A range across a line break (or a
 * hyphenated word) gives one box per line.
 */
export function rectsForRange(spans: readonly TextSpan[], start: number, end: number): Rect[] {
  const rects: Rect[] = [];
  for (const [s, e, x, y, w, h] of spans) {
    const from = Math.max(s, start);
    const to = Math.min(e, end);
    if (to <= from || e <= s) continue;
    const x0 = x + (w * (from - s)) / (e - s);
    const x1 = x + (w * (to - s)) / (e - s);
    const last = rects.at(-1);
    // Same line (vertical overlap) and adjacent: one box.
    if (last && Math.abs(last[1] - y) < Math.min(last[3], h) * 0.5 && x0 >= last[0] && x0 - (last[0] + last[2]) <= h) {
      const right = Math.max(last[0] + last[2], x1);
      const top = Math.min(last[1], y);
      const bottom = Math.max(last[1] + last[3], y + h);
      rects[rects.length - 1] = [last[0], top, right - last[0], bottom - top];
    } else if (x1 > x0 && h > 0) rects.push([x0, y, x1 - x0, h]);
  }
  return rects.map((r) => r.map((v) => Math.round(v * 100) / 100) as Rect);
}

export function evidenceFor(pages: PageSource, page: number, start: number, end: number, extra: Partial<Evidence> = {}): Evidence {
  const ocr = pages.ocrConfidence?.(page) ?? null;
  return {
    page,
    start,
    end,
    quote: pages.text(page).slice(start, end),
    rects: rectsForRange(pages.spans(page), start, end),
    ...(ocr === null ? {} : { ocrConfidence: ocr }),
    ...extra,
  };
}

/** A cited line as evidence, narrowed to the value's words when they are in the line. */
export function lineEvidence(pages: PageSource, line: NumberedLine, value: unknown): Evidence {
  const lineText = pages.text(line.page).slice(line.start, line.end);
  if (typeof value === 'string' && value.trim() !== '') {
    const hit = findQuote(lineText, value);
    if (hit) {
      return evidenceFor(pages, line.page, line.start + hit[0], line.start + hit[1], { lineId: line.id, line: [line.start, line.end] });
    }
  }
  return evidenceFor(pages, line.page, line.start, line.end, { lineId: line.id });
}

/** The full cited text of each evidence entry (the whole line when the range is narrowed). */
export function citedTexts(pages: PageSource, evidence: readonly Evidence[]): string[] {
  return evidence.map((e) => (e.line ? pages.text(e.page).slice(e.line[0], e.line[1]) : e.quote));
}

const RANK: Readonly<Record<VerifyStatus, number>> = { verified: 3, cited: 2, unsupported: 1, not_found: 0 };

/** Worst first for a value made of items: one unsupported item makes the field unsupported. */
export function aggregateStatus(statuses: readonly VerifyStatus[]): VerifyStatus {
  const present = statuses.filter((s) => s !== 'not_found');
  if (present.length === 0) return 'not_found';
  if (present.includes('unsupported')) return 'unsupported';
  if (present.every((s) => s === 'verified')) return 'verified';
  return 'cited';
}

/**
 * An item's assertion status (ConText), computed on the page text around its first evidence:
 * the finding's words within the cited line (or selection), their sentence and the section
 * heading above it. Fields without `assertion: true` get none.
 */
export function withAssertion(field: TemplateField, item: FieldItem, pages: PageSource): FieldItem {
  const e = item.evidence[0];
  if (!hasAssertion(field) || !e) return item;
  const text = pages.text(e.page);
  const [from, to] = e.line ?? [e.start, e.end];
  const hit = findQuote(text.slice(from, to), assertionTarget(field, item.value));
  const [start, end] = hit ? [from + hit[0], from + hit[1]] : [e.start, e.end];
  const a = assertionAt(text, start, Math.max(start + 1, end));
  return { ...item, assertion: { label: a.label, cue: a.cue, source: 'context' } };
}

function normalizeScalar(type: ScalarType, value: unknown, options?: readonly string[]): unknown {
  if (value === null || value === undefined) return null;
  const v = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  return normalizeValue(type, v, options ? { options } : {}).normalized;
}

/** Grounds a value given cited evidence (model lines or a user's selection). */
export function groundValue(field: TemplateField, value: FieldValueData, evidence: readonly Evidence[], pages: PageSource): Omit<Candidate, 'runId'> {
  const texts = citedTexts(pages, evidence);
  const extractive = isExtractiveField(field);
  switch (field.type) {
    case 'list': {
      const list = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : value === null ? [] : [String(value)];
      const items: FieldItem[] = list.map((v) => ({
        value: v,
        normalized: normalizeScalar('text', v),
        status: verifyValue({ type: 'list', value: v, citedTexts: texts, extractive }),
        evidence: [...evidence],
      }));
      return listCandidate(items.map((i) => withAssertion(field, i, pages)));
    }
    case 'table': {
      const rows = Array.isArray(value) ? value.filter((r): r is Record<string, string | number | boolean | null> => typeof r === 'object' && r !== null) : [];
      return listCandidate(rows.map((row) => withAssertion(field, groundRow(field, row, evidence, texts), pages)));
    }
    default: {
      const scalar = Array.isArray(value) ? null : value;
      const status = verifyValue({ type: field.type, value: scalar, citedTexts: texts, extractive });
      return {
        value: status === 'not_found' ? null : scalar,
        normalized: status === 'not_found' ? null : normalizeScalar(field.type, scalar, field.type === 'enum' ? field.options : undefined),
        status,
        evidence: status === 'not_found' ? [] : [...evidence],
        items: null,
      };
    }
  }
}

function groundRow(
  field: Extract<TemplateField, { type: 'table' }>,
  row: Readonly<Record<string, string | number | boolean | null | readonly unknown[]>>,
  evidence: readonly Evidence[],
  texts: readonly string[],
): FieldItem {
  const cells: Record<string, string | number | boolean | null> = {};
  const normalized: Record<string, unknown> = {};
  const statuses: VerifyStatus[] = [];
  for (const column of field.columns) {
    const raw = row[column.key];
    const cell = raw === undefined || Array.isArray(raw) ? null : (raw as string | number | boolean | null);
    cells[column.key] = cell;
    normalized[column.key] = normalizeScalar(column.type, cell, column.type === 'enum' ? column.options : undefined);
    if (cell !== null) statuses.push(verifyValue({ type: column.type, value: cell, citedTexts: texts }));
  }
  return { value: cells, normalized, status: evidence.length === 0 ? 'not_found' : aggregateStatus(statuses), evidence: [...evidence] };
}

function listCandidate(items: readonly FieldItem[]): Omit<Candidate, 'runId'> {
  const kept = items.filter((i) => i.status !== 'not_found');
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const item of kept) {
    for (const e of item.evidence) {
      const k = `${e.page}:${e.start}:${e.end}`;
      if (!seen.has(k)) evidence.push(e);
      seen.add(k);
    }
  }
  return {
    value: kept.map((i) => i.value) as FieldValueData,
    normalized: kept.map((i) => i.normalized),
    status: aggregateStatus(kept.map((i) => i.status)),
    evidence,
    items: kept,
  };
}

// -------------------------------------------------------------------------------------------
// Model answers

interface RawCited {
  readonly evidence?: unknown;
  readonly value?: unknown;
}

/**
 * One field's answer from one pass. `lines` maps the ids the pass showed; an id outside it
 * means the grammar was not applied, which is a bug, so it throws.
 */
export function candidateFromAnswer(
  field: TemplateField,
  answer: unknown,
  lines: ReadonlyMap<string, NumberedLine>,
  pages: PageSource,
  runId: number | null,
): Candidate {
  const toLines = (ids: unknown): NumberedLine[] => {
    if (!Array.isArray(ids)) return [];
    return ids.map((id) => {
      const line = lines.get(String(id));
      if (!line) throw new Error(`The model cited line ${String(id)}, which it was not given.`);
      return line;
    });
  };
  const base = { runId };
  switch (field.type) {
    case 'list': {
      const items: FieldItem[] = [];
      for (const item of Array.isArray(answer) ? (answer as RawCited[]) : []) {
        if (typeof item.value !== 'string') continue;
        const evidence = toLines(item.evidence).map((l) => lineEvidence(pages, l, item.value));
        if (evidence.length === 0) continue;
        const grounded = groundValue(field, [item.value], evidence, pages);
        items.push(...(grounded.items ?? []));
      }
      return { ...listCandidate(items), ...base };
    }
    case 'table': {
      const items: FieldItem[] = [];
      for (const row of Array.isArray(answer) ? (answer as Array<Record<string, unknown>>) : []) {
        const lineList = toLines(row['evidence']);
        if (lineList.length === 0) continue;
        const firstText = field.columns.map((c) => row[c.key]).find((v) => typeof v === 'string');
        const evidence = lineList.map((l) => lineEvidence(pages, l, firstText));
        const texts = citedTexts(pages, evidence);
        items.push(withAssertion(field, groundRow(field, row as Record<string, string | number | boolean | null>, evidence, texts), pages));
      }
      return { ...listCandidate(items), ...base };
    }
    default: {
      const cited = (answer ?? {}) as RawCited;
      const value = cited.value;
      const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
      const evidence = toLines(cited.evidence).map((l) => lineEvidence(pages, l, scalar));
      return { ...groundValue(field, scalar, evidence, pages), ...base };
    }
  }
}

export function emptyCandidate(runId: number | null): Candidate {
  return { value: null, normalized: null, status: 'not_found', evidence: [], items: null, runId };
}

/** A comparison key for a value: same key, same value (folded text, or the normalized form). */
export function valueKey(value: unknown, normalized: unknown): string {
  if (normalized !== null && normalized !== undefined && typeof normalized !== 'string') return JSON.stringify(normalized);
  return typeof value === 'string' ? fold(value) : JSON.stringify(value);
}

export interface Merged {
  readonly primary: Candidate;
  readonly alternatives: Candidate[];
}

/**
 * Merges one field's answers from several passes. Scalars: the best-grounded value wins
 * (verified, then cited, then unsupported; earlier passes first on ties); other values are
 * kept as alternatives; the same value found twice pools its evidence. Lists and tables: the
 * union of items, each value once.
 */
export function mergeCandidates(field: TemplateField, candidates: readonly Candidate[], runId: number | null): Merged {
  const found = candidates.filter((c) => c.status !== 'not_found');
  if (found.length === 0) return { primary: emptyCandidate(runId), alternatives: [] };
  if (field.type === 'list' || field.type === 'table') {
    const seen = new Set<string>();
    const items: FieldItem[] = [];
    for (const c of found) {
      for (const item of c.items ?? []) {
        const k = valueKey(item.value, item.normalized);
        if (seen.has(k)) continue;
        seen.add(k);
        items.push(item);
      }
    }
    return { primary: { ...listCandidate(items), runId }, alternatives: [] };
  }
  const groups = new Map<string, Candidate[]>();
  for (const c of found) {
    const k = valueKey(c.value, c.normalized);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const pooled = [...groups.values()].map((group) => {
    const best = [...group].sort((a, b) => RANK[b.status] - RANK[a.status])[0]!;
    const seen = new Set<string>();
    const evidence = group.flatMap((c) => c.evidence).filter((e) => {
      const k = `${e.page}:${e.start}:${e.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { ...best, evidence };
  });
  const ordered = pooled.map((c, i) => ({ c, i })).sort((a, b) => RANK[b.c.status] - RANK[a.c.status] || a.i - b.i).map((x) => x.c);
  return { primary: ordered[0]!, alternatives: ordered.slice(1) };
}
