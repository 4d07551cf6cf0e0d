// Playbook rules (shared/playbooks): each comparison type against values as a reviewer or the
// model left them, the trust rule (cited only -> needs review), missing values, and hostile
// playbook JSON refused with every problem named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePeriods, containsPhrase, evaluateRule, type RuleFieldInput } from '../../shared/playbooks/evaluate';
import { MAX_PLAYBOOK_CHARS, parsePlaybook, type PlaybookCheck, type PlaybookRule } from '../../shared/playbooks/schema';
import { PROJECT_ROOT } from '../helpers/temp-archive';

function field(value: RuleFieldInput['value'], over: Partial<RuleFieldInput> = {}): RuleFieldInput {
  return { key: 'f', label: 'Governing law', value, status: 'verified', review: 'none', evidence: [{ page: 3, quote: 'governed by the laws of the State of New York' }], extracted: true, ...over };
}

function rule(check: unknown, fieldKey = 'f'): PlaybookRule {
  const parsed = parsePlaybook({ name: 'p', title: 'P', template: 'contract', version: 1, rules: [{ id: 'r', title: 'R', field: fieldKey, check }] });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.playbook.rules[0]!;
}

const run = (check: unknown, input: RuleFieldInput | undefined) => evaluateRule(rule(check), input);
const outcome = (check: unknown, input: RuleFieldInput | undefined) => run(check, input).outcome;

describe('built-in playbooks', () => {
  const dir = path.join(PROJECT_ROOT, 'resources/playbooks');
  it.each(fs.readdirSync(dir).filter((f) => f.endsWith('.json')))('%s is valid and names template fields', (file) => {
    const parsed = parsePlaybook(fs.readFileSync(path.join(dir, file), 'utf8'));
    expect(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n')).toBe(true);
    if (!parsed.ok) return;
    const template = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'resources/templates', `${parsed.playbook.template}.json`), 'utf8')) as { fields: Array<{ key: string }> };
    const keys = new Set(template.fields.map((f) => f.key));
    for (const r of parsed.playbook.rules) expect(keys.has(r.field), `${file}: ${r.id} -> ${r.field}`).toBe(true);
  });

  it('the commercial playbook has at least 8 rules', () => {
    const parsed = parsePlaybook(fs.readFileSync(path.join(dir, 'commercial-standard.json'), 'utf8'));
    expect(parsed.ok && parsed.playbook.rules.length).toBeGreaterThanOrEqual(8);
  });
});

describe('one_of / none_of', () => {
  const law = { type: 'one_of', values: ['New York', 'Delaware'] };
  it('matches whole words, case and punctuation aside', () => {
    const r = run(law, field('State of New York'));
    expect(r.outcome).toBe('meets');
    expect(r.explanation).toBe('Governing law "State of New York" is New York, one of New York, Delaware.');
    expect(r.evidence).toEqual([{ page: 3, quote: 'governed by the laws of the State of New York' }]);
    expect(outcome(law, field('the laws of DELAWARE.'))).toBe('meets');
    expect(outcome(law, field('State of Virginia'))).toBe('deviates');
    expect(outcome(law, field('New Yorkshire'))).toBe('deviates'); // not a whole-word match
    expect(containsPhrase('each-party shall', 'Each party')).toBe(true);
  });
  it('none_of is the opposite', () => {
    expect(outcome({ type: 'none_of', values: ['Texas'] }, field('State of New York'))).toBe('meets');
    expect(outcome({ type: 'none_of', values: ['Texas'] }, field('laws of Texas'))).toBe('deviates');
  });
  it('no value is missing; a cleared value too', () => {
    expect(outcome(law, field(null))).toBe('missing');
    expect(outcome(law, field('State of New York', { review: 'cleared' }))).toBe('missing');
    expect(outcome(law, field(null, { extracted: false }))).toBe('missing');
  });
  it('a value only cited or unsupported needs review and says what it would be', () => {
    const r = run(law, field('State of Virginia', { status: 'unsupported' }));
    expect(r.outcome).toBe('needs_review');
    expect(r.explanation).toMatch(/^Would deviate, but Governing law is unsupported, not verified or confirmed by a reviewer: /);
    expect(outcome(law, field('State of New York', { status: 'cited' }))).toBe('needs_review');
    expect(outcome(law, field('State of New York', { status: 'cited', review: 'confirmed' }))).toBe('meets');
    expect(outcome(law, field('State of Virginia', { status: 'not_found', review: 'edited', evidence: [] }))).toBe('deviates');
  });
  it('a field the template lacks needs review', () => {
    expect(run(law, undefined)).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/no field "f"/) });
  });
});

