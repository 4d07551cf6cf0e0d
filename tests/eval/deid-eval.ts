// Scores the de-identifier (shared/clinical/deid) on synthetic notes (deid-generator.ts):
// recall per seeded type (an identifier counts as found when every non-space character of it
// is inside some detected span, of any type: any detector is enough to redact it), and
// precision per detected type (the share of detected spans that touch a seeded identifier).
import { detectPhi, PHI_TYPES, UNSTRUCTURED_TYPES, type PhiType } from '../../shared/clinical/deid';
import { HELDOUT_TEMPLATES, syntheticNotes, type SeededIdentifier, type SyntheticNote } from './deid-generator';

export interface DeidTypeScore {
  readonly type: PhiType;
  readonly seeded: number;
  readonly recall: number | null;
  readonly detected: number;
  readonly precision: number | null;
}

export interface DeidReport {
  readonly notes: number;
  readonly identifiers: number;
  readonly recall_structured: number;
  readonly recall_names: number;
  readonly recall_unseen_names: number;
  readonly precision: number;
  readonly types: readonly DeidTypeScore[];
  readonly missed: ReadonlyArray<{ type: PhiType; text: string; context: string }>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

/** Dev notes (the templates the rules were tuned on) and held-out notes, scored together and apart. */
export function evaluateDeid(): DeidReport & { splits: Record<string, Omit<DeidReport, 'types' | 'missed'>> } {
  const dev = syntheticNotes(13, 1200);
  const heldout = syntheticNotes(7, 400, HELDOUT_TEMPLATES);
  const { types: _t, missed: _m, ...devSummary } = scoreNotes(dev);
  const { types: _t2, missed: _m2, ...heldoutSummary } = scoreNotes(heldout);
  return { ...scoreNotes([...dev, ...heldout]), splits: { dev: devSummary, heldout: heldoutSummary } };
}

export function scoreNotes(notes: readonly SyntheticNote[]): DeidReport {
  const found = new Map<PhiType, number>();
  const seeded = new Map<PhiType, number>();
  const detected = new Map<PhiType, number>();
  const trueDetected = new Map<PhiType, number>();
  const missed: Array<{ type: PhiType; text: string; context: string }> = [];
  let unseen = 0;
  let unseenFound = 0;
  const inc = (m: Map<PhiType, number>, t: PhiType): void => void m.set(t, (m.get(t) ?? 0) + 1);
  for (const note of notes) {
    const spans = detectPhi(note.text);
    const covered = new Uint8Array(note.text.length);
    for (const s of spans) covered.fill(1, s.start, s.end);
    const hit = (id: SeededIdentifier): boolean => {
      for (let i = id.start; i < id.end; i++) if (!covered[i] && !/\s/.test(note.text[i]!)) return false;
      return true;
    };
    for (const id of note.identifiers) {
      inc(seeded, id.type);
      const ok = hit(id);
      if (ok) inc(found, id.type);
      else missed.push({ type: id.type, text: id.text, context: note.text.slice(Math.max(0, id.start - 40), id.end + 20).replace(/\n/g, ' ⏎ ') });
      if (id.unseen && UNSTRUCTURED_TYPES.includes(id.type)) {
        unseen++;
        if (ok) unseenFound++;
      }
    }
    for (const s of spans) {
      inc(detected, s.type);
      if (note.identifiers.some((id) => id.start < s.end && s.start < id.end)) inc(trueDetected, s.type);
    }
  }
  const sum = (m: Map<PhiType, number>, pred: (t: PhiType) => boolean): number =>
    [...m].filter(([t]) => pred(t)).reduce((a, [, n]) => a + n, 0);
  const structured = (t: PhiType): boolean => !UNSTRUCTURED_TYPES.includes(t);
  const names = (t: PhiType): boolean => UNSTRUCTURED_TYPES.includes(t);
  return {
    notes: notes.length,
    identifiers: sum(seeded, () => true),
    recall_structured: ratio(sum(found, structured), sum(seeded, structured)) ?? 0,
    recall_names: ratio(sum(found, names), sum(seeded, names)) ?? 0,
    recall_unseen_names: ratio(unseenFound, unseen) ?? 0,
    precision: ratio(sum(trueDetected, () => true), sum(detected, () => true)) ?? 0,
    types: PHI_TYPES.map((type) => ({
      type,
      seeded: seeded.get(type) ?? 0,
      recall: ratio(found.get(type) ?? 0, seeded.get(type) ?? 0),
      detected: detected.get(type) ?? 0,
      precision: ratio(trueDetected.get(type) ?? 0, detected.get(type) ?? 0),
    })),
    missed,
  };
}

export function formatDeidReport(r: DeidReport & { splits?: Record<string, Omit<DeidReport, 'types' | 'missed'>> }): string {
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const rows = [['TYPE', 'SEEDED', 'RECALL', 'DETECTED', 'PRECISION']];
  for (const t of r.types) rows.push([t.type, String(t.seeded), pct(t.recall), String(t.detected), pct(t.precision)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  lines.unshift(`De-identification: ${r.notes} synthetic notes, ${r.identifiers} seeded identifiers`);
  lines.push(`Recall structured ${pct(r.recall_structured)}, names/locations ${pct(r.recall_names)} (outside the lexicons ${pct(r.recall_unseen_names)}), precision ${pct(r.precision)}`);
  for (const [name, s] of Object.entries(r.splits ?? {})) {
    lines.push(`  ${name}: ${s.notes} notes, ${s.identifiers} identifiers; recall structured ${pct(s.recall_structured)}, names/locations ${pct(s.recall_names)}, precision ${pct(s.precision)}`);
  }
  for (const m of r.missed.slice(0, 25)) lines.push(`  missed ${m.type}: ${JSON.stringify(m.text)} in …${m.context}…`);
  return lines.join('\n');
}
