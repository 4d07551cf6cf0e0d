// The Extract panel's sections: fields grouped under their template section ("Patient",
// "Term & renewal"), each with a small review count. Pure: no DOM, no React.
import type { FieldResult } from '../../../../shared/extraction/api';
import { moveFocus, needsReview, nextNeedingReview } from './extraction-state';

/** Where fields without a section go when others have one. */
export const OTHER_SECTION = 'Other fields';

export interface FieldSection<F> {
  /** Stable for the panel's collapsed state: the title without case or extra spaces. */
  readonly id: string;
  /** The heading; null when no field has a section (a template from before sections: no headings). */
  readonly title: string | null;
  readonly fields: readonly F[];
}

const sectionId = (title: string): string => title.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Sections in the order their first field comes in the template, fields in template order
 * within each. "Money" and "money" are one section (the first spelling is the heading); fields
 * without a section come last, under "Other fields".
 */
export function groupBySection<F extends { readonly key: string }>(
  fields: readonly F[],
  sectionOf: (key: string) => string | undefined,
): FieldSection<F>[] {
  const groups = new Map<string, { title: string; fields: F[] }>();
  const unsectioned: F[] = [];
  for (const field of fields) {
    const title = sectionOf(field.key)?.trim();
    if (!title) {
      unsectioned.push(field);
      continue;
    }
    const id = sectionId(title);
    const group = groups.get(id) ?? { title, fields: [] };
    group.fields.push(field);
    groups.set(id, group);
  }
  if (groups.size === 0) return fields.length === 0 ? [] : [{ id: '', title: null, fields: [...fields] }];
  if (unsectioned.length > 0) {
    const other = groups.get(sectionId(OTHER_SECTION)) ?? { title: OTHER_SECTION, fields: [] };
    other.fields.push(...unsectioned);
    groups.set(sectionId(OTHER_SECTION), other);
  }
  return [...groups].map(([id, group]) => ({ id, title: group.title, fields: group.fields }));
}

/** The keyboard's walk: every field of every section, in the order shown. */
export function sectionOrder<F>(sections: readonly FieldSection<F>[]): F[] {
  return sections.flatMap((s) => s.fields);
}

/** The section a field is listed under. */
export function sectionOfField<F extends { readonly key: string }>(sections: readonly FieldSection<F>[], key: string): FieldSection<F> | undefined {
  return sections.find((s) => s.fields.some((f) => f.key === key));
}

/**
 * Where a key press moves the focus, or null when it does not. n / p find the next field that
 * needs review in any section, opening a closed one (the point is not to miss it); the arrows,
 * j / k, Home and End walk the rows that are shown, as in any tree with closed branches.
 */
export function sectionMove<F extends Parameters<typeof needsReview>[0] & { readonly key: string }>(
  sections: readonly FieldSection<F>[],
  collapsed: ReadonlySet<string>,
  focusedKey: string | null,
  key: string,
): { readonly key: string; readonly open: string | null } | null {
  if (key === 'n' || key === 'p') {
    const all = sectionOrder(sections);
    const to = nextNeedingReview(all, all.findIndex((f) => f.key === focusedKey), key === 'n' ? 1 : -1);
    if (to === null) return null;
    const target = all[to]!;
    const section = sectionOfField(sections, target.key)!;
    return { key: target.key, open: collapsed.has(section.id) ? section.id : null };
  }
  const shown = sectionOrder(sections.filter((s) => !collapsed.has(s.id)));
  const to = moveFocus(Math.max(0, shown.findIndex((f) => f.key === focusedKey)), shown.length, key);
  return to === null ? null : { key: shown[to]!.key, open: null };
}

export interface SectionCounts {
  readonly total: number;
  /** Confirmed, edited or cleared by a person. */
  readonly reviewed: number;
  readonly needing: number;
}

type Countable = Parameters<typeof needsReview>[0] & Pick<FieldResult, 'review'>;

export function sectionCounts(fields: readonly Countable[]): SectionCounts {
  return {
    total: fields.length,
    reviewed: fields.filter((f) => f.review !== 'none').length,
    needing: fields.filter(needsReview).length,
  };
}

/** "3 of 5 reviewed · 1 needs review". */
export function sectionCountsLabel({ total, reviewed, needing }: SectionCounts): string {
  const head = `${reviewed} of ${total} reviewed`;
  if (needing === 0) return head;
  return `${head} · ${needing} ${needing === 1 ? 'needs' : 'need'} review`;
}