describe('present / absent (clauses)', () => {
  const clause = (value: boolean | null, over: Partial<RuleFieldInput> = {}) => field(value, { label: 'Non-compete', status: value === null ? 'not_found' : 'cited', ...over });
  it('absent: a reviewer\'s "no" meets; the model finding none needs review; a clause deviates', () => {
    expect(run({ type: 'absent' }, clause(false, { review: 'edited' }))).toMatchObject({ outcome: 'meets', explanation: 'No non-compete clause, as a reviewer recorded.' });
    expect(outcome({ type: 'absent' }, clause(null, { review: 'cleared' }))).toBe('meets');
    expect(outcome({ type: 'absent' }, clause(null))).toBe('needs_review');
    expect(outcome({ type: 'absent' }, clause(null, { extracted: false }))).toBe('missing');
    expect(outcome({ type: 'absent' }, clause(true, { review: 'confirmed' }))).toBe('deviates');
    expect(outcome({ type: 'absent' }, clause(true))).toBe('needs_review'); // only cited
  });
  it('present: a confirmed clause meets; none found is missing; a reviewer\'s "no" deviates', () => {
    expect(outcome({ type: 'present' }, clause(true, { review: 'confirmed' }))).toBe('meets');
    expect(outcome({ type: 'present' }, clause(null))).toBe('missing');
    expect(outcome({ type: 'present' }, clause(false, { review: 'edited' }))).toBe('deviates');
  });
  it('present with mentions reads the clause\'s quotes (mutual indemnification)', () => {
    const mutual = { type: 'present', mentions: ['each party', 'mutual'] };
    const quote = (q: string) => clause(true, { label: 'Indemnification', review: 'confirmed', evidence: [{ page: 7, quote: q }] });
    expect(run(mutual, quote('Each Party shall indemnify and hold harmless the other'))).toMatchObject({ outcome: 'meets', explanation: 'The indemnification clause says "each party".' });
    expect(run(mutual, quote('Distributor shall indemnify Supplier'))).toMatchObject({ outcome: 'deviates', evidence: [{ page: 7, quote: 'Distributor shall indemnify Supplier' }] });
    expect(outcome(mutual, clause(true, { review: 'confirmed', evidence: [] }))).toBe('needs_review');
  });
});

