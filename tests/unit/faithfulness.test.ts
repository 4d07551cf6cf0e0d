// Faithful summaries: each date, number (with its unit) and drug name of a bullet must be on
// the pages it cites, after normalizing dates, units and number formats.
import { describe, expect, it } from 'vitest';
import { checkBullet, checkSections, claimsOf, faithfulnessOf } from '../../electron/main/services/summaries/faithfulness';

const PAGE = [
  'Discharge summary. Admitted 2024-03-04 with community acquired pneumonia.',
  'Medications: lisinopril 5 mg daily; metformin 1000 mg twice daily; vitamin B12 1,000 mcg monthly.',
  'Hemoglobin A1c 7.2% on March 1, 2024. Creatinine 1.0 mg/dL. BP 132/84 mmHg. Follow-up in two weeks.',
].join('\n');

const check = (bullet: string, pages: string[] = [PAGE]) => checkBullet(bullet, pages);

describe('bullet support', () => {
  it('supports a bullet whose every claim is on the cited page', () => {
    expect(check('Lisinopril 5 mg daily and metformin 1000 mg twice daily were continued.')).toEqual({ status: 'supported', unsupported: [], claims: 4 });
  });
  it('marks a wrong dose, a wrong date and a drug not in the document', () => {
    expect(check('Lisinopril 50 mg daily.')).toMatchObject({ status: 'check', unsupported: ['50 mg'] });
    expect(check('Admitted on March 14, 2024.')).toMatchObject({ status: 'check', unsupported: ['March 14, 2024'] });
    expect(check('Started on atorvastatin 5 mg.')).toMatchObject({ status: 'check', unsupported: ['atorvastatin'] });
    expect(check('Lisinopril 5 mcg daily.')).toMatchObject({ status: 'check', unsupported: ['5 mcg'] });
  });
  it('normalizes dates, number formats and unit spellings', () => {
    for (const date of ['3/4/2024', 'March 4, 2024', '4 March 2024', '2024-03-04', 'Mar 4 2024']) {
      expect(check(`Admitted ${date} with pneumonia.`).status, date).toBe('supported');
    }
    expect(check('A1c was 7.2% in March 2024.').status).toBe('supported');
    expect(check('Vitamin B12 1000 µg monthly.').status).toBe('supported');
    expect(check('Vitamin B12 1,000 ug monthly.').status).toBe('supported');
    expect(check('Creatinine 1 mg/dL.').status).toBe('supported');
    expect(check('Metformin 1,000.0 mg.').status).toBe('supported');
    expect(check('Follow-up in 2 weeks.').status).toBe('supported');
    expect(check('BP 132/84.').status).toBe('supported');
    expect(check('BP 132/88.')).toMatchObject({ status: 'check', unsupported: ['88'] });
  });
  it('never supports a bullet without a cited page, even one with no claim', () => {
    expect(check('Pneumonia.', [])).toEqual({ status: 'check', unsupported: [], claims: 0 });
    expect(check('Lisinopril 5 mg.', [''])).toMatchObject({ status: 'check', unsupported: ['5 mg', 'Lisinopril'] });
  });
  it('checks only the pages a bullet cites', () => {
    const sections = checkSections(
      [{ key: 'meds', title: 'Medications', bullets: [{ text: 'Metformin 1000 mg.', pages: [1] }, { text: 'Metformin 1000 mg.', pages: [2] }] }],
      (p) => (p === 1 ? PAGE : 'Follow-up in clinic.'),
    );
    expect(sections[0]!.bullets.map((b) => b.support?.status)).toEqual(['supported', 'check']);
    expect(faithfulnessOf(sections)).toEqual({ bullets: 2, supported: 1, share: 0.5 });
    expect(faithfulnessOf([])).toEqual({ bullets: 0, supported: 0, share: null });
  });
  it('reads claims in a hostile bullet and page without running away', () => {
    const page = `${'1,'.repeat(50_000)} ${'March '.repeat(20_000)} ${'12/'.repeat(30_000)}`;
    expect(check('Dose 1 mg on 12/12/2024.', [page]).status).toBe('check');
    expect(claimsOf(`Dose ${'9'.repeat(100_000)} mg`)).toEqual([]); // not a finite number: nothing to claim
  });
});
