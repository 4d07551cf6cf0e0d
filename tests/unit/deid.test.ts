// The de-identifier (shared/clinical/deid): each Safe Harbor type on its own, the name and
// place context rules on names outside the lexicons, the known-identifier detector,
// surrogates and date shifting, the ZIP rule, what must survive (clinical prose), and hostile
// input: megabyte texts shaped against each pattern must finish (a backtracking pattern
// would not) and empty or odd text must not throw.
import { describe, expect, it } from 'vitest';
import { deidentify, detectPhi, detectPhiInPages, MAX_DEID_CHARS, parseFullDate, randomDateShift, RESTRICTED_ZIP3, safeZip, SurrogateBook, type PhiType } from '../../shared/clinical/deid';

const typesIn = (text: string): PhiType[] => detectPhi(text).map((s) => s.type);
const redacted = (text: string): string => deidentify(text).text;

/** Asserts none of the identifiers survives the redaction of the text. */
function expectGone(text: string, ...ids: string[]): string {
  const out = redacted(text);
  for (const id of ids) expect(out, `${id} survived in: ${out}`).not.toContain(id);
  return out;
}

describe('structured types', () => {
  it.each<[PhiType, string, string]>([
    ['date', 'Seen on 03/14/2023 for follow-up.', '03/14/2023'],
    ['date', 'Admitted 2023-03-14T08:15 via the ED.', '2023-03-14T08:15'],
    ['date', 'Surgery on March 14th, 2023.', 'March 14th, 2023'],
    ['date', 'Born 14 Mar 2023 at term.', '14 Mar 2023'],
    ['date', 'Last seen in September 2021.', 'September 2021'],
    ['date', 'Return on 4/12 for labs.', '4/12'],
    ['date', 'Admitted 3-14-23.', '3-14-23'],
    ['age', 'A 93-year-old woman.', '93'],
    ['age', 'Age: 101, lives alone.', '101'],
    ['phone', 'Call (617) 555-0142 ext. 12 today.', '(617) 555-0142 ext. 12'],
    ['phone', 'Fax: 617.555.0199', '617.555.0199'],
    ['phone', 'Cell +1 617 555 0100.', '+1 617 555 0100'],
    ['email', 'Write to j.doe+clinic@mail.example.org please.', 'j.doe+clinic@mail.example.org'],
    ['ssn', 'SSN 123-45-6789.', '123-45-6789'],
    ['ssn', 'Social security number: 123456789', '123456789'],
    ['mrn', 'MRN: 00482913', '00482913'],
    ['mrn', 'Medical record number AB-449201', 'AB-449201'],
    ['health_plan', 'Member ID: XJH449201001', 'XJH449201001'],
    ['health_plan', 'Medicare beneficiary number 1EG4-TE5-MK73', '1EG4-TE5-MK73'],
    ['account', 'Account #: 0012345678', '0012345678'],
    ['license', 'DEA number AB1234563', 'AB1234563'],
    ['license', "Driver's license S12345678", 'S12345678'],
    ['certificate', 'Birth certificate number 123-4567-890123', '123-4567-890123'],
    ['vehicle', 'Car VIN 1HGCM82633A004352 towed.', '1HGCM82633A004352'],
    ['vehicle', 'License plate 7ABC123.', '7ABC123'],
    ['device', 'Pacemaker serial number PJN123456', 'PJN123456'],
    ['url', 'Portal https://portal.example.org/p/1?x=2.', 'https://portal.example.org/p/1?x=2'],
    ['url', 'See www.smith-family.com for photos', 'www.smith-family.com'],
    ['ip', 'From 192.168.10.254 at night.', '192.168.10.254'],
    ['ip', 'IPv6 2001:db8:85a3:0:0:8a2e:370:7334 logged.', '2001:db8:85a3:0:0:8a2e:370:7334'],
    ['ip', 'Short form fe80::1ff:fe23:4567:890a seen.', 'fe80::1ff:fe23:4567:890a'],
    ['zip', 'Boston, MA 02115-1234', '02115-1234'],
    ['other_id', 'Accession number A12-345678 pending.', 'A12-345678'],
    ['other_id', 'Reference 99812734455 on file.', '99812734455'],
  ])('%s in %j', (type, text, value) => {
    const spans = detectPhi(text);
    const span = spans.find((s) => s.text.includes(value) || value.includes(s.text));
    expect(span, JSON.stringify(spans)).toBeDefined();
    expect(span!.type).toBe(type);
    expect(redacted(text)).not.toContain(value);
  });

  it('keeps the year of a date, reduces a ZIP to 3 digits (000 in small areas) and ages over 89 to 90+', () => {
    expect(redacted('Seen 03/14/2023.')).toBe('Seen [DATE] 2023.');
    expect(redacted('Boston, MA 02115')).toContain('MA 021');
    expect(redacted('Cheyenne, WY 82101')).toContain('WY 000');
    expect(redacted('a 97 year old man')).toBe('a 90+ year old man');
    expect(safeZip('03601')).toBe('000');
    expect(safeZip('10001')).toBe('100');
    expect(RESTRICTED_ZIP3.size).toBe(17);
  });

  it('leaves clinical numbers and prose alone', () => {
    const text = 'BP 120/80, HR 76, temp 98.6 F, A1c 7.2%. Lisinopril 10 mg daily. 5/5 strength. Denies chest pain. Age 45. Quit in 1998. Platelets 250000.';
    expect(detectPhi(text)).toEqual([]);
  });

  it('does not take a 90-something lab value or a temperature for an age', () => {
    expect(typesIn('Temp 98 F, SpO2 95%, glucose 99 mg/dL')).toEqual([]);
  });
});

