// CLI output rules: with --json, stdout carries exactly one JSON document and everything
// else goes to stderr; progress is a redrawn bar on a terminal and plain lines otherwise.

export interface Output {
  readonly json: boolean;
  /** The command's one result: JSON on stdout, or the human rendering. */
  result(value: unknown, human: () => string): void;
  info(line: string): void;
  progress(line: string): void;
  endProgress(): void;
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  const tty = Boolean(stderr.isTTY);
  let drawn = false;
  return {
    json,
    result(value, human) {
      stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    info(line) {
      this.endProgress();
      stderr.write(`${line}\n`);
    },
    progress(line) {
      if (!tty) return;
      const width = stderr.columns ?? 100;
      stderr.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
      drawn = true;
    },
    endProgress() {
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}]`;
}

/** Left-aligned columns for human-readable listings. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  return rows.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
