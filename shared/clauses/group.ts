// Clauses grouped by wording, so 200 governing-law clauses read as a handful of variants with
// counts. Shared: pure TypeScript.
//
// Each clause becomes a set of word shingles (k = 2 consecutive folded words, numbers and
// punctuation aside); two clauses' similarity is the Jaccard index of their sets. Groups come
// from average-linkage agglomerative clustering: the two groups whose clauses are on average
// most alike merge while that average is at least the threshold. Above MAX_AGGLOMERATIVE
// clauses, a greedy pass (join the first group whose first clause is alike enough) keeps the
// cost linear in groups.
import { fold, tokenize } from '../extraction/text';

export const SHINGLE_WORDS = 2;
export const DEFAULT_THRESHOLD = 0.3;
const MAX_AGGLOMERATIVE = 400;

/** The clause's k-word shingles (a short clause: its words). */
export function shingles(text: string, k = SHINGLE_WORDS): Set<string> {
  const words = tokenize(fold(text))
    .map((t) => t.key)
    .filter((w) => !/^\d/.test(w));
  const out = new Set<string>();
  if (words.length < k) {
    for (const w of words) out.add(w);
    return out;
  }
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Groups of indices into `texts`, largest first (ties: the earliest clause first). */
export function groupBySimilarity(texts: readonly string[], threshold = DEFAULT_THRESHOLD): number[][] {
  const sets = texts.map((t) => shingles(t));
  const groups = texts.length > MAX_AGGLOMERATIVE ? greedy(sets, threshold) : agglomerative(sets, threshold);
  for (const g of groups) g.sort((x, y) => x - y);
  return groups.sort((x, y) => y.length - x.length || x[0]! - y[0]!);
}

function agglomerative(sets: readonly Set<string>[], threshold: number): number[][] {
  const n = sets.length;
  // sum[i][j]: the sum of pair similarities between groups i and j (average = sum / (|i| |j|)).
  const sum: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sum[i]![j] = sum[j]![i] = jaccard(sets[i]!, sets[j]!);
  const members: (number[] | null)[] = sets.map((_, i) => [i]);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      const gi = members[i];
      if (!gi) continue;
      for (let j = i + 1; j < n; j++) {
        const gj = members[j];
        if (!gj) continue;
        const average = sum[i]![j]! / (gi.length * gj.length);
        if (average > best) [best, bi, bj] = [average, i, j];
      }
    }
    if (bi < 0 || best < threshold) break;
    // Merge j into i; sums add up (Lance–Williams for average linkage).
    for (let k = 0; k < n; k++) {
      if (k === bi || k === bj || !members[k]) continue;
      sum[bi]![k] = sum[k]![bi] = sum[bi]![k]! + sum[bj]![k]!;
    }
    members[bi] = [...members[bi]!, ...members[bj]!];
    members[bj] = null;
  }
  return members.filter((g): g is number[] => g !== null);
}

function greedy(sets: readonly Set<string>[], threshold: number): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < sets.length; i++) {
    const home = groups.find((g) => jaccard(sets[g[0]!]!, sets[i]!) >= threshold);
    if (home) home.push(i);
    else groups.push([i]);
  }
  return groups;
}