describe('names and places', () => {
  // None of these names is in the lexicons: context must find them.
  it.each([
    ['Patient: Quillfeather, Thaddeus R.', ['Quillfeather', 'Thaddeus']],
    ['Seen by Dr. Blomqvist in clinic.', ['Blomqvist']],
    ['Mrs. Thistlewood returns today.', ['Thistlewood']],
    ['Electronically signed by Ysolde Penhaligon, MD on the ward', ['Ysolde', 'Penhaligon']],
    ['Her daughter Saoirse called.', ['Saoirse']],
    ['Met with Caspian Ravensworth and family.', ['Caspian', 'Ravensworth']],
    ['Zebulon Achterberg is a 67-year-old man with COPD.', ['Zebulon', 'Achterberg']],
    ['Sincerely,\nIgnatius Brightwater\n', ['Ignatius', 'Brightwater']],
  ])('%j', (text, ids) => {
    expectGone(text, ...ids);
    expect(typesIn(text)).toContain('name');
  });

  it('finds lexicon names and the surname after a known first name', () => {
    expectGone('Spoke with Mary Featherstonehaugh about discharge.', 'Mary', 'Featherstonehaugh');
    expectGone('Smith was given a copy.', 'Smith');
  });

  it('redacts every later mention of a name found once (propagation)', () => {
    expectGone('Patient: Iwobi, Kwabena\nKwabena tolerated the procedure. Iwobi family at bedside.', 'Kwabena', 'Iwobi');
  });

  it.each([
    ['Lives in Harrowgate with her son.', 'Harrowgate'],
    ['Moved to Kettering Ridge last year.', 'Kettering Ridge'],
    ['Home: 14 Lantern Hill Road, Apt 3', '14 Lantern Hill Road, Apt 3'],
    ['Transferred from Saint Brigid Hospital.', 'Saint Brigid Hospital'],
    ['Wexley, VT 05903', 'Wexley'],
    ['Grew up in Boston.', 'Boston'],
    ['Mail to PO Box 4471.', 'PO Box 4471'],
  ])('place in %j', (text, place) => {
    expectGone(text, place);
  });

  it('does not spread a heading taken for a name over the prose (corpus regression)', () => {
    const out = redacted('Atrial Fibrillation\nSincerely,\nDiabetes Mellitus\nHe has atrial fibrillation and diabetes mellitus.');
    expect(out).toContain('atrial fibrillation and diabetes mellitus');
  });

  it('keeps states (Safe Harbor allows them) and eponyms', () => {
    const out = redacted("Moved from Texas. History of Parkinson's disease and Graves disease; Babinski negative.");
    expect(out).toContain('Texas');
    expect(out).toContain('Parkinson');
    expect(out).toContain('Graves');
  });
});

describe('known identifiers', () => {
  it('redacts the names, dates and MRN the archive knows, in any spacing or order', () => {
    const known = { names: ['Eleonora Vandersloot'], dates: ['1931-03-14'], mrns: ['004-829-13'] };
    const text = 'VANDERSLOOT ELEONORA, chart 00482913; eleonora came in. mrn 004 829 13.';
    const out = deidentify(text, { known }).text;
    expect(out.toLowerCase()).not.toContain('vandersloot');
    expect(out.toLowerCase()).not.toContain('eleonora');
    expect(out).not.toMatch(/004.?829.?13/);
    expect(detectPhi(text, known).some((s) => s.source === 'known')).toBe(true);
  });
});

