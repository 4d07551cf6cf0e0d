// guessDomain: cue-word density decides medical, legal or other.
import { describe, expect, it } from 'vitest';
import { guessDomain } from '../../electron/main/services/importer/domain-guess';

const MEDICAL = `DISCHARGE SUMMARY. Chief complaint: shortness of breath. History of present illness: the patient
is a 67-year-old man with COPD. Medications: albuterol, prednisone 40 mg daily. Allergies: penicillin.
Vital signs stable. Diagnosis: acute exacerbation of COPD. The physician prescribed a short course of therapy.`;

const LEGAL = `This Agreement is entered into by and between the parties hereto. WHEREAS the Contractor shall
provide the services described herein; the parties hereby agree as follows. Governing law: this Agreement
shall be governed by the laws of the State of New York. Either party may terminate this Agreement upon
breach. Indemnification and limitation of liability are set out in Section 9.`;

const OTHER = `The quarterly newsletter covers the garden club's spring planting, a recipe for rhubarb crumble,
and photographs from the annual village fair. Volunteers are welcome to help set up the marquee on Saturday.`;

describe('guessDomain', () => {
  it('recognises a clinical note as medical', () => {
    expect(guessDomain(MEDICAL)).toBe('medical');
  });

  it('recognises a contract as legal', () => {
    expect(guessDomain(LEGAL)).toBe('legal');
  });

  it('calls text without enough cue words other', () => {
    expect(guessDomain(OTHER)).toBe('other');
    expect(guessDomain('')).toBe('other');
    expect(guessDomain('   \n ')).toBe('other');
  });

  it('is case-insensitive and matches whole words only', () => {
    expect(guessDomain(MEDICAL.toUpperCase())).toBe('medical');
    expect(guessDomain(LEGAL.toLowerCase())).toBe('legal');
    // "shallow", "partying" and "mgmt" contain cue words but are not cue words.
    expect(guessDomain('shallow partying mgmt '.repeat(40))).toBe('other');
  });

  it('needs a minimum density: one cue word lost in a long text is not enough', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(200); // ~5,400 characters
    expect(guessDomain(`The patient ${filler}`)).toBe('other');
    expect(guessDomain(`${'The patient was seen. '.repeat(30)}${filler}`)).toBe('medical');
  });

  it('picks the denser domain when both appear', () => {
    // An employment contract of a hospital: legal words dominate.
    const mixed = `${LEGAL} The employee will work at the hospital.`;
    expect(guessDomain(mixed)).toBe('legal');
    // A consent form: medical words dominate.
    const consent = `${MEDICAL} ${MEDICAL} The parties agree.`;
    expect(guessDomain(consent)).toBe('medical');
  });

  it('gives the same answer when called repeatedly (no regex state carried over)', () => {
    const answers = Array.from({ length: 5 }, () => [guessDomain(MEDICAL), guessDomain(LEGAL), guessDomain(OTHER)]);
    expect(new Set(answers.map((a) => a.join()))).toEqual(new Set(['medical,legal,other']));
  });
});
