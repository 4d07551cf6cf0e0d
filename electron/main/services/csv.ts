// CSV for every export the app writes (extraction values, and any other table a user saves).
// Cells are attacker-controlled (a PDF's title, text the model quoted from a hostile PDF), and a
// spreadsheet runs a cell that starts like a formula (`=HYPERLINK(...)`, `@SUM(...)`, DDE via
// `+`/`-`). Following OWASP's CSV-injection guidance, such a cell gets a leading `'` so it is
// shown as text; quoting follows RFC 4180. Pure, no Node.

/** First characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** The same after leading spaces or line breaks, which some importers trim before deciding. */
const FORMULA_AFTER_SPACE = /^\s+[=+\-@]/;
/** A plain number such as -12.5 or +3 is no formula: it stays a number so amounts keep working. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Makes a cell inert: a formula-like start gets a `'` prefix, so spreadsheets show it as text. */
export function neutralizeFormula(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) || FORMULA_AFTER_SPACE.test(value) ? `'${value}` : value;
}

/**
 * One CSV cell, safe to open in a spreadsheet: formula starts neutralized, then quoted when it
 * holds a comma, quote, line break or edge spaces, with quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole file: a UTF-8 BOM (so spreadsheet apps read UTF-8) and CRLF rows (RFC 4180). */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map(csvLine).join('\r\n')}\r\n`;
}

/** Parses RFC 4180 CSV as written (the `'` prefixes stay; used by tests and the evaluation harness). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
