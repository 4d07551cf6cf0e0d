// Names and locations: context patterns (a title, a label, a credential, a relative, "lives
// in"), the lexicons, and a name's neighbours (a capitalised word next to a known first name
// is taken for the surname). Every quantifier is bounded (see patterns.ts).
import { FIRST_NAMES, NOT_NAMES, PLACES, STATE_NAMES, SURNAMES } from './lexicon';
import { STATE_ABBREVIATIONS } from './patterns';
import type { PhiSpan, PhiType } from './types';

/** A case-insensitive spelling of a word for patterns that are otherwise case-sensitive. */
const ci = (word: string): string =>
  word.replace(/[a-z]/gi, (c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c));
const anyOf = (list: string): string => list.split('|').map(ci).join('|');

const WORD = "[A-Z][A-Za-z'’-]{0,30}";
const TITLE_WORD = "[A-Z][a-z'’-]{1,30}";
// "Smith", "John Smith", "John Q. Smith", "Smith, John Q", "O'Brien-Lee".
const NAME = `${WORD}(?:,\\s{0,2}${WORD})?(?:\\s{1,3}(?:[A-Z]\\.?(?=\\s)|${WORD})){0,3}`;
const PLACE = `${WORD}(?:\\s{1,3}${WORD}){0,3}`;

const TITLES = 'Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Rev|Sr|Sister|Brother|Nurse|Doctor|Father|Pastor';
const NAME_LABELS = anyOf(
  "patient name|patient|pt name|pt|name|re|caller|family|from|to|guarantor|emergency contact|next of kin|nok|contact|attending|attending physician|physician|provider|pcp|primary care physician|primary care provider|referring physician|referring provider|referred by|surgeon|resident|fellow|nurse|rn|signed by|signed|electronically signed by|dictated by|transcribed by|author|cc|seen by|seen with|interpreter|spouse|caregiver|guardian|witness|pharmacist|therapist|case manager|social worker|radiologist|pathologist|cosigned by|reviewed by|verified by",
);
const RELATIVES = anyOf(
  'wife|husband|son|daughter|mother|father|sister|brother|partner|spouse|friend|neighbor|neighbour|caregiver|niece|nephew|grandson|granddaughter|grandmother|grandfather|aunt|uncle|fiance|fiancee|girlfriend|boyfriend|roommate|cousin|guardian',
);
const CREDENTIALS = 'MD|M\\.D\\.|DO|D\\.O\\.|RN|NP|PA-C|PA|PhD|FNP|FNP-BC|CNM|DNP|LCSW|MSW|PharmD|DDS|DPM|APRN|CRNA|LPN|MBBS|FACP|FACS';
const PLACE_VERBS = anyOf(
  'lives|living|live|resides|residing|resident|moved|relocated|born|raised|grew up|works|worked|employed|travelled|traveled|returned|visiting|visited|transferred|discharged|home',
);

interface ContextRule {
  readonly type: PhiType;
  readonly re: RegExp;
}

const CONTEXT: readonly ContextRule[] = [
  { type: 'name', re: new RegExp(`\\b(?:${TITLES})\\.?\\s{1,3}(${NAME})`, 'g') },
  { type: 'name', re: new RegExp(`\\b(?:${NAME_LABELS})\\s{0,3}[:#-]\\s{0,3}(${NAME})`, 'g') },
  { type: 'name', re: new RegExp(`\\b(?:${anyOf('signed|by|cc|seen by|per|with|from|to|dear')})\\s{1,3}(${NAME})(?=,?\\s{1,2}(?:${CREDENTIALS})\\b)`, 'g') },
  { type: 'name', re: new RegExp(`\\b(${WORD}(?:\\s{1,3}(?:[A-Z]\\.\\s{1,3})?${WORD}){0,2}),?\\s{1,2}(?:${CREDENTIALS})(?![A-Za-z])`, 'g') },
  { type: 'name', re: new RegExp(`\\b(?:${RELATIVES})(?:\\s{1,3}\\(${ci('named')}\\))?,?\\s{1,3}(${NAME})`, 'g') },
  { type: 'name', re: new RegExp(`\\b(?:${anyOf('patient|pt|referring|refer|visited|visit with|routed to|forwarded to|sent to|thank you|thanks|regards|sincerely|met with|spoke with|spoke to|talked with|talked to|discussed with|accompanied by|visited by|visit from|called by|message from|message to|patient of|care of|c/o|with patient|and patient')}),?\\s{1,3}(${NAME})`, 'g') },
  { type: 'name', re: new RegExp(`\\b(?:${anyOf('named|called|goes by|prefers to be called|known as|nicknamed')})\\s{1,3}["“]?(${NAME})`, 'g') },
  // A signature line: two or three Title-case words alone on the line after a closing
  // ("Sincerely,"); a Title-case line alone is too often a heading ("Atrial Fibrillation").
  { type: 'name', re: new RegExp(`\\b(?:${anyOf('sincerely|regards|best regards|respectfully|yours truly|thank you|thanks|signature|signed')})[,:.]?[ \\t]{0,3}\\r?\\n[ \\t]{0,3}(${TITLE_WORD}(?:[ \\t]{1,3}(?:[A-Z]\\.[ \\t]{1,3})?${TITLE_WORD}){1,2})[ \\t]{0,3}$`, 'gm') },
  { type: 'name', re: new RegExp(`(?:^|[.!?]\\s{1,3})(${WORD}(?:\\s{1,3}${WORD})?)\\s{1,3}(?=is an?\\s{1,3}\\d{1,3}[- ](?:year|yo|y\\/o)|(?:presents|presented|was seen|returns|reports|denies|states|in bed|in room|arrived|was admitted|is admitted)\\b)`, 'gm') },
  { type: 'location', re: new RegExp(`\\b(?:${PLACE_VERBS})\\s{1,3}(?:${anyOf('in|at|to|from|near|outside|outside of|with family in')})\\s{1,3}(?:${ci('the')}\\s{1,3})?(${PLACE})`, 'g') },
  { type: 'location', re: new RegExp(`\\b(${WORD}(?:\\s{1,3}${WORD}){0,2}),\\s{0,2}(?=(?:${STATE_ABBREVIATIONS}|${STATE_NAMES})\\b)`, 'g') },
  {
    type: 'location',
    re: new RegExp(`\\b(${WORD}(?:\\s{1,3}${WORD}){0,3}\\s{1,3}(?:Hospital|Medical Center|Health Center|Clinic|Health System|Nursing Home|Rehabilitation Center|Rehab|Hospice|Pharmacy|Health|Healthcare|County|Township|Parish|Borough|Village|Heights|Springs|Falls))\\b`, 'g'),
  },
  { type: 'location', re: new RegExp(`\\b(?:${anyOf('from|to|in|near')})\\s{1,3}(${PLACE})(?=\\s{1,3}(?:last|this|in|about|several|a few|two|three|originally|area|region|\\d)\\b)`, 'g') },
  { type: 'location', re: new RegExp(`\\b(?:${anyOf('city|town|county|address|residence|home address|birthplace|place of birth|hometown')})\\s{0,3}:\\s{0,3}(${PLACE})`, 'g') },
];

