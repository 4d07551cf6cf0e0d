// Looks for text in every byte of a folder tree (database, WAL, SHM, files): each needle as
// UTF-8, UTF-16LE and UTF-16BE, and each search-index term the way FTS5 stores it in a
// segment leaf. FTS5 prefix-compresses the terms of a leaf: the first is `varint(n) term`,
// every later one `varint(shared) varint(n) suffix`, where `shared` is the number of leading
// bytes it has in common with the term before it. A leftover "suicid" that follows
// "suffer" is therefore stored as 02 04 "icid" and a plain search misses it; ftsTermEncodings
// lists every such form (the suffix at least 3 bytes long, so 5 bytes or more in all). A term
// of the main index is stored behind the index's one-byte marker '0' (prefix indexes use '1',
// '2'…), so that byte is always shared and is part of the length.
import fs from 'node:fs';
import path from 'node:path';

/** 'fts': a term first on its leaf page; 'fts-prefixed': after a shared prefix (invisible to a plain search). */
export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'fts' | 'fts-prefixed';

export interface Needle {
  readonly label: string;
  readonly text: string;
  /** A term as the index stores it (lowercase, stemmed): also searched for in its segment forms. */
  readonly ftsTerm?: boolean;
}

export interface Hit {
  readonly file: string;
  readonly needle: string;
  readonly encoding: Encoding;
  readonly offset: number;
}

/** SQLite's varint (as FTS5 writes it): 7 bits a byte, most significant first. */
export function sqliteVarint(value: number): Buffer {
  if (value < 0x80) return Buffer.from([value]);
  const bytes: number[] = [];
  let v = value;
  bytes.unshift(v & 0x7f);
  v = Math.floor(v / 128);
  while (v > 0) {
    bytes.unshift((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  return Buffer.from(bytes);
}

export const MIN_FTS_SUFFIX = 3;
const FTS_MAIN_INDEX = '0';

/** Every byte form a term can take in an FTS5 leaf: whole (first on its page) or after a shared prefix. */
export function ftsTermEncodings(term: string): Buffer[] {
  const bytes = Buffer.from(`${FTS_MAIN_INDEX}${term}`, 'utf8');
  const forms = [Buffer.concat([sqliteVarint(bytes.length), bytes])];
  for (let shared = 1; bytes.length - shared >= MIN_FTS_SUFFIX; shared++) {
    forms.push(Buffer.concat([sqliteVarint(shared), sqliteVarint(bytes.length - shared), bytes.subarray(shared)]));
  }
  return forms;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

/** The byte patterns of one needle, labelled by encoding. Case-folded text matches in both cases. */
export function patternsOf(needle: Needle): Array<{ encoding: Encoding; bytes: Buffer }> {
  const variants = [...new Set([needle.text, needle.text.toLowerCase(), needle.text.toUpperCase()])];
  const out: Array<{ encoding: Encoding; bytes: Buffer }> = [];
  for (const v of variants) {
    out.push({ encoding: 'utf8', bytes: Buffer.from(v, 'utf8') }, { encoding: 'utf16le', bytes: Buffer.from(v, 'utf16le') }, { encoding: 'utf16be', bytes: utf16be(v) });
  }
  if (needle.ftsTerm) ftsTermEncodings(needle.text).forEach((bytes, i) => out.push({ encoding: i === 0 ? 'fts' : 'fts-prefixed', bytes }));
  return out;
}

/** Every hit of every needle in `data`. */
export function scanBuffer(data: Buffer, needles: readonly Needle[], file = '<buffer>'): Hit[] {
  const hits: Hit[] = [];
  for (const needle of needles) {
    for (const { encoding, bytes } of patternsOf(needle)) {
      for (let at = data.indexOf(bytes); at !== -1; at = data.indexOf(bytes, at + 1)) {
        hits.push({ file, needle: needle.label, encoding, offset: at });
      }
    }
  }
  return hits;
}

/** All regular files under `roots`, recursively. */
export function filesUnder(roots: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    else if (stat.isFile()) files.push(p);
  };
  roots.forEach(walk);
  return files;
}

export function scanTree(roots: readonly string[], needles: readonly Needle[]): Hit[] {
  return filesUnder(roots).flatMap((file) => scanBuffer(fs.readFileSync(file), needles, file));
}
