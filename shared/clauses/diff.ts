// Word-level differences between a reference clause and another: the longest common
// subsequence of words (compared folded: case, quotes and dashes aside), with the words only
// in the reference "removed" and those only in the clause "added". Shared: pure TypeScript.
//
// Cost is bounded: the table is words(a) x words(b); past MAX_CELLS the common start and end
// are kept and the middle is shown as replaced, so a huge input cannot freeze anything.
import { fold } from '../extraction/text';

export type DiffOp = 'same' | 'added' | 'removed';
export interface DiffPart {
  readonly op: DiffOp;
  readonly text: string;
}

const MAX_CELLS = 1_000_000;

/** Words with the space before them kept on the word, so joining the parts gives the text back. */
function words(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function key(word: string): string {
  return fold(word).replace(/[.,;:!?()"']+$/g, '').replace(/^[("']+/, '');
}

function push(out: DiffPart[], op: DiffOp, text: string): void {
  const last = out.at(-1);
  if (last && last.op === op) out[out.length - 1] = { op, text: last.text + text };
  else out.push({ op, text });
}

/**
 * The parts that turn `reference` into `clause`: same, removed (reference only), added (clause
 * only); removed before added where both. Same parts carry the clause's words, so the clause is
 * exactly its same and added parts.
 */
export function diffWords(reference: string, clause: string): DiffPart[] {
  const a = words(reference);
  const b = words(clause);
  const ka = a.map(key);
  const kb = b.map(key);
  const out: DiffPart[] = [];
  // Common start and end first: cheap, and all a near-identical clause needs.
  let head = 0;
  while (head < a.length && head < b.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && ka[a.length - 1 - tail] === kb[b.length - 1 - tail]) tail++;
  for (let i = 0; i < head; i++) push(out, 'same', b[i]!);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > MAX_CELLS) {
    for (let i = head; i < head + n; i++) push(out, 'removed', a[i]!);
    for (let j = head; j < head + m; j++) push(out, 'added', b[j]!);
  } else if (n > 0 || m > 0) {
    // lcs[i][j]: LCS length of a[head+i..] and b[head+j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = ka[head + i] === kb[head + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ka[head + i] === kb[head + j]) {
        push(out, 'same', b[head + j]!);
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        push(out, 'removed', a[head + i]!);
        i++;
      } else {
        push(out, 'added', b[head + j]!);
        j++;
      }
    }
  }
  for (let i = b.length - tail; i < b.length; i++) push(out, 'same', b[i]!);
  return out;
}
