// One patient's timeline and conflicts from the facts of its documents (document-facts.ts):
// encounters in date order; problems (the patient's own only: never a negated, family,
// hypothetical or possible finding) with their mentions, state, onset and resolution;
// medications started / changed / stopped across documents; labs as series; and what the
// documents disagree on (an allergy against "no known allergies", a medication active in one
// and stopped in another, different dates of birth or record numbers). Pure.
import type { Conflict, Encounter, EvidenceRef, Lab, Medication, Problem } from '../../../../shared/patients/api';
import type { DocumentFacts } from './document-facts';

export interface Timeline {
  readonly encounters: Encounter[];
  readonly problems: Problem[];
  readonly medications: Medication[];
  readonly labs: Lab[];
  readonly conflicts: Conflict[];
}

/** Folded text: what two mentions of one problem, drug or test have in common. */
export const foldKey = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Dated first (ascending), undated last, then by document. */
function byDate(a: { date: string | null; documentId: number }, b: { date: string | null; documentId: number }): number {
  if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : a.date.localeCompare(b.date);
  return a.documentId - b.documentId;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}

const NUMBER = /^[<>≤≥]?\s*(-?\d+(?:\.\d+)?)\b/;

export function numericValue(value: string): number | null {
  const m = NUMBER.exec(value.trim().replace(/,(?=\d{3}\b)/g, ''));
  return m ? Number(m[1]) : null;
}

export function buildTimeline(documents: readonly DocumentFacts[]): Timeline {
  const point = (d: DocumentFacts, date: string | null, evidence: EvidenceRef | null) => ({ date, documentId: d.documentId, title: d.title, evidence });

  const encounters: Encounter[] = documents
    .flatMap((d) => (d.encounters.length > 0 ? d.encounters.map((e) => ({ ...point(d, e.date, e.evidence), kind: e.kind })) : [{ ...point(d, null, null), kind: null }]))
    .sort(byDate);

  const problemMentions = documents.flatMap((d) => d.problems.map((p) => ({ ...p, ...point(d, p.date, p.evidence) })));
  const problems: Problem[] = [...groupBy(problemMentions, (p) => foldKey(p.name))].map(([key, mentions]) => {
    mentions.sort(byDate);
    const latest = mentions[mentions.length - 1]!;
    const resolvedMention = mentions.find((m) => m.status === 'resolved');
    const state = latest.status === 'resolved' ? 'resolved' : mentions.every((m) => m.label === 'historical' || m.status === 'history of') ? 'historical' : 'active';
    return {
      key,
      name: mentions[0]!.name,
      state,
      onset: mentions.map((m) => m.onset).find((o) => o !== null) ?? null,
      resolved: state === 'resolved' ? (resolvedMention?.date ?? null) : null,
      mentions: mentions.map((m) => ({ date: m.date, documentId: m.documentId, title: m.title, evidence: m.evidence, label: m.label })),
    };
  });
  problems.sort((a, b) => byDate({ date: a.mentions[0]!.date, documentId: 0 }, { date: b.mentions[0]!.date, documentId: 0 }) || a.key.localeCompare(b.key));

  const medMentions = documents.flatMap((d) => d.medications.map((m) => ({ ...m, ...point(d, m.date, m.evidence) })));
  const medications: Medication[] = [...groupBy(medMentions, (m) => foldKey(m.name))].map(([key, mentions]) => {
    mentions.sort(byDate);
    let previous: (typeof mentions)[number] | null = null;
    const events = mentions.map((m) => {
      const change = m.stopped ? 'stopped' : previous === null || previous.stopped ? 'started' : previous.sig !== m.sig ? 'changed' : 'continued';
      previous = m;
      return { date: m.date, documentId: m.documentId, title: m.title, evidence: m.evidence, change, sig: m.sig } as const;
    });
    return { key, name: mentions[0]!.name, state: mentions[mentions.length - 1]!.stopped ? 'stopped' : 'active', events };
  });
  medications.sort((a, b) => a.key.localeCompare(b.key));

  const labPoints = documents.flatMap((d) => d.labs.map((l) => ({ ...l, ...point(d, l.date, l.evidence) })));
  const labs: Lab[] = [...groupBy(labPoints, (l) => foldKey(l.name))].map(([key, points]) => {
    points.sort(byDate);
    return {
      key,
      name: points[0]!.name,
      unit: points.find((p) => p.unit !== null)?.unit ?? null,
      points: points.map((p) => ({ date: p.date, documentId: p.documentId, title: p.title, evidence: p.evidence, value: p.value, numeric: numericValue(p.value), unit: p.unit })),
    };
  });
  labs.sort((a, b) => a.key.localeCompare(b.key));

  return { encounters, problems, medications, labs, conflicts: conflictsOf(documents, medications) };
}

function conflictsOf(documents: readonly DocumentFacts[], medications: readonly Medication[]): Conflict[] {
  const out: Conflict[] = [];
  const side = (d: DocumentFacts, text: string, evidence: EvidenceRef | null) => ({ date: d.date, documentId: d.documentId, title: d.title, evidence, text });

  const withAllergies = documents.filter((d) => d.allergies.length > 0);
  const noneKnown = documents.filter((d) => d.noKnownAllergies !== null);
  for (const [key, list] of groupBy(withAllergies.flatMap((d) => d.allergies.map((a) => ({ d, a }))), (x) => foldKey(x.a.substance))) {
    if (noneKnown.length === 0 || key === '') continue;
    out.push({
      kind: 'allergy',
      label: `${list[0]!.a.substance} allergy / no known allergies`,
      sides: [...list.map(({ d, a }) => side(d, `Allergy: ${a.substance}`, a.evidence)), ...noneKnown.map((d) => side(d, 'No known allergies', d.noKnownAllergies))],
    });
  }

  for (const m of medications) {
    const stopped = m.events.filter((e) => e.change === 'stopped');
    const active = m.events.filter((e) => e.change !== 'stopped');
    if (stopped.length === 0 || active.length === 0) continue;
    out.push({
      kind: 'medication',
      label: `${m.name}: active in one document, stopped in another`,
      sides: [...active, ...stopped].map((e) => ({ date: e.date, documentId: e.documentId, title: e.title, evidence: e.evidence, text: `${e.change === 'stopped' ? 'Stopped' : 'Active'}: ${e.sig}` })),
    });
  }

  for (const [kind, label] of [['dob', 'Different dates of birth'], ['mrn', 'Different record numbers']] as const) {
    const byValue = groupBy(documents.filter((d) => d.identity[kind] !== null), (d) => d.identity[kind]!);
    if (byValue.size < 2) continue;
    out.push({ kind, label, sides: [...byValue.values()].flatMap((list) => list.map((d) => side(d, d.written[kind] ?? '', d.identifierEvidence[kind]))) });
  }
  return out;
}
