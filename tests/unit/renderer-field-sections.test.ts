// The Extract panel's sections: grouping in template order, the "Other fields" group, the
// per-section review counts, and the keys walking across sections (n / p opening a closed one).
import { describe, expect, it } from 'vitest';
import type { FieldResult } from '../../shared/extraction/api';
import {
  groupBySection,
  OTHER_SECTION,
  sectionCounts,
  sectionCountsLabel,
  sectionMove,
  sectionOrder,
} from '../../renderer/src/features/extraction/field-sections';

type F = Pick<FieldResult, 'key' | 'status' | 'review' | 'value' | 'evidence' | 'items'>;
const quote = { page: 1, start: 0, end: 4, quote: 'Acme', rects: [] };
/** A field nobody has reviewed, with a verified value: it needs review. */
const f = (key: string, over: Partial<F> = {}): F => ({ key, status: 'verified', review: 'none', value: 'x', evidence: [quote], items: null, ...over });
const done = (key: string) => f(key, { review: 'confirmed' });
const empty = (key: string) => f(key, { status: 'not_found', value: null, evidence: [] });

const keys = (sections: ReturnType<typeof groupBySection<F>>) => sections.map((s) => [s.title, s.fields.map((x) => x.key)]);

describe('grouping fields by section', () => {
  const sectionOf = (map: Record<string, string>) => (key: string) => map[key];

  it('orders sections by their first field and keeps template order inside each', () => {
    const fields = [f('name'), f('start'), f('rent'), f('end'), f('deposit')];
    const sections = groupBySection(fields, sectionOf({ name: 'Parties', start: 'Term', rent: 'Money', end: 'Term', deposit: 'Money' }));
    expect(keys(sections)).toEqual([
      ['Parties', ['name']],
      ['Term', ['start', 'end']],
      ['Money', ['rent', 'deposit']],
    ]);
    expect(sectionOrder(sections).map((x) => x.key)).toEqual(['name', 'start', 'end', 'rent', 'deposit']);
  });

  it('puts fields without a section last under "Other fields", merged with a section of that name', () => {
    const fields = [f('a'), f('b'), f('c')];
    expect(keys(groupBySection(fields, sectionOf({ b: 'Money' })))).toEqual([
      ['Money', ['b']],
      [OTHER_SECTION, ['a', 'c']],
    ]);
    expect(keys(groupBySection(fields, sectionOf({ a: 'other  FIELDS', b: 'Money' })))).toEqual([
      ['other  FIELDS', ['a', 'c']],
      ['Money', ['b']],
    ]);
  });

  it('gives a template without sections one group and no heading', () => {
    const sections = groupBySection([f('a'), f('b')], () => undefined);
    expect(sections).toEqual([{ id: '', title: null, fields: [f('a'), f('b')] }]);
    expect(groupBySection([], () => 'X')).toEqual([]);
  });

  it('treats sections that differ only in case or spacing as one, headed by the first spelling', () => {
    const sections = groupBySection([f('a'), f('b'), f('c')], sectionOf({ a: 'Term & renewal', b: 'term &  Renewal ', c: 'Money' }));
    expect(keys(sections)).toEqual([
      ['Term & renewal', ['a', 'b']],
      ['Money', ['c']],
    ]);
    expect(sections[0]!.id).toBe('term & renewal');
  });
});

describe('section counts', () => {
  it('counts reviewed fields and those still needing review', () => {
    const counts = sectionCounts([done('a'), f('b', { review: 'edited' }), f('c', { review: 'cleared' }), f('d', { status: 'cited' }), empty('e')]);
    expect(counts).toEqual({ total: 5, reviewed: 3, needing: 1 });
    expect(sectionCountsLabel(counts)).toBe('3 of 5 reviewed · 1 needs review');
    expect(sectionCountsLabel({ total: 4, reviewed: 0, needing: 2 })).toBe('0 of 4 reviewed · 2 need review');
    expect(sectionCountsLabel({ total: 2, reviewed: 2, needing: 0 })).toBe('2 of 2 reviewed');
  });
});

describe('keys across sections', () => {
  // Parties: name (done), party; Term: start (needs), end (empty); Money: rent (needs)
  const fields = [done('name'), f('party'), f('start'), empty('end'), f('rent')];
  const sections = groupBySection(fields, (k) => ({ name: 'Parties', party: 'Parties', start: 'Term', end: 'Term', rent: 'Money' })[k]);
  const none = new Set<string>();

  it('n and p walk the fields that need review in order across sections, wrapping', () => {
    expect(sectionMove(sections, none, 'name', 'n')).toEqual({ key: 'party', open: null });
    expect(sectionMove(sections, none, 'party', 'n')).toEqual({ key: 'start', open: null });
    expect(sectionMove(sections, none, 'start', 'n')).toEqual({ key: 'rent', open: null });
    expect(sectionMove(sections, none, 'rent', 'n')).toEqual({ key: 'party', open: null });
    expect(sectionMove(sections, none, 'party', 'p')).toEqual({ key: 'rent', open: null });
    expect(sectionMove(sections, none, null, 'n')).toEqual({ key: 'party', open: null });
  });

  it('n into a closed section lands there and says to open it', () => {
    expect(sectionMove(sections, new Set(['term']), 'party', 'n')).toEqual({ key: 'start', open: 'term' });
    expect(sectionMove(sections, new Set(['money']), 'name', 'p')).toEqual({ key: 'rent', open: 'money' });
  });

  it('arrows walk only the rows shown, skipping closed sections', () => {
    const closed = new Set(['term']);
    expect(sectionMove(sections, closed, 'party', 'ArrowDown')).toEqual({ key: 'rent', open: null });
    expect(sectionMove(sections, closed, 'rent', 'k')).toEqual({ key: 'party', open: null });
    expect(sectionMove(sections, closed, 'name', 'End')).toEqual({ key: 'rent', open: null });
    expect(sectionMove(sections, none, 'party', 'j')).toEqual({ key: 'start', open: null });
    expect(sectionMove(sections, new Set(['parties', 'term', 'money']), 'name', 'ArrowDown')).toBeNull();
  });

  it('does nothing when no field needs review, or for other keys', () => {
    const reviewed = groupBySection([done('a'), empty('b')], () => 'S');
    expect(sectionMove(reviewed, none, 'a', 'n')).toBeNull();
    expect(sectionMove(sections, none, 'name', 'x')).toBeNull();
  });
});
