// The template editor's form state: a template to a draft and back (validated by the shared
// parser, as the backend does), copies, reordering and the backend's messages per input.
import { describe, expect, it } from 'vitest';
import { parseTemplate, type Template } from '../../shared/extraction/templates';
import { navigationReducer, currentRoute, initialNavigation } from '../../renderer/src/app/routes';
import {
  copyDraft,
  copyName,
  emptyDraft,
  errorsAt,
  fromTemplate,
  moveItem,
  nextKey,
  normalizePath,
  parseValidationErrors,
  toTemplateInput,
} from '../../renderer/src/features/templates/template-draft';

const TEMPLATE: Template = {
  name: 'mini',
  title: 'Mini',
  domain: 'legal',
  version: 2,
  description: 'Test template.',
  fields: [
    { key: 'law', label: 'Governing law', section: 'Law & disputes', type: 'text', instructions: 'The state.', required: true, maxLength: 40, synonyms: ['governed by'] },
    { key: 'mutual', label: 'Mutual', type: 'enum', instructions: 'Mutual or not.', required: false, options: ['mutual', 'one-way'] },
    {
      key: 'meds',
      label: 'Medications',
      section: 'Medications',
      type: 'table',
      instructions: 'Each drug.',
      required: false,
      columns: [
        { key: 'drug', label: 'Drug', type: 'text' },
        { key: 'route', label: 'Route', type: 'enum', options: ['oral', 'iv'] },
      ],
    },
    { key: 'signed', label: 'Signed', type: 'boolean', instructions: 'Signed?', required: false },
  ],
};

describe('template drafts', () => {
  it('round-trips a template through the form', () => {
    const back = parseTemplate(toTemplateInput(fromTemplate(TEMPLATE)));
    expect(back).toEqual({ ok: true, template: TEMPLATE });
  });
  it('keeps a section, and leaves a blank one out (the field goes under "Other fields")', () => {
    const draft = fromTemplate(TEMPLATE);
    expect(draft.fields.map((f) => f.section)).toEqual(['Law & disputes', '', 'Medications', '']);
    const edited = { ...draft, fields: [{ ...draft.fields[0]!, section: '   ' }, { ...draft.fields[1]!, section: ' Terms ' }, ...draft.fields.slice(2)] };
    const back = parseTemplate(toTemplateInput(edited));
    expect(back.ok ? back.template.fields.map((f) => f.section) : back.errors).toEqual([undefined, 'Terms', 'Medications', undefined]);
  });
  it('copies under a free name, as version 1', () => {
    const copy = copyDraft(TEMPLATE, new Set(['mini', 'mini-copy']));
    expect(copy.name).toBe('mini-copy-2');
    expect(copy.title).toBe('Mini (copy)');
    expect(copy.version).toBe(1);
    expect(copyName('nda', new Set())).toBe('nda-copy');
    expect(parseTemplate(toTemplateInput(emptyDraft(new Set(['my-template'])))).ok).toBe(true);
    expect(emptyDraft(new Set(['my-template'])).name).toBe('my-template-2');
  });
  it('reorders and names new fields', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(nextKey([{ key: 'field_1' }, { key: 'field_3' }])).toBe('field_4');
    expect(nextKey([{ key: 'field_2' }])).toBe('field_3');
  });
  it('maps the backend messages to inputs', () => {
    const parsed = parseTemplate({ ...TEMPLATE, name: 'Bad Name', fields: [{ ...TEMPLATE.fields[1], options: ['x'] }, { ...TEMPLATE.fields[0], label: '' }] });
    expect(parsed.ok).toBe(false);
    const message = `The template is not valid:\n- ${(parsed as { readonly errors: readonly string[] }).errors.join('\n- ')}`;
    const errors = parseValidationErrors(message);
    expect(errorsAt(errors, 'name')[0]).toMatch(/lower-case slug/);
    expect(errorsAt(errors, 'fields.0', true).join()).toMatch(/options: an enum needs at least 2 options/);
    expect(errorsAt(errors, 'fields.1', true).join()).toMatch(/label: a label must not be empty/);
    expect(errors.general).toEqual([]);
    expect(normalizePath('fields[3] (allergy_status).columns[0] (drug).key')).toBe('fields.3.columns.0.key');
    expect(parseValidationErrors('"contract" is a built-in template').general).toEqual(['"contract" is a built-in template']);
  });
});

describe('routes of the new screens', () => {
  it('switches templates within the Table and Templates screens without piling up', () => {
    let state = navigationReducer(initialNavigation, { type: 'push', route: { view: 'grid', template: null } });
    state = navigationReducer(state, { type: 'push', route: { view: 'grid', template: 'nda' } });
    expect(state.stack).toHaveLength(2);
    state = navigationReducer(state, {
      type: 'push',
      route: { view: 'document', documentId: 1, page: 2, highlight: null, panel: 'extract', extract: { template: 'nda', field: 'parties' } },
    });
    expect(currentRoute(state)).toMatchObject({ panel: 'extract', extract: { field: 'parties' } });
    state = navigationReducer(state, { type: 'back' });
    expect(currentRoute(state)).toEqual({ view: 'grid', template: 'nda' });
  });
});
