// The CSV cell writer: OWASP's formula starts are neutralized, RFC 4180 quoting on top.
// The spreadsheet-engine check over a real export is tests/integration/csv-export.test.ts.
import { describe, expect, it } from 'vitest';
import { csvCell, csvText, parseCsv } from '../../electron/main/services/csv';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', '+1'], // a plain number stays a number
    ['-12.50', '-12.50'],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    [' =1', "' =1"],
    ['\n-1+1', `"'\n-1+1"`],
    ['a=b', 'a=b'],
    ['Say "hi", then', '"Say ""hi"", then"'],
    ['=A1,"x"', `"'=A1,""x"""`],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('csvText', () => {
  it('writes a BOM and CRLF rows that parse back to the safe cells', () => {
    const rows = [['a', 'b'], ['=1', 'x,"y"\nz']];
    const text = csvText(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['a', 'b'], ["'=1", 'x,"y"\nz']]);
  });
});
