// Templates: the built-in files parse, the contract template covers CUAD, bad templates get
// readable errors, and the output schema stays inside what node-llama-cpp turns into a
// grammar, with evidence limited to exactly the ids the model was shown.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldQuestion, fieldSchema } from '../../electron/main/services/extraction/prompt';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import {
  parseTemplate,
  templateToJsonSchema,
  type JsonSchema,
  type Template,
  type TemplateInput,
} from '../../shared/extraction';
// node-llama-cpp's own JSON-schema-to-GBNF converter and output validator: pure JS, no native
// binding. They are not in the package's exports map, hence the file path; if an upgrade
// moves them, update the path (3.21.1: dist/utils/gbnfJson).
import { getGbnfGrammarForGbnfJsonSchema } from '../../node_modules/node-llama-cpp/dist/utils/gbnfJson/getGbnfGrammarForGbnfJsonSchema.js';
import { validateObjectAgainstGbnfSchema } from '../../node_modules/node-llama-cpp/dist/utils/gbnfJson/utils/validateObjectAgainstGbnfSchema.js';

const TEMPLATE_DIR = runtimeAssets().templatesDir;
const FILES = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'));

function load(name: string): Template {
  const result = parseTemplate(readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8'));
  if (!result.ok) throw new Error(`${name}: ${result.errors.join('; ')}`);
  return result.template;
}

type Gbnf = Parameters<typeof getGbnfGrammarForGbnfJsonSchema>[0];
const asGbnf = (schema: JsonSchema): Gbnf => schema as unknown as Gbnf;

describe('built-in templates', () => {
  it('ships the five expected templates', () => {
    expect(FILES.sort()).toEqual([
      'clinical-record.json',
      'contract.json',
      'discharge-summary.json',
      'lease-abstract.json',
      'nda.json',
    ]);
  });

  it.each(FILES)('%s parses, and its name is its file name', (file) => {
    const result = parseTemplate(readFileSync(path.join(TEMPLATE_DIR, file), 'utf8'));
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(`${result.template.name}.json`).toBe(file);
    for (const field of result.template.fields) {
      expect(field.instructions.length, field.key).toBeGreaterThan(30);
      expect(field.synonyms?.length ?? 0, `${field.key} synonyms`).toBeGreaterThan(0);
    }
  });

  // Sections only group the Extract panel: the question and the grammar a field gets are the
  // same with or without one, which is why the built-ins kept their version (and the prompt
  // its PROMPT_VERSION) when they gained sections.
  it.each(FILES)('%s: every field has a section, and the section never reaches the model', (file) => {
    const template = load(file.replace(/\.json$/, ''));
    const sections = new Set(template.fields.map((f) => f.section));
    expect(sections.has(undefined)).toBe(false);
    expect(sections.size).toBeGreaterThan(2);
    expect(sections.size).toBeLessThan(template.fields.length);
    const limits = { maxListItems: 5, maxEvidence: 3 };
    for (const field of template.fields) {
      const { section: _section, ...without } = field;
      expect(fieldQuestion(field)).toBe(fieldQuestion(without));
      expect(fieldQuestion({ ...field, section: 'Zebra heading' })).not.toContain('Zebra');
      expect(fieldSchema(field, ['p1-l1'], limits)).toEqual(fieldSchema(without, ['p1-l1'], limits));
    }
  });

  it('contract covers the 41 CUAD categories plus indemnification, confidentiality, force majeure', () => {
    const t = load('contract');
    expect(t.domain).toBe('legal');
    const cuad = [
      'document_name', 'parties', 'agreement_date', 'effective_date', 'expiration_date', 'renewal_term',
      'notice_period_to_terminate_renewal', 'governing_law', 'most_favored_nation', 'non_compete', 'exclusivity',
      'no_solicit_of_customers', 'competitive_restriction_exception', 'no_solicit_of_employees', 'non_disparagement',
      'termination_for_convenience', 'rofr_rofo_rofn', 'change_of_control', 'anti_assignment', 'revenue_profit_sharing',
      'price_restrictions', 'minimum_commitment', 'volume_restriction', 'ip_ownership_assignment', 'joint_ip_ownership',
      'license_grant', 'non_transferable_license', 'affiliate_license_licensor', 'affiliate_license_licensee',
      'unlimited_all_you_can_eat_license', 'irrevocable_or_perpetual_license', 'source_code_escrow',
      'post_termination_services', 'audit_rights', 'uncapped_liability', 'cap_on_liability', 'liquidated_damages',
      'warranty_duration', 'insurance', 'covenant_not_to_sue', 'third_party_beneficiary',
    ];
    expect(cuad).toHaveLength(41);
    expect(t.fields.map((f) => f.key)).toEqual([...cuad, 'indemnification', 'confidentiality', 'force_majeure']);

    const typeOf = Object.fromEntries(t.fields.map((f) => [f.key, f.type]));
    expect(typeOf).toMatchObject({
      document_name: 'text',
      parties: 'list',
      agreement_date: 'date',
      effective_date: 'date',
      expiration_date: 'date',
      renewal_term: 'duration',
      notice_period_to_terminate_renewal: 'duration',
      warranty_duration: 'duration',
      governing_law: 'text',
      cap_on_liability: 'money',
    });
    const valued = new Set(['document_name', 'parties', 'agreement_date', 'effective_date', 'expiration_date', 'renewal_term',
      'notice_period_to_terminate_renewal', 'governing_law', 'cap_on_liability', 'warranty_duration']);
    for (const field of t.fields) {
      if (!valued.has(field.key)) expect(field.type, field.key).toBe('boolean');
    }
  });

  it('clinical record keeps "no known allergies" apart from "not stated"', () => {
    const t = load('clinical-record');
    expect(t.domain).toBe('medical');
    const status = t.fields.find((f) => f.key === 'allergy_status');
    expect(status).toMatchObject({ type: 'enum', options: ['no known allergies', 'allergies documented', 'not stated'] });
    const columns = (key: string) => {
      const f = t.fields.find((x) => x.key === key);
      return f?.type === 'table' ? f.columns.map((c) => c.key) : [];
    };
    expect(columns('problems_and_diagnoses')).toEqual(['diagnosis', 'icd10_code', 'status']);
    expect(columns('medications')).toEqual(['name', 'dose', 'route', 'frequency']);
    expect(columns('allergies')).toEqual(['substance', 'reaction']);
    expect(columns('labs')).toEqual(['name', 'value', 'unit', 'date']);
    expect(columns('vitals')).toEqual(['name', 'value', 'unit']);
    expect(t.fields.map((f) => f.key)).toEqual(expect.arrayContaining([
      'patient_name', 'date_of_birth', 'mrn', 'encounter_dates', 'provider', 'chief_complaint', 'procedures', 'plan', 'follow_up',
    ]));
  });

  it('nda, lease and discharge summary have their key fields', () => {
    expect(load('nda').fields.find((f) => f.key === 'mutuality')).toMatchObject({ type: 'enum', options: ['mutual', 'one-way'] });
    expect(load('lease-abstract').fields.find((f) => f.key === 'base_rent')?.type).toBe('money');
    expect(load('discharge-summary').fields.find((f) => f.key === 'discharge_medications')?.type).toBe('table');
  });
});

const VALID: TemplateInput = {
  name: 'test-template',
  title: 'Test',
  domain: 'other',
  version: 1,
  description: '',
  fields: [
    { key: 'title', label: 'Title', type: 'text', instructions: 'The title.' },
    { key: 'status', label: 'Status', type: 'enum', instructions: 'The status.', options: ['open', 'closed'] },
  ],
};

function errorsOf(input: unknown): readonly string[] {
  const result = parseTemplate(input);
  return result.ok ? [] : result.errors;
}

function withFields(...fields: unknown[]): unknown {
  return { ...VALID, fields };
}

describe('parseTemplate errors', () => {
  it('accepts a minimal template and fills defaults', () => {
    const result = parseTemplate(JSON.stringify(VALID));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.template.fields[0]?.required).toBe(false);
  });

  it('takes an optional section per field, trimmed, and keeps old templates without one valid', () => {
    const result = parseTemplate({ ...VALID, fields: [{ ...VALID.fields[0], section: '  Term & renewal ' }, VALID.fields[1]] });
    expect(result.ok ? result.template.fields.map((f) => f.section) : result.errors).toEqual(['Term & renewal', undefined]);
    const longest = parseTemplate(withFields({ ...VALID.fields[0], section: 'S'.repeat(40) }));
    expect(longest.ok).toBe(true);
  });

  it('reports invalid JSON', () => {
    expect(errorsOf('{"name": ')[0]).toMatch(/^not valid JSON/);
  });

  it.each([
    ['duplicate keys', withFields(VALID.fields[0], { ...VALID.fields[0], label: 'Again' }), /fields\[1\] \(title\)\.key: duplicate field key "title"/],
    ['an enum with one option', withFields({ key: 'x', label: 'X', type: 'enum', instructions: 'i', options: ['only'] }), /fields\[0\] \(x\)\.options: an enum needs at least 2 options/],
    ['a table without columns', withFields({ key: 't', label: 'T', type: 'table', instructions: 'i', columns: [] }), /fields\[0\] \(t\)\.columns: a table needs at least 1 column/],
    ['a key that is not snake_case', withFields({ key: 'Party Name', label: 'P', type: 'text', instructions: 'i' }), /fields\[0\] \(Party Name\)\.key: a key must be snake_case.*"Party Name"/],
    ['an unknown type', withFields({ key: 'x', label: 'X', type: 'string', instructions: 'i' }), /fields\[0\] \(x\)\.type: a field type must be one of text, date/],
    ['a misspelled property', withFields({ key: 'x', label: 'X', type: 'text', instructions: 'i', synonym: ['a'] }), /fields\[0\] \(x\).*synonym/],
    ['options on a non-enum field', withFields({ key: 'x', label: 'X', type: 'text', instructions: 'i', options: ['a', 'b'] }), /fields\[0\] \(x\).*options/],
    ['empty instructions', withFields({ key: 'x', label: 'X', type: 'text', instructions: '  ' }), /fields\[0\] \(x\)\.instructions: instructions must not be empty/],
    ['a column named evidence', withFields({ key: 't', label: 'T', type: 'table', instructions: 'i', columns: [{ key: 'evidence', label: 'E', type: 'text' }] }), /columns\[0\] \(evidence\)\.key: "evidence" is reserved/],
    ['duplicate column keys', withFields({ key: 't', label: 'T', type: 'table', instructions: 'i', columns: [{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'date' }] }), /duplicate column key "a" in table "t"/],
    ['duplicate options', withFields({ key: 'x', label: 'X', type: 'enum', instructions: 'i', options: ['Yes', 'yes'] }), /duplicate option "yes"/],
    ['a table column of type list', withFields({ key: 't', label: 'T', type: 'table', instructions: 'i', columns: [{ key: 'a', label: 'A', type: 'list' }] }), /columns\[0\] \(a\)\.type: a column type must be one of/],
    ['no fields', withFields(), /^fields: a template needs at least 1 field/],
    ['a bad name', { ...VALID, name: 'My Template' }, /^name: name must be a lower-case slug/],
    ['a bad domain', { ...VALID, domain: 'finance' }, /^domain:/],
    ['a fractional version', { ...VALID, version: 1.5 }, /^version: version must be an integer/],
    ['an over-long section', withFields({ ...VALID.fields[0], section: 'S'.repeat(41) }), /fields\[0\] \(title\)\.section: a section has at most 40 characters/],
    ['a section that is not text', withFields({ ...VALID.fields[0], section: 7 }), /fields\[0\] \(title\)\.section: a section is a short label in words/],
    ['a section given as a list', withFields({ ...VALID.fields[0], section: ['Patient'] }), /fields\[0\] \(title\)\.section: a section is a short label/],
    ['an empty section', withFields({ ...VALID.fields[0], section: '   ' }), /fields\[0\] \(title\)\.section: a section must not be empty/],
    ['a section over two lines', withFields({ ...VALID.fields[0], section: 'Patient\nname' }), /\.section: a section is one line of plain words/],
    ['a section with a bidi override', withFields({ ...VALID.fields[0], section: 'Pat\u202eient' }), /\.section: a section is one line of plain words/],
    ['a section on a table column', withFields({ key: 't', label: 'T', type: 'table', instructions: 'i', columns: [{ key: 'a', label: 'A', type: 'text', section: 'X' }] }), /columns\[0\] \(a\).*section/],
  ])('rejects %s with a readable message', (_name, input, expected) => {
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });
});

