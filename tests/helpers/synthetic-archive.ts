// Synthetic documents for scale tests and bench:archive: page text drawn from a vocabulary
// with a real word-frequency distribution (the corpus's, read with pdftotext, or a built-in
// Zipf list without it), written through the archive's own import steps (beginImport,
// addPages, finishImport) exactly as an import of a PDF writes them. Deterministic: document
// i is the same text on every run, so an interrupted build resumes where it stopped.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentDomain } from '../../shared/domain';
import type { Archive } from '../../electron/main/services/archive/archive';

export interface Vocabulary {
  readonly words: readonly string[];
  /** Cumulative weights, ascending; the last is the total. */
  readonly cumulative: Float64Array;
  readonly source: 'corpus' | 'zipf';
}

/** A small, seedable PRNG (mulberry32): the same seed gives the same document. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word frequencies of the corpus PDFs (pdftotext), or null when the corpus or pdftotext is absent. */
export function corpusFrequencies(corpusDir: string): Map<string, number> | null {
  if (!fs.existsSync(corpusDir)) return null;
  const pdfs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'adversarial') walk(full);
      else if (entry.name.toLowerCase().endsWith('.pdf')) pdfs.push(full);
    }
  };
  walk(corpusDir);
  const counts = new Map<string, number>();
  for (const pdf of pdfs.sort()) {
    let text: string;
    try {
      text = execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch {
      continue; // pdftotext missing or the file unreadable: the rest still count
    }
    for (const word of text.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts.size >= 500 ? counts : null;
}

/** Built-in Zipf vocabulary: rank r has weight 1/r over pronounceable made-up words. */
function zipfFrequencies(size = 20_000): Map<string, number> {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 've', 'da', 'gu', 'ze', 'the', 'an', 'or', 'is'];
  const random = prng(7);
  const counts = new Map<string, number>();
  for (let rank = 1; counts.size < size; rank++) {
    const parts = 1 + Math.floor(random() * 3) + (rank > 100 ? 1 : 0);
    const word = Array.from({ length: parts }, () => syllables[Math.floor(random() * syllables.length)]).join('');
    if (!counts.has(word)) counts.set(word, 1_000_000 / counts.size + 1);
  }
  return counts;
}

export function vocabulary(corpusDir: string | null): Vocabulary {
  const corpus = corpusDir ? corpusFrequencies(corpusDir) : null;
  const counts = corpus ?? zipfFrequencies();
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, n], i) => (cumulative[i] = sum += n));
  return { words: entries.map(([w]) => w), cumulative, source: corpus ? 'corpus' : 'zipf' };
}

function pick(vocab: Vocabulary, random: () => number): string {
  const target = random() * vocab.cumulative[vocab.cumulative.length - 1]!;
  let lo = 0;
  let hi = vocab.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocab.cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return vocab.words[lo]!;
}

/** Pages of document i: mean about 20, a long tail up to 500 (a log-normal, clamped). */
export function pageCountOf(i: number): number {
  const random = prng(i * 2 + 1);
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(1, Math.min(500, Math.round(Math.exp(2.55 + 0.95 * normal))));
}

export interface SyntheticOptions {
  readonly vocab: Vocabulary;
  readonly wordsPerPage: number;
  /** Pages of document i; default pageCountOf. */
  readonly pagesOf?: (i: number) => number;
  /** The sha256 of document i's stored file; default syntheticSha (no file in the store). */
  readonly sha256Of?: (i: number) => string;
}

const DOMAINS: readonly DocumentDomain[] = ['legal', 'medical', 'other'];

export function syntheticPageText(vocab: Vocabulary, random: () => number, words: number): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) out.push(pick(vocab, random));
  return out.join(' ');
}

/**
 * Writes documents [from, to) through the archive's import steps, as the importer writes a
 * PDF's: the row, its pages in batches (FTS follows by trigger), then ready. Returns pages written.
 */
export function writeSyntheticDocuments(archive: Archive, from: number, to: number, options: SyntheticOptions): number {
  let pages = 0;
  for (let i = from; i < to; i++) {
    const random = prng(i + 1_000_003);
    const count = (options.pagesOf ?? pageCountOf)(i);
    const title = `${syntheticPageText(options.vocab, random, 3)} ${i}`;
    const id = archive.beginImport({ sha256: (options.sha256Of ?? syntheticSha)(i), fileName: `synthetic-${i}.pdf`, title, bytes: count * 4000 });
    for (let first = 1; first <= count; first += 50) {
      const batch = [];
      for (let n = first; n < Math.min(count + 1, first + 50); n++) {
        batch.push({ number: n, text: syntheticPageText(options.vocab, random, options.wordsPerPage), width: 612, height: 792, hasTextLayer: true, needsOcr: false, spans: [] });
      }
      archive.addPages(id, batch);
    }
    archive.setDocumentInfo(id, { pageCount: count, metadata: {} });
    archive.finishImport(id, { domain: DOMAINS[i % DOMAINS.length]! });
    pages += count;
  }
  return pages;
}

export function syntheticSha(i: number): string {
  return `synthetic-${String(i).padStart(10, '0')}`.padEnd(64, '0');
}
