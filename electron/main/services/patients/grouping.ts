// Which patient each document belongs to. A person's placement (a merge or split) is kept as
// it is; every other document is grouped again from its current identifiers, in document
// order: it joins the patient of a document it matches (same record number, or same name and
// date of birth, and nothing they both state differs) unless another document of an automatic
// group conflicts with it; otherwise it starts a patient. Never a merge across a conflict:
// those become suggestions (suggestMerges). Patient ids stay stable: a group keeps the id its
// documents had. Pure: no SQL.
import { conflictsBetween, samePatientAuto, sharedIdentifiers, type PatientIdentity } from '../../../../shared/patients/identity';
import type { MergeSuggestion } from '../../../../shared/patients/api';

export interface Placement {
  readonly documentId: number;
  readonly patientId: number;
  readonly pinned: boolean;
}

export interface Grouped {
  /** Patient id (existing) or a negative number (a new patient to create) per document. */
  readonly placements: ReadonlyMap<number, { readonly patientId: number; readonly pinned: boolean }>;
}

interface Group {
  readonly id: number;
  readonly pinned: boolean;
  readonly members: number[];
}

export function groupDocuments(identities: ReadonlyMap<number, PatientIdentity>, previous: readonly Placement[]): Grouped {
  const before = new Map(previous.map((p) => [p.documentId, p]));
  const groups = new Map<number, Group>();
  const placements = new Map<number, { patientId: number; pinned: boolean }>();
  for (const p of previous) {
    if (!p.pinned) continue;
    const g = groups.get(p.patientId) ?? { id: p.patientId, pinned: true, members: [] };
    g.members.push(p.documentId);
    groups.set(p.patientId, g);
    placements.set(p.documentId, { patientId: p.patientId, pinned: true });
  }
  let next = -1;
  const auto = [...identities.keys()].filter((id) => !placements.has(id)).sort((a, b) => a - b);
  for (const documentId of auto) {
    const identity = identities.get(documentId)!;
    const fits = [...groups.values()].filter((g) => {
      const ids = g.members.map((m) => identities.get(m)).filter((x): x is PatientIdentity => x !== undefined);
      return ids.some((m) => samePatientAuto(identity, m)) && (g.pinned || ids.every((m) => conflictsBetween(identity, m).length === 0));
    });
    const was = before.get(documentId)?.patientId;
    let group = fits.find((g) => g.id === was) ?? fits[0];
    if (!group) {
      const id = was !== undefined && !groups.has(was) ? was : next--;
      group = { id, pinned: false, members: [] };
      groups.set(id, group);
    }
    group.members.push(documentId);
    placements.set(documentId, { patientId: group.id, pinned: false });
  }
  return { placements };
}

/**
 * Pairs of patients whose documents share an identifier (name, date of birth or record
 * number) though they were not grouped, with what they share and what differs; pairs a
 * person kept apart are left out.
 */
export function suggestMerges(
  members: ReadonlyMap<number, readonly PatientIdentity[]>,
  keptApart: ReadonlySet<string>,
): MergeSuggestion[] {
  // Only pairs that share a name or a record number (a shared date of birth alone is common to many people).
  const holders = new Map<string, Set<number>>();
  for (const [patientId, identities] of members) {
    for (const identity of identities) {
      for (const k of ['name', 'mrn'] as const) {
        const v = identity[k];
        if (v === null) continue;
        const set = holders.get(`${k}:${v}`) ?? new Set<number>();
        set.add(patientId);
        holders.set(`${k}:${v}`, set);
      }
    }
  }
  const pairs = new Set<string>();
  for (const set of holders.values()) {
    const ids = [...set].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.add(pairKey(ids[i]!, ids[j]!));
  }
  const out: MergeSuggestion[] = [];
  for (const key of [...pairs].sort()) {
    if (keptApart.has(key)) continue;
    const [a, b] = key.split(':').map(Number) as [number, number];
    const shared = new Set<string>();
    const differing = new Set<string>();
    for (const x of members.get(a)!) {
      for (const y of members.get(b)!) {
        sharedIdentifiers(x, y).forEach((k) => shared.add(k));
        conflictsBetween(x, y).forEach((k) => differing.add(k));
      }
    }
    out.push({ patientId: a, otherId: b, shared: order(shared), differing: order(differing) });
  }
  return out.sort((x, y) => x.patientId - y.patientId || x.otherId - y.otherId);
}

const KINDS = ['name', 'dob', 'mrn'] as const;
const order = (s: ReadonlySet<string>): Array<(typeof KINDS)[number]> => KINDS.filter((k) => s.has(k));

export const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