// ---------------------------------------------------------------------------------------

/** Keywords node-llama-cpp 3.x turns into GBNF (dist/utils/gbnfJson/types.d.ts), minus $ref/$defs/prefixItems/format which we do not need. */
const ALLOWED_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems',
  'enum', 'const', 'oneOf', 'minLength', 'maxLength', 'description',
]);

interface Walked {
  schema: Record<string, unknown>;
  at: string;
}

function walk(schema: unknown, at = '$', out: Walked[] = []): Walked[] {
  const s = schema as Record<string, unknown>;
  out.push({ schema: s, at });
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${at}.${k}`, out);
  if (s.items) walk(s.items, `${at}[]`, out);
  (s.oneOf as unknown[] | undefined)?.forEach((v, i) => walk(v, `${at}|${i}`, out));
  return out;
}

describe('templateToJsonSchema', () => {
  const templates = FILES.map((f) => load(f.replace(/\.json$/, '')));

  it.each(templates.map((t) => [t.name, t] as const))('%s: only the supported subset, every array and string bounded', (_name, template) => {
    const schema = templateToJsonSchema(template, { evidenceIds: [1, 2, 3], maxListItems: 5 });
    for (const { schema: node, at } of walk(schema)) {
      for (const key of Object.keys(node)) expect(ALLOWED_KEYWORDS.has(key), `${at}: ${key}`).toBe(true);
      if (node.type === 'array') expect(typeof node.maxItems, `${at}.maxItems`).toBe('number');
      if (node.type === 'string') expect(typeof node.maxLength, `${at}.maxLength`).toBe('number');
      if (Array.isArray(node.type)) expect(node.type, at).not.toContain('string');
      if (node.type === 'object') {
        expect(node.additionalProperties, at).toBe(false);
        expect(node.required, at).toEqual(Object.keys(node.properties as object));
      }
    }
    // node-llama-cpp accepts it (its converter throws or falls back to "any" on what it does not know)
    expect(() => getGbnfGrammarForGbnfJsonSchema(asGbnf(schema))).not.toThrow();
  });

  it('keeps fields in template order and evidence before the value', () => {
    const template = load('contract');
    const schema = templateToJsonSchema(template, { evidenceIds: [1] });
    expect(Object.keys((schema as { properties: object }).properties)).toEqual(template.fields.map((f) => f.key));
    for (const { schema: node } of walk(schema)) {
      if (node.type === 'object' && node.properties && 'evidence' in (node.properties as object)) {
        expect(Object.keys(node.properties as object)[0]).toBe('evidence');
      }
    }
    const grammar = getGbnfGrammarForGbnfJsonSchema(asGbnf(schema));
    expect(grammar.indexOf('\\"document_name\\"')).toBeLessThan(grammar.indexOf('\\"parties\\"'));
  });

  it.each([
    ['numbers', [3, 7, 12, 40]],
    ['strings', ['p1-l3', 'p2-l1']],
  ] as const)('limits evidence to exactly the given ids (%s)', (_kind, ids) => {
    const schema = templateToJsonSchema(load('clinical-record'), { evidenceIds: ids });
    let enums = 0;
    for (const { schema: node, at } of walk(schema)) {
      if (at.endsWith('.evidence[]') || at.endsWith('.evidence')) {
        if ('enum' in node) {
          expect(node.enum, at).toEqual([...ids]);
          enums++;
        }
      }
    }
    expect(enums).toBeGreaterThan(10);
  });

  it('the grammar accepts found and not-found answers, and rejects a value without evidence', () => {
    const template = parseTemplate({
      ...VALID,
      fields: [
        { key: 'when', label: 'When', type: 'date', instructions: 'The date.' },
        { key: 'flag', label: 'Flag', type: 'boolean', instructions: 'A clause.' },
        { key: 'kind', label: 'Kind', type: 'enum', instructions: 'Kind.', options: ['a b', 'c'] },
        { key: 'count', label: 'Count', type: 'number', instructions: 'How many.' },
        { key: 'names', label: 'Names', type: 'list', instructions: 'Names.' },
        {
          key: 'rows', label: 'Rows', type: 'table', instructions: 'Rows.',
          columns: [{ key: 'name', label: 'Name', type: 'text' }, { key: 'amount', label: 'Amount', type: 'money' }],
        },
      ],
    });
    if (!template.ok) throw new Error(template.errors.join('\n'));
    const schema = asGbnf(templateToJsonSchema(template.template, { evidenceIds: [1, 2, 3], maxListItems: 2, maxEvidence: 2 }));
    const found = {
      when: { evidence: [1], value: 'January 5, 2021' },
      flag: { evidence: [2, 3], value: true },
      kind: { evidence: [3], value: 'a b' },
      count: { evidence: [1], value: 30 },
      names: [{ evidence: [1], value: 'Acme' }],
      rows: [{ evidence: [2], name: 'Fee', amount: null }],
    };
    const notFound = {
      when: { evidence: [], value: null },
      flag: { evidence: [], value: null },
      kind: { evidence: [], value: null },
      count: { evidence: [], value: null },
      names: [],
      rows: [],
    };
    expect(validateObjectAgainstGbnfSchema(found, schema)).toBe(true);
    expect(validateObjectAgainstGbnfSchema(notFound, schema)).toBe(true);
    const bad = (patch: object) => () => validateObjectAgainstGbnfSchema({ ...found, ...patch }, schema);
    expect(bad({ when: { evidence: [], value: 'January 5, 2021' } })).toThrow(); // a value with no evidence
    expect(bad({ when: { evidence: [1], value: null } })).toThrow(); // evidence but no value
    expect(bad({ when: { evidence: [9], value: 'x' } })).toThrow(); // an id the model was not shown
    expect(bad({ when: { evidence: [1, 2, 3], value: 'x' } })).toThrow(); // more than maxEvidence
    expect(bad({ kind: { evidence: [1], value: 'A B' } })).toThrow(); // not an option
    expect(bad({ names: [{ evidence: [], value: 'Acme' }] })).toThrow(); // a list item without evidence
    expect(bad({ names: [1, 2, 3].map(() => ({ evidence: [1], value: 'x' })) })).toThrow(); // over maxListItems
    expect(bad({ when: { value: 'x', evidence: [1], extra: 1 } })).toThrow(); // unknown key
  });

  it('with no evidence ids, every field can only be empty', () => {
    const schema = asGbnf(templateToJsonSchema(load('nda'), { evidenceIds: [] }));
    expect(() => getGbnfGrammarForGbnfJsonSchema(schema)).not.toThrow();
    const empty = Object.fromEntries(
      load('nda').fields.map((f) => [f.key, f.type === 'list' || f.type === 'table' ? [] : { evidence: [], value: null }]),
    );
    expect(validateObjectAgainstGbnfSchema(empty, schema)).toBe(true);
    expect(() => validateObjectAgainstGbnfSchema({ ...empty, governing_law: { evidence: [], value: 'Delaware' } }, schema)).toThrow();
  });

  it('deduplicates ids and bounds list sizes', () => {
    const schema = templateToJsonSchema(load('nda'), { evidenceIds: [1, 1, 2], maxListItems: 3 });
    const nodes = walk(schema);
    const parties = nodes.find((n) => n.at === '$.parties');
    expect(parties?.schema.maxItems).toBe(3);
    const evidence = nodes.find((n) => n.at === '$.parties[].evidence[]');
    expect(evidence?.schema.enum).toEqual([1, 2]);
  });
});
