// De-identified export: every string an export carries (title, values, normalized values,
// quotes, items, alternatives, suggestions) goes through shared/clinical/deid, with the
// patient's own identifiers from the extracted values (name, date of birth, MRN, provider)
// passed in as known, so they are found in any spelling. One surrogate book per export; with
// date shifting, one secret offset per patient (documents with the same extracted name, date
// of birth and MRN share it), held in memory only. Pure apart from the random offset.
import { deidentify, randomDateShift, SurrogateBook, type DeidOptions, type KnownIdentifiers } from '../../../../shared/clinical/deid';
import type { Candidate, Evidence, ExportDeidOptions, FieldItem, FieldResult } from '../../../../shared/extraction/api';
import { isIdentifierField, knownIdentifiers, stringsIn as strings } from '../../../../shared/extraction/identifiers';
import type { ExportDocument } from './export';

/** Every string inside a JSON-like value, de-identified; numbers, booleans and null kept. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

export function deidentifyDocuments(documents: readonly ExportDocument[], options: ExportDeidOptions): ExportDocument[] {
  const surrogates = options.surrogates ? new SurrogateBook() : undefined;
  const shifts = new Map<string, number>();
  return documents.map((doc) => {
    const known = knownIdentifiers(doc.fields);
    const patientKey = JSON.stringify([known.names?.[0], known.dates, known.mrns].map((v) => strings(v).join('|').toLowerCase().replace(/[^a-z0-9|]/g, '')));
    const hasPatient = (known.names?.length ?? 0) + (known.dates?.length ?? 0) + (known.mrns?.length ?? 0) > 0;
    const key = hasPatient ? patientKey : `document ${doc.documentId}`;
    if (options.shiftDates && !shifts.has(key)) shifts.set(key, randomDateShift());
    const deid: DeidOptions = { known, ...(surrogates ? { surrogates } : {}), ...(options.shiftDates ? { dateShiftDays: shifts.get(key)! } : {}) };
    const clean = (s: string): string => deidentify(s, deid).text;
    return {
      documentId: doc.documentId,
      title: clean(doc.title),
      fields: doc.fields.map((f) => {
        // The identifier fields themselves go whole: their value is the identifier.
        const identifierField = isIdentifierField(f.key);
        const whole = (s: string): string => (s.trim() ? `[${f.key.toUpperCase()}]` : s);
        const values = identifierField ? whole : clean;
        const quotes = (evidence: readonly Evidence[]): Evidence[] => evidence.map((e) => ({ ...e, quote: clean(e.quote) }));
        const items = (list: readonly FieldItem[] | null): FieldItem[] | null =>
          list?.map((i) => ({ ...i, value: mapStrings(i.value, values), normalized: mapStrings(i.normalized, values), evidence: quotes(i.evidence) })) ?? null;
        return {
          ...f,
          value: mapStrings(f.value, values),
          normalized: mapStrings(f.normalized, values),
          evidence: quotes(f.evidence),
          items: items(f.items),
          alternatives: f.alternatives.map((a) => candidate(a)),
          suggestion: f.suggestion ? candidate(f.suggestion) : null,
        } as FieldResult;
        function candidate(c: Candidate): Candidate {
          return { ...c, value: mapStrings(c.value, values), normalized: mapStrings(c.normalized, values), evidence: quotes(c.evidence), items: items(c.items) };
        }
      }),
    };
  });
}