const PLACE_RE = new RegExp(
  `\\b(?:${[...PLACES].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.]/g, '\\.').replace(/ /g, '\\s{1,3}')).join('|')})\\b`,
  'g',
);
const STATE_RE = new RegExp(`^(?:${STATE_NAMES})$`, 'i');
const TOKEN_RE = /[A-Za-z][A-Za-z'’-]{0,40}/g;

const isCapitalised = (w: string): boolean => /^[A-Z]/.test(w);
const bare = (w: string): string => w.toLowerCase().replace(/['’]s$/, '');
const STATE_CODE = new RegExp(`^(?:${STATE_ABBREVIATIONS})$`);
const isNameWord = (w: string): boolean => isCapitalised(w) && !NOT_NAMES.has(bare(w)) && w.length > 1 && !STATE_CODE.test(w);

/** Drops leading and trailing words that are headings or common words ("Patient: John Smith DOB"). */
function trimmed(text: string, start: number): { start: number; end: number } | null {
  const words = [...text.matchAll(/[^\s,]+/g)];
  let i = 0;
  let j = words.length - 1;
  const ok = (w: string): boolean => isNameWord(w.replace(/[.,:;]+$/, '')) || /^[A-Z]\.?$/.test(w);
  while (i <= j && !ok(words[i]![0]) ) i++;
  while (j >= i && !ok(words[j]![0])) j--;
  if (i > j) return null;
  const s = words[i]!.index!;
  let e = words[j]!.index! + words[j]![0].length;
  while (e > s && /[,:;]/.test(text[e - 1]!)) e--;
  if (e > s && text[e - 1] === '.' && !/(?:^|\s)[A-Z]\.$/.test(text.slice(s, e))) e--;
  return { start: start + s, end: start + e };
}

function span(text: string, start: number, end: number, type: PhiType, source: PhiSpan['source']): PhiSpan {
  return { start, end, type, text: text.slice(start, end), source };
}

export function detectNamesAndPlaces(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (const rule of CONTEXT) {
    for (const m of text.matchAll(rule.re)) {
      const value = m[1]!;
      const at = m.index! + m[0].lastIndexOf(value);
      const t = rule.type === 'name' ? trimmed(value, at) : { start: at, end: at + value.replace(/[.,;:]+$/, '').length };
      if (!t) continue;
      const s = text.slice(t.start, t.end);
      if (rule.type === 'location' && STATE_RE.test(s)) continue;
      out.push(span(text, t.start, t.end, rule.type, 'context'));
    }
  }
  for (const m of text.matchAll(PLACE_RE)) out.push(span(text, m.index!, m.index! + m[0].length, 'location', 'lexicon'));
  // Lexicon words, and the capitalised word right after a first name (its surname).
  const tokens = [...text.matchAll(TOKEN_RE)];
  for (let k = 0; k < tokens.length; k++) {
    const w = tokens[k]![0];
    if (!isNameWord(w)) continue;
    const key = bare(w);
    const first = FIRST_NAMES.has(key);
    if (!first && !SURNAMES.has(key)) continue;
    const start = tokens[k]!.index!;
    let end = start + w.replace(/['’]s$/, '').length;
    if (first) {
      // "John Smith", "John Q. Smith": the next capitalised word on the same line.
      let n = k + 1;
      const gap = (a: number, b: number): string => text.slice(a, b);
      if (n < tokens.length && /^[A-Z]$/.test(tokens[n]![0]) && /^\.?\s{1,3}$/.test(gap(tokens[n]!.index! + 1, tokens[n + 1]?.index ?? 0))) n++;
      const next = tokens[n];
      if (next && isNameWord(next[0]) && /^[.\s]{1,4}$/.test(gap(end, next.index!)) && !/\n/.test(gap(end, next.index!))) {
        end = next.index! + next[0].replace(/['’]s$/, '').length;
      }
    }
    out.push(span(text, start, end, 'name', 'lexicon'));
  }
  return out;
}