describe('at_least / at_most', () => {
  const notice = (value: string, over: Partial<RuleFieldInput> = {}) => field(value, { label: 'Notice period', ...over });
  it('durations: days, months, years, business days', () => {
    const min60 = { type: 'at_least', kind: 'duration', value: '60 days' };
    expect(run(min60, notice('ninety (90) days'))).toMatchObject({ outcome: 'meets', explanation: 'Notice period "ninety (90) days" (90 days) is at least 60 days.' });
    expect(outcome(min60, notice('thirty (30) days'))).toBe('deviates');
    expect(outcome(min60, notice('sixty days'))).toBe('meets'); // equal
    expect(outcome(min60, notice('three months'))).toBe('meets'); // 89..92 days > 60
    expect(outcome(min60, notice('one month'))).toBe('deviates'); // at most 31 days
    expect(outcome(min60, notice('two months'))).toBe('needs_review'); // 59..62 days: the calendar decides
    expect(outcome(min60, notice('forty (40) business days'))).toBe('deviates'); // 8 weeks: 54 to 56 days
    expect(outcome(min60, notice('fifty (50) business days'))).toBe('meets'); // 68 to 70 days
    expect(outcome({ type: 'at_least', kind: 'duration', value: '1 year' }, notice('twelve (12) months'))).toBe('meets');
    expect(outcome({ type: 'at_most', kind: 'duration', value: '90 days' }, notice('thirty business days'))).toBe('meets');
    expect(outcome({ type: 'at_most', kind: 'duration', value: '30 days' }, notice('two years'))).toBe('deviates');
    expect(run(min60, notice('promptly'))).toMatchObject({ outcome: 'needs_review', explanation: 'Notice period "promptly" cannot be read as a period' });
  });
  it('period order: part by part in the same units, else by day ranges', () => {
    const p = (months: number, days: number, business = false) => ({ months, days, business });
    expect(comparePeriods(p(12, 0), p(12, 0))).toBe('equal');
    expect(comparePeriods(p(3, 0), p(0, 90))).toBe('unknown');
    expect(comparePeriods(p(3, 0), p(0, 93))).toBe('less');
    expect(comparePeriods(p(0, 5, true), p(0, 7))).toBe('less_or_equal'); // 5 business days span 5..7 days
    expect(comparePeriods(p(0, 5, true), p(0, 5))).toBe('greater_or_equal');
    expect(comparePeriods(p(0, 10, true), p(0, 10))).toBe('greater'); // 12..14 days
    expect(comparePeriods(p(48, 0), p(0, 1461))).toBe('equal'); // four years are always 1,461 days (no century in the cycle)
  });
  it('money: the amount, and a currency mismatch needs review', () => {
    const cap = { type: 'at_least', kind: 'money', value: '$1,000,000' };
    expect(outcome(cap, field('Two Million Dollars ($2,000,000)', { label: 'Cap' }))).toBe('meets');
    expect(outcome(cap, field('$500,000', { label: 'Cap' }))).toBe('deviates');
    expect(run(cap, field('EUR 5,000,000', { label: 'Cap' }))).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/currencies differ/) });
  });
  it('months of fees: the period the fees are counted over; a fixed cap needs review', () => {
    const fees = { type: 'at_least', kind: 'months_of_fees', value: '12 months' };
    const cap = (v: string) => field(v, { label: 'Cap on liability', review: 'edited' });
    expect(outcome(fees, cap('the fees paid by Customer in the twelve (12) months preceding the claim'))).toBe('meets');
    expect(outcome(fees, cap('fees paid during the six (6) months before the claim'))).toBe('deviates');
    expect(run(fees, cap('$250,000'))).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/fixed amount \(USD 250,000\); compare it with 1 year of fees by hand/) });
    expect(run(fees, cap('the fees paid under this Agreement'))).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/no period/) });
  });
  it('dates and numbers', () => {
    expect(outcome({ type: 'at_least', kind: 'date', value: '2024-01-01' }, field('March 5, 2024', { label: 'Effective date' }))).toBe('meets');
    expect(outcome({ type: 'at_most', kind: 'date', value: 'January 1, 2024' }, field('March 5, 2024', { label: 'Effective date' }))).toBe('deviates');
    expect(outcome({ type: 'at_most', kind: 'number', value: '10' }, field(12, { label: 'Count' }))).toBe('deviates');
    expect(outcome({ type: 'at_most', kind: 'number', value: 'ten' }, field('7', { label: 'Count' }))).toBe('meets');
  });
  it('a period from the clause\'s quote (confidentiality survives)', () => {
    const survives = { type: 'at_least', kind: 'duration', value: '3 years', from: 'quote', near: ['surviv'] };
    const conf = (quote: string) => field(true, { label: 'Confidentiality', status: 'cited', review: 'confirmed', evidence: [{ page: 4, quote }] });
    expect(run(survives, conf('Within thirty (30) days it returns all materials. These obligations shall survive for five (5) years after termination.'))).toMatchObject({
      outcome: 'meets',
      explanation: 'Confidentiality (5 years, from its quote) is at least 3 years.',
    });
    expect(outcome(survives, conf('This Section shall survive termination for two (2) years.'))).toBe('deviates');
    expect(run(survives, conf('This Section survives for one year, or two years for trade secrets.'))).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/several periods \(1 year, 2 years\)/) });
    expect(run(survives, conf('Recipient keeps it confidential.'))).toMatchObject({ outcome: 'needs_review', explanation: expect.stringMatching(/no period is stated in its quotes near surviv/) });
    expect(outcome(survives, field(null, { label: 'Confidentiality', status: 'not_found', evidence: [] }))).toBe('missing');
  });
});

