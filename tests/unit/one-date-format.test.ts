// Dates read the same everywhere (issue 12: "Dates come in three formats"): the renderer formats
// dates only through features/library/format.ts (one format from the OS locale). A screen that
// calls the browser's own date formatting shows a fourth format; this finds it in the source.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(import.meta.dirname, '../../renderer/src');
const FORMAT_MODULE = path.join(RENDERER, 'features/library/format.ts');
// A Date turned into text by the browser: toLocaleString on a Date, its date or time parts, or a formatter of its own.
const OWN_DATE_FORMAT = /new Date\([^)]*\)\.toLocale\w*\(|\.toLocaleDateString\(|\.toLocaleTimeString\(|Intl\.DateTimeFormat|\.toUTCString\(|\.toDateString\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('one date format in the renderer', () => {
  it('formats dates only in features/library/format.ts', () => {
    const files = sources(RENDERER);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .filter((file) => file !== FORMAT_MODULE)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(RENDERER, file)}:${i + 1}` }))
          .filter(({ line }) => OWN_DATE_FORMAT.test(line) && !line.trim().startsWith('//'))
          .map(({ at }) => at),
      );
    expect(offenders).toEqual([]);
  });

  it('would catch a screen formatting a date itself', () => {
    expect(OWN_DATE_FORMAT.test('{` · ${new Date(when).toLocaleString()}`}')).toBe(true);
    expect(OWN_DATE_FORMAT.test('date.toLocaleDateString()')).toBe(true);
    expect(OWN_DATE_FORMAT.test('{batch.files.toLocaleString()} files')).toBe(false);
  });
});
