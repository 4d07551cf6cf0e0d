// What a search query matches, as the archive's index sees it: "quoted phrases" and single
// words, compared case- and accent-insensitively after Porter stemming. Used to find the
// query's occurrences in a page's text. Pure.
import { porterStem } from './porter-stemmer';

/** Each phrase is a list of normalized word keys that must follow each other. */
export type QueryPhrases = readonly (readonly string[])[];

const TOKEN = /"([^"]*)"|(\S+)/g;
const NON_WORD = /[^\p{L}\p{N}_]+/u;

/** Lower case, accents removed, then stemmed: the key two words match on. */
export function wordKey(word: string): string {
  const plain = word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  return porterStem(plain);
}

export function parseQuery(query: string): QueryPhrases {
  const phrases: string[][] = [];
  for (const match of query.matchAll(TOKEN)) {
    const raw = match[1] ?? match[2] ?? '';
    const words = raw.split(NON_WORD).filter(Boolean).map(wordKey);
    if (words.length > 0) phrases.push(words);
  }
  return phrases;
}

export interface WordToken {
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

export function tokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}_\p{M}]+/gu)) {
    const start = match.index;
    tokens.push({ start, end: start + match[0].length, key: wordKey(match[0]) });
  }
  return tokens;
}

/** [start, end) ranges of `text` where any phrase of the query occurs, sorted and merged. */
export function findQueryRanges(text: string, phrases: QueryPhrases): Array<[number, number]> {
  if (phrases.length === 0 || !text) return [];
  const tokens = tokenize(text);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of phrases) {
      if (i + phrase.length > tokens.length) continue;
      let matches = true;
      for (let j = 0; j < phrase.length; j++) {
        if (tokens[i + j]!.key !== phrase[j]) {
          matches = false;
          break;
        }
      }
      if (matches) ranges.push([tokens[i]!.start, tokens[i + phrase.length - 1]!.end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
