// A document's title: the PDF's Title when it is a real one, else page 1's first heading-like
// line (tidied), else the file name.
import { describe, expect, it } from 'vitest';
import { titleFromFileName, titleFromHeading, titleFromMetadata } from '../../electron/main/services/importer/title';

describe('document title', () => {
  it('keeps a real metadata title and refuses tools’ leftovers', () => {
    expect(titleFromMetadata({ Title: 'Master Services Agreement' })).toBe('Master Services Agreement');
    for (const Title of ['Untitled', 'Microsoft Word - lease_final.docx', 'scan0001.pdf', '(anonymous)', 'ab', '12345', 'Document1']) {
      expect(titleFromMetadata({ Title }), Title).toBeUndefined();
    }
    expect(titleFromMetadata({})).toBeUndefined();
  });

  it.each([
    ['MASTER SERVICES AGREEMENT\nbetween Acme and Beta.', 'Master Services Agreement'],
    ['Page 1 of 12\nCONFIDENTIAL\nDISCHARGE SUMMARY\nPatient: J. Doe', 'Discharge Summary'],
    ['March 3, 2021\n\nLease Agreement for 12 Elm Street\nThe landlord…', 'Lease Agreement for 12 Elm Street'],
    ['NON-DISCLOSURE AGREEMENT OF THE PARTIES\n', 'Non-Disclosure Agreement of the Parties'],
    ['AGREEMENT BETWEEN ACME LLC AND BETA INC.', 'Agreement Between Acme LLC and Beta INC.'],
    ['1\n2021-03-04\nOperative Report', 'Operative Report'],
  ])('finds the heading in %j', (text, title) => {
    expect(titleFromHeading(text)).toBe(title);
  });

  it('gives none when the page opens with prose, numbers or nothing', () => {
    expect(titleFromHeading('This agreement is made on the third day of March between the landlord and the tenant named below.')).toBeUndefined();
    expect(titleFromHeading('12\n3/4/2021\n\n')).toBeUndefined();
    expect(titleFromHeading('')).toBeUndefined();
    expect(titleFromHeading('Dear Sir,\nWe write to you.')).toBeUndefined();
  });

  it('reads only the top of a huge page', () => {
    expect(titleFromHeading(`${'x'.repeat(2_000_000)}`)).toBeUndefined();
  });

  it('falls back to the file name without its extension or underscores', () => {
    expect(titleFromFileName('/tmp/lease_2021_final.PDF')).toBe('lease 2021 final');
  });
});
