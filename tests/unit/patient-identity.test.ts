// Patient identity normalization and the grouping rules, table-driven.
import { describe, expect, it } from 'vitest';
import { groupDocuments, suggestMerges } from '../../electron/main/services/patients/grouping';
import { displayName, normalizeBirthDate, normalizeMrn, normalizeName, samePatientAuto, type PatientIdentity } from '../../shared/patients/identity';

describe('patient identity', () => {
  it.each([
    ['Smith, John A.', 'smith|john'],
    ['JOHN SMITH', 'smith|john'],
    ['John A. Smith', 'smith|john'],
    ['Mr. John Smith Jr.', 'smith|john'],
    ['Smith, John, Jr.', 'smith|john'],
    ['José  Núñez', 'nunez|jose'],
    ["O'Brien, Mary-Kate", 'obrien|marykate'],
    ['J. S.', null],
    ['', null],
  ])('name %j -> %j', (raw, key) => expect(normalizeName(raw)).toBe(key));

  it('shows a normalized name as "Last, First"', () => {
    expect(displayName('smith|john')).toBe('Smith, John');
    expect(displayName('cher|cher')).toBe('Cher');
  });

  it.each([
    ['03/14/1962', '1962-03-14'],
    ['March 14, 1962', '1962-03-14'],
    ['1962-03-14', '1962-03-14'],
    ['14 Mar 1962', '1962-03-14'],
    ['unknown', 'unknown'],
  ])('date of birth %j -> %j', (raw, iso) => expect(normalizeBirthDate(raw)).toBe(iso));

  it.each([
    ['00123-45', '0012345'],
    ['MRN 0012345', '0012345'],
    ['mr-00123 45', '0012345'],
    ['A12-B', 'A12B'],
    ['--', null],
  ])('MRN %j -> %j', (raw, mrn) => expect(normalizeMrn(raw)).toBe(mrn));
});

const id = (name: string | null, dob: string | null, mrn: string | null): PatientIdentity => ({ name, dob, mrn });

describe('grouping', () => {
  it('matches on the MRN or on name and date of birth, never across a conflict', () => {
    expect(samePatientAuto(id('smith|john', '1962-03-14', null), id('smith|john', '1962-03-14', 'X1'))).toBe(true);
    expect(samePatientAuto(id(null, null, 'X1'), id('smith|john', null, 'X1'))).toBe(true);
    expect(samePatientAuto(id('smith|john', null, null), id('smith|john', null, null))).toBe(false);
    expect(samePatientAuto(id('smith|john', '1962-03-14', 'X1'), id('smith|john', '1970-05-02', 'X1'))).toBe(false);
  });

  it('does not chain a conflict into an automatic group, keeps ids, and keeps a person\'s placements', () => {
    const identities = new Map([
      [1, id('smith|john', '1962-03-14', 'X1')],
      [2, id(null, null, 'X1')],
      [3, id('smith|john', '1970-05-02', 'X1')],
    ]);
    const first = groupDocuments(identities, []).placements;
    expect(first.get(1)!.patientId).toBe(first.get(2)!.patientId);
    expect(first.get(3)!.patientId).not.toBe(first.get(1)!.patientId);

    const again = groupDocuments(identities, [
      { documentId: 1, patientId: 7, pinned: false },
      { documentId: 2, patientId: 7, pinned: false },
      { documentId: 3, patientId: 9, pinned: true },
    ]).placements;
    expect([...again].map(([d, p]) => [d, p.patientId, p.pinned])).toEqual([[3, 9, true], [1, 7, false], [2, 7, false]]);
  });

  it('suggests pairs sharing a name or MRN (not a date of birth alone), except those kept apart', () => {
    const members = new Map([
      [1, [id('smith|john', '1962-03-14', null)]],
      [2, [id('smith|john', '1970-05-02', null)]],
      [3, [id('doe|jane', '1962-03-14', null)]],
    ]);
    expect(suggestMerges(members, new Set())).toEqual([{ patientId: 1, otherId: 2, shared: ['name'], differing: ['dob'] }]);
    expect(suggestMerges(members, new Set(['1:2']))).toEqual([]);
  });
});
