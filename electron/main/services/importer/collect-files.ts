// Expands the CLI's file and folder arguments: folders are walked recursively for PDFs,
// files are taken as given (a mislabelled file still gets a clear error of its own).
import fs from 'node:fs/promises';
import path from 'node:path';

export async function collectFiles(inputs: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (!stat) missing.push(input);
    else if (stat.isDirectory()) files.push(...(await walk(input)));
    else files.push(input);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && /\.pdf$/i.test(entry.name)) out.push(full);
  }
  return out;
}