describe('surrogates and date shifting', () => {
  it('gives the same value the same surrogate within one book, and a new book starts over', () => {
    const book = new SurrogateBook();
    const a = deidentify('Dr. Quillfeather saw Mr. Blomqvist. Dr. Quillfeather again.', { surrogates: book }).text;
    expect(a).toBe('Dr. [NAME 1] saw Mr. [NAME 2]. Dr. [NAME 1] again.');
    const b = deidentify('Mr. Blomqvist called.', { surrogates: book }).text;
    expect(b).toBe('Mr. [NAME 2] called.');
    expect(deidentify('Mr. Blomqvist called.', { surrogates: new SurrogateBook() }).text).toBe('Mr. [NAME 1] called.');
  });

  it('moves every full date by the offset and never writes the offset', () => {
    const out = deidentify('Admitted 03/14/2023, discharged March 20, 2023, seen 2023-04-01.', { dateShiftDays: -17 }).text;
    expect(out).toBe('Admitted 2023-02-25, discharged 2023-03-03, seen 2023-03-15.');
    expect(out).not.toContain('17');
  });

  it('parses the common date spellings and rejects impossible dates', () => {
    expect(parseFullDate('2/30/2023')).toBeNull();
    expect(parseFullDate('14 March 2023')?.toISOString().slice(0, 10)).toBe('2023-03-14');
    expect(parseFullDate('3/14/23')?.toISOString().slice(0, 10)).toBe('2023-03-14');
  });

  it('draws a non-zero offset within the bound', () => {
    for (let i = 0; i < 50; i++) {
      const d = randomDateShift(30);
      expect(d).not.toBe(0);
      expect(Math.abs(d)).toBeLessThanOrEqual(30);
    }
  });
});

describe('hostile input', () => {
  const big = (unit: string): string => unit.repeat(Math.ceil(400_000 / unit.length));
  it.each([
    ['digits', '1'],
    ['dotted digits', '1.'],
    ['dashes and digits', '1-'],
    ['capitalised words', 'Aa '],
    ['email-like', 'a.'],
    ['at signs', 'a@a'],
    ['url-like', 'www.a'],
    ['colons', 'a:'],
    ['label spam', 'MRN: '],
    ['title spam', 'Dr. '],
    ['street-like', '1 Aa '],
    ['month spam', 'May 1 '],
    ['name list', 'Smith, John '],
    ['hyphenated', 'A-'],
  ])('finishes on 400 kB of %s', (_name, unit) => {
    expect(() => detectPhi(big(unit))).not.toThrow();
  });

  it('handles empty, whitespace-only and control-character text, and refuses an oversized one', () => {
    expect(deidentify('').text).toBe('');
    expect(deidentify('   \n\t').text).toBe('   \n\t');
    expect(() => detectPhi('\u0000\u202e\ud800 MRN: 1234567')).not.toThrow();
    expect(() => detectPhi('x'.repeat(MAX_DEID_CHARS + 1))).toThrow(RangeError);
  });
});

describe('detectPhiInPages', () => {
  it('finds on every page a name labels gave away on two pages, but not the words a label ran on into', () => {
    const pages = [
      'Name: QUILLFEATHER, YSOLDE\nThe patient is well.',
      'Patient: QUILLFEATHER\nPlan: follow up in one week.',
      'Guardian: QUILLFEATHER, Y CONFIDENTIAL\nLabs reviewed.',
      'Plan: follow up in one week.\nQUILLFEATHER, Y CONFIDENTIAL Page 4',
    ];
    // Page 4 alone has no clue that the footer is a name.
    expect(detectPhi(pages[3]!).map((s) => s.text)).not.toContain('QUILLFEATHER');
    const fourth = detectPhiInPages(pages)[3]!.map((s) => s.text);
    expect(fourth).toContain('QUILLFEATHER');
    // "CONFIDENTIAL" was taken into a name on page 3 only: it is not spread.
    expect(fourth.join(' ')).not.toContain('CONFIDENTIAL');
  });

  it('spreads a known name to every page', () => {
    const pages = ['Seen today.', 'QUILLFEATHER tolerated the procedure.'];
    expect(detectPhiInPages(pages, { names: ['Ysolde Quillfeather'] })[1]!.map((s) => s.text)).toContain('QUILLFEATHER');
  });

  it('does not spread a capitalised word the document also writes in lower case', () => {
    const pages = ['Patient: Rose Miller', 'A rose was brought by the family. Rose Miller is well.'];
    const [, second] = detectPhiInPages(pages);
    // "Miller" spreads; "Rose" is a common word in this document and stays only where a name pattern finds it.
    expect(second!.some((s) => s.text.includes('Miller'))).toBe(true);
    expect(second!.some((s) => s.text === 'rose')).toBe(false);
  });
});

describe('addresses as forms print them', () => {
  const found = (text: string) => detectPhi(text).map((s) => `${s.type}:${s.text}`);
  it.each([
    ['Street Address: 123 ANYWHERE RD', 'location:123 ANYWHERE RD'],
    ['Address Line 1: 123 ANY ROAD', 'location:123 ANY ROAD'],
    ['Provider Address: 123 Drive, Springfield', 'location:123 Drive'],
    ['Address 2: APT 123', 'location:APT 123'],
    ['Washington, DC\nUnited States\n20420', 'zip:20420'],
  ])('%j', (text, span) => expect(found(text)).toContain(span));

  it('leaves a number before a clinical abbreviation alone', () => {
    expect(found('no 2 ST elevation; 3 DR visits; 4 way stop')).toEqual([]);
  });
});