describe('hostile playbook JSON', () => {
  const base = { name: 'firm', title: 'Firm', template: 'contract', version: 1, rules: [{ id: 'law', title: 'Law', field: 'governing_law', check: { type: 'one_of', values: ['New York'] } }] };
  const errors = (input: unknown): string[] => {
    const parsed = parsePlaybook(input);
    expect(parsed.ok).toBe(false);
    return parsed.ok ? [] : [...parsed.errors];
  };

  it('accepts the base and reads JSON text', () => {
    expect(parsePlaybook(JSON.stringify(base)).ok).toBe(true);
  });
  it('wrong types, each named with its path and the rule id', () => {
    const list = errors({ ...base, version: '1', rules: [{ ...base.rules[0], check: { type: 'one_of', values: 'New York' } }] });
    expect(list.some((e) => e.startsWith('version:'))).toBe(true);
    expect(list.some((e) => e.startsWith('rules[0] (law).check.values:'))).toBe(true);
    expect(errors('{"name": ')[0]).toMatch(/^not valid JSON/);
    expect(errors(null).length).toBeGreaterThan(0);
    expect(errors([base]).length).toBeGreaterThan(0);
  });
  it('unknown operators and keys', () => {
    expect(errors({ ...base, rules: [{ ...base.rules[0], check: { type: 'regex', pattern: '(a+)+$' } }] })[0]).toMatch(/check type must be one of present, absent, one_of, none_of, at_least, at_most/);
    expect(errors({ ...base, rules: [{ ...base.rules[0], check: { type: 'absent', eval: 'x' } }] }).join()).toMatch(/eval/);
    expect(errors({ ...base, script: 'x' }).join()).toMatch(/script/);
    expect(errors({ ...base, rules: [{ ...base.rules[0], check: { type: 'at_least', kind: 'weight', value: '5 kg' } }] }).join()).toMatch(/kind must be one of/);
  });
  it('standards that cannot be read, duplicate ids, from "quote" on a non-period', () => {
    const rules = [
      { id: 'a', title: 'A', field: 'x', check: { type: 'at_least', kind: 'duration', value: 'a while' } },
      { id: 'a', title: 'B', field: 'y', check: { type: 'at_least', kind: 'money', value: '5', from: 'quote' } },
    ];
    const list = errors({ ...base, rules });
    expect(list).toContain('rules[0] (a).check.value: "a while" cannot be read as a period (e.g. "60 days", "3 years")');
    expect(list).toContain('rules[1] (a).id: duplicate rule id "a": ids must be unique');
    expect(list).toContain('rules[1] (a).check.from: from "quote" reads a period: use it with kind "duration"');
  });
  it('prototype-pollution keys anywhere are refused, and nothing is polluted', () => {
    expect(errors(JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`))).toEqual(['__proto__: the key "__proto__" is not allowed']);
    expect(errors(`{"name":"firm","title":"Firm","template":"contract","version":1,"rules":[{"id":"law","title":"Law","field":"governing_law","check":{"type":"absent","__proto__":{"polluted":true}}}]}`)).toEqual([
      'rules[0].check.__proto__: the key "__proto__" is not allowed',
    ]);
    expect(errors({ ...base, constructor: { prototype: {} } })).toEqual(['constructor: the key "constructor" is not allowed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('huge input is refused before parsing; too many rules, too long strings, deep nesting', () => {
    expect(errors('x'.repeat(MAX_PLAYBOOK_CHARS + 1))).toEqual([`the playbook is too large: ${MAX_PLAYBOOK_CHARS + 1} characters, at most ${MAX_PLAYBOOK_CHARS}`]);
    const many = Array.from({ length: 201 }, (_, i) => ({ ...base.rules[0], id: `r${i}` }));
    expect(errors({ ...base, rules: many }).join()).toMatch(/at most 200 rules/);
    expect(errors({ ...base, title: 't'.repeat(201) }).join()).toMatch(/at most 200 characters/);
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = { a: deep };
    expect(errors({ ...base, rules: [{ ...base.rules[0], check: deep }] }).join()).toMatch(/nested too deeply/);
  });
  it('every check type is accepted in its valid form', () => {
    const checks: PlaybookCheck[] = [
      { type: 'present' },
      { type: 'absent' },
      { type: 'one_of', values: ['a'] },
      { type: 'none_of', values: ['a'] },
      { type: 'at_least', kind: 'months_of_fees', value: '12 months', from: 'value' },
      { type: 'at_most', kind: 'date', value: '2030-01-01', from: 'value' },
    ];
    for (const check of checks) expect(rule(check).check).toEqual(check);
  });
});
