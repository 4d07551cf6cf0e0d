// The ConText assertion labeller: each trigger direction, how scopes end, section headings,
// pseudo triggers, and the labeled set's floor (so a trigger-list regression fails CI).
import { describe, expect, it } from 'vitest';
import { assertionAt, assertionOf, findSections, sentences } from '../../shared/clinical/assertion';
import { evaluateAssertions, loadAssertionCases } from '../eval/assertion-eval';

const label = (text: string, target: string): string | undefined => assertionOf(text, target)?.label;

describe('ConText trigger directions', () => {
  it('forward triggers modify what follows', () => {
    expect(label('Patient denies chest pain.', 'chest pain')).toBe('negated');
    expect(label('Rule out pulmonary embolism.', 'pulmonary embolism')).toBe('possible');
    expect(label('Return if fever develops.', 'fever')).toBe('hypothetical');
    expect(label('History of breast cancer.', 'breast cancer')).toBe('historical');
  });
  it('backward triggers modify what precedes', () => {
    expect(label('Pulmonary embolism was ruled out.', 'Pulmonary embolism')).toBe('negated');
    expect(label('Gout is suspected.', 'Gout')).toBe('possible');
    expect(label('Pneumonia two years ago.', 'Pneumonia')).toBe('historical');
    expect(label('Tylenol as needed.', 'Tylenol')).toBe('hypothetical');
  });
  it('bidirectional triggers reach either side', () => {
    expect(label('Mother had diabetes.', 'diabetes')).toBe('family');
    expect(label('Diabetes in his mother.', 'Diabetes')).toBe('family');
    expect(label('Pneumonia versus atelectasis.', 'atelectasis')).toBe('possible');
    expect(label('Pneumonia versus atelectasis.', 'Pneumonia')).toBe('possible');
  });
  it('a negation outranks the other modifiers', () => {
    expect(label('Denies history of stroke.', 'stroke')).toBe('negated');
    expect(label('No family history of colon cancer.', 'colon cancer')).toBe('negated');
  });
  it('a trigger inside the target counts', () => {
    expect(label('Allergies: no known drug allergies.', 'no known drug allergies')).toBe('negated');
  });
});

describe('ConText scopes', () => {
  it('end at a termination term', () => {
    expect(label('Denies fever but reports cough.', 'cough')).toBe('affirmed');
    expect(label('No fever, however she has a rash.', 'rash')).toBe('affirmed');
    expect(label('History of asthma; presents with wheezing.', 'wheezing')).toBe('affirmed');
  });
  it('end at the sentence', () => {
    expect(label('No fever. Cough for three days.', 'Cough')).toBe('affirmed');
    expect(label('No asthma\nHypertension', 'Hypertension')).toBe('affirmed');
  });
  it('end at the maximum distance, not counting punctuation and filler words', () => {
    expect(label('He denies any nausea, any vomiting, any night sweats, any fevers or any chills.', 'chills')).toBe('negated');
    const far = 'No fever was recorded on the ward during the first eight long days of the admission when he developed a rash.';
    expect(label(far, 'rash')).toBe('affirmed');
  });
  it('the last character of a target still finds its sentence', () => {
    const text = 'Cough. No fever.';
    expect(assertionAt(text, text.indexOf('fever'), text.indexOf('fever') + 5).label).toBe('negated');
  });
});

describe('pseudo triggers', () => {
  it('assert nothing', () => {
    expect(label('No increase in pain.', 'pain')).toBe('affirmed');
    expect(label('Not only fatigue but dyspnea.', 'fatigue')).toBe('affirmed');
    expect(label('Blood cultures grew gram negative rods.', 'rods')).toBe('affirmed');
    expect(label('No significant change in the nodule.', 'nodule')).toBe('affirmed');
    expect(label('Tolerated the procedure without difficulty, cellulitis improving.', 'cellulitis')).toBe('affirmed');
    expect(label('HISTORY OF PRESENT ILLNESS: 60-year-old with dyspnea.', 'dyspnea')).toBe('affirmed');
  });
});

describe('sections', () => {
  const note = 'HPI: Cough.\nPast Medical History:\nHypertension\nNo diabetes\n\nFamily history: Stroke in father. Lupus.\nASSESSMENT: Pneumonia.';
  it('set the context of the text under them until the next heading', () => {
    expect(findSections(note).map((s) => [s.heading, s.category])).toEqual([
      ['HPI', null],
      ['Past Medical History', 'historical'],
      ['Family history', 'family'],
      ['ASSESSMENT', null],
    ]);
    expect(label(note, 'Hypertension')).toBe('historical');
    expect(label(note, 'diabetes')).toBe('negated');
    expect(label(note, 'Lupus')).toBe('family');
    expect(label(note, 'Pneumonia')).toBe('affirmed');
    expect(assertionOf(note, 'Lupus')?.cue).toBe('section: Family history');
  });
  it('are found where PDF text lost the space after a period', () => {
    const text = 'The patient denies any weight loss, no nausea and no\nvomiting.PAST MEDICAL HISTORY: Significant for hypertension.ALLERGIES: none.';
    expect(findSections(text).map((s) => s.heading)).toEqual(['PAST MEDICAL HISTORY', 'ALLERGIES']);
    expect(label(text, 'vomiting')).toBe('negated');
    expect(label(text, 'hypertension')).toBe('historical');
    expect(label('Rated 3.5 on the scale. No fever.', 'scale')).toBe('affirmed');
  });
  it('a title-case line that is no known heading stays a sentence', () => {
    expect(label('Mother: hypertension.', 'hypertension')).toBe('family');
  });
  it('headings and list lines cut sentences', () => {
    const text = 'Problems:\n- COPD\n- No asthma\nDr. Smith saw him.';
    expect(sentences(text).map(([s, e]) => text.slice(s, e).trim())).toEqual(['Problems:', '- COPD', '- No asthma', 'Dr. Smith saw him.']);
  });
});

describe('the labeled set', () => {
  const cases = loadAssertionCases();
  const report = evaluateAssertions(cases);
  it('has at least 300 cases of every label, from the corpus and constructed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const c of report.classes) expect(c.support).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.split === 'heldout').length).toBeGreaterThanOrEqual(100);
  });
  it('stays above the floors (NegEx published 77.8% sensitivity, 94.5% specificity)', () => {
    expect(report.negated_recall).toBeGreaterThanOrEqual(0.9);
    expect(report.negated_specificity).toBeGreaterThanOrEqual(0.97);
    expect(report.splits.heldout!.negated_recall).toBeGreaterThanOrEqual(0.778);
    expect(report.splits.heldout!.negated_specificity).toBeGreaterThanOrEqual(0.945);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
