// The Patients screen (from the header): documents grouped by the patient their extracted
// values name. Left, every patient and the suggested merges (a shared name or MRN with
// something else differing: never merged without a person). Right, the open patient: what
// the documents disagree on, a timeline of encounters, problems (the patient's own only),
// medications started / changed / stopped and labs with a small chart, and the documents,
// each of which can be split off. Every point opens its evidence in the reader's Extract tab.
import { useState } from 'react';
import type { EvidenceRef, MergeSuggestion, PatientDetail, PatientSummary } from '../../../../shared/patients/api';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { useNavigation } from '../../app/Navigation';
import { formatDay } from '../library/format';
import { LabChart } from './LabChart';
import './PatientsView.css';

const KIND_WORDS = { name: 'name', dob: 'date of birth', mrn: 'MRN' } as const;
const words = (kinds: ReadonlyArray<keyof typeof KIND_WORDS>): string => kinds.map((k) => KIND_WORDS[k]).join(', ');
const day = (iso: string | null): string => (iso === null ? 'Undated' : formatDay(iso));
export const patientName = (p: Pick<PatientSummary, 'id' | 'name'>): string => p.name ?? `Unnamed patient ${p.id}`;

type Point = { readonly documentId: number; readonly evidence: EvidenceRef | null };

export function PatientsView({ patientId }: { readonly patientId: number | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const list = useCall('patients:list', {}, 'all');
  const patients = list.data?.patients ?? [];
  const selected = patientId !== null && patients.some((p) => p.id === patientId) ? patientId : (patients[0]?.id ?? null);
  const detail = useCall('patients:get', selected === null ? null : { patientId: selected }, String(selected));
  const byId = new Map(patients.map((p) => [p.id, p]));

  const show = (id: number) => navigation.navigate({ view: 'patients', patientId: id });

  function open(point: Point) {
    const e = point.evidence;
    navigation.navigate(
      e
        ? {
            view: 'document',
            documentId: e.documentId,
            page: e.page,
            highlight: null,
            panel: 'extract',
            extract: { template: e.template, field: e.field, evidence: { page: e.page, quote: e.quote } },
          }
        : { view: 'document', documentId: point.documentId, page: 1, highlight: null },
    );
  }

  async function act(what: string, run: () => Promise<{ patient: PatientSummary } | { keptApart: boolean }>) {
    try {
      const result = await run();
      notify(what, 'success');
      list.reload();
      detail.reload();
      if ('patient' in result) show(result.patient.id);
    } catch (err) {
      notify(`Could not do that: ${errorMessage(err)}`, 'error');
    }
  }
  const merge = (patientId: number, otherId: number) => act('Merged.', () => call('patients:merge', { patientId, otherId }));
  const keepApart = (patientId: number, otherId: number) => act('Kept apart.', () => call('patients:keepApart', { patientId, otherId }));
  const split = (patientId: number, documentId: number) => act('Moved to a new patient.', () => call('patients:split', { patientId, documentIds: [documentId] }));

  return (
    <section className="patients" aria-labelledby="patients-title" data-testid="patients">
      <div className="patients__side">
        <h1 id="patients-title" className="patients__title">
          Patients
        </h1>
        <p className="patients__intro">Documents grouped by the patient their extracted name, date of birth and MRN give. Documents whose identifiers disagree are never merged on their own.</p>
        {list.status === 'error' ? <ErrorBanner title="Cannot group the patients" message={list.error} onRetry={list.reload} /> : null}
        {list.data === null ? (
          list.status === 'loading' ? <LoadingState label="Grouping documents by patient…" /> : null
        ) : patients.length === 0 ? (
          <p className="patients__empty">No patients yet. Extract a clinical template (Clinical record, Discharge summary) on medical records to see them here.</p>
        ) : (
          <ul className="patients__list" aria-label="Patients">
            {patients.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="patients__item"
                  aria-current={p.id === selected ? 'true' : undefined}
                  onClick={() => show(p.id)}
                  data-testid="patient-item"
                  data-patient-id={p.id}
                >
                  <span className="patients__item-name">{patientName(p)}</span>
                  <span className="patients__item-meta">
                    {p.dob ? `born ${day(p.dob)} · ` : ''}
                    {p.documents === 1 ? '1 document' : `${p.documents} documents`}
                  </span>
                  {p.differing.length > 0 ? <Badge tone="warning">{`Differing ${words(p.differing)}`}</Badge> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
        {list.data && list.data.suggestions.length > 0 ? (
          <section className="patients__suggestions" aria-labelledby="patients-suggestions-title">
            <h2 id="patients-suggestions-title">Possibly the same patient</h2>
            <ul>
              {list.data.suggestions.map((s) => (
                <Suggestion key={`${s.patientId}:${s.otherId}`} suggestion={s} byId={byId} onMerge={merge} onKeepApart={keepApart} />
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <div className="patients__main">
        {detail.status === 'error' ? <ErrorBanner title="Cannot show this patient" message={detail.error} onRetry={detail.reload} /> : null}
        {detail.data ? (
          <PatientPage detail={detail.data} others={patients.filter((p) => p.id !== selected)} onOpen={open} onMerge={merge} onSplit={split} />
        ) : detail.status === 'loading' ? (
          <LoadingState label="Reading the patient's documents…" />
        ) : null}
      </div>
    </section>
  );
}

function Suggestion(props: {
  readonly suggestion: MergeSuggestion;
  readonly byId: ReadonlyMap<number, PatientSummary>;
  readonly onMerge: (a: number, b: number) => void;
  readonly onKeepApart: (a: number, b: number) => void;
}) {
  const { suggestion: s, byId } = props;
  const [a, b] = [byId.get(s.patientId), byId.get(s.otherId)];
  if (!a || !b) return null;
  const label = (p: PatientSummary) => `${patientName(p)}${p.dob ? ` (born ${day(p.dob)})` : ''}`;
  return (
    <li className="patients__suggestion" data-testid="patient-suggestion">
      <p>
        {label(a)} and {label(b)}: same {words(s.shared)}
        {s.differing.length > 0 ? `; ${words(s.differing)} differ${s.differing.length === 1 ? 's' : ''}` : ''}.
      </p>
      <div className="patients__suggestion-actions">
        <Button size="sm" onClick={() => props.onMerge(s.patientId, s.otherId)} data-testid="patient-suggestion-merge">
          Merge
        </Button>
        <Button size="sm" variant="ghost" onClick={() => props.onKeepApart(s.patientId, s.otherId)} data-testid="patient-suggestion-keep-apart">
          Keep apart
        </Button>
      </div>
    </li>
  );
}

function Evidence({ point, onOpen }: { readonly point: Point; readonly onOpen: (p: Point) => void }) {
  return (
    <button type="button" className="patient__evidence" title={point.evidence?.quote ?? 'Open the document'} onClick={() => onOpen(point)} data-testid="patient-evidence">
      {point.evidence ? `p. ${point.evidence.page}` : 'Open'}
    </button>
  );
}

const STATE_TONE: Record<string, BadgeTone> = { active: 'accent', historical: 'neutral', resolved: 'success', stopped: 'neutral', started: 'accent', changed: 'warning', continued: 'neutral' };
const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function PatientPage(props: {
  readonly detail: PatientDetail;
  readonly others: readonly PatientSummary[];
  readonly onOpen: (p: Point) => void;
  readonly onMerge: (a: number, b: number) => void;
  readonly onSplit: (patientId: number, documentId: number) => void;
}) {
  const { detail: d, onOpen } = props;
  const p = d.patient;
  const [mergeWith, setMergeWith] = useState('');
  return (
    <article className="patient" aria-labelledby="patient-name" data-testid="patient-page" data-patient-id={p.id}>
      <header className="patient__head">
        <h2 id="patient-name" className="patient__name">
          {patientName(p)}
        </h2>
        <dl className="patient__ids">
          <dt>Born</dt>
          <dd>{p.dob ? day(p.dob) : '—'}</dd>
          <dt>MRN</dt>
          <dd>{p.mrn ?? '—'}</dd>
          <dt>Seen</dt>
          <dd>{p.first ? (p.first === p.last ? day(p.first) : `${day(p.first)} – ${day(p.last)}`) : '—'}</dd>
        </dl>
        {props.others.length > 0 ? (
          <form className="patient__merge" onSubmit={(e) => (e.preventDefault(), mergeWith !== '' && props.onMerge(p.id, Number(mergeWith)))}>
            <label>
              Merge with
              <select value={mergeWith} onChange={(e) => setMergeWith(e.target.value)} data-testid="patient-merge-with">
                <option value="">Choose a patient…</option>
                {props.others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {patientName(o)}
                    {o.dob ? ` (born ${day(o.dob)})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" size="sm" disabled={mergeWith === ''} data-testid="patient-merge">
              Merge
            </Button>
          </form>
        ) : null}
      </header>

      {d.conflicts.length > 0 ? (
        <section className="patient__section patient__conflicts" aria-labelledby="patient-conflicts">
          <h3 id="patient-conflicts">Conflicts</h3>
          <ul>
            {d.conflicts.map((c, i) => (
              <li key={i} data-testid="patient-conflict" data-kind={c.kind}>
                <strong>{c.label}</strong>
                <ul>
                  {c.sides.map((s, j) => (
                    <li key={j}>
                      {s.text} · {s.title} · {day(s.date)} <Evidence point={s} onOpen={onOpen} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="patient__section" aria-labelledby="patient-encounters">
        <h3 id="patient-encounters">Encounters</h3>
        <ol className="patient__timeline">
          {d.encounters.map((e, i) => (
            <li key={i} data-testid="patient-encounter">
              <span className="patient__date">{day(e.date)}</span> {e.kind ? sentence(e.kind) : 'Document'} · {e.title} <Evidence point={e} onOpen={onOpen} />
            </li>
          ))}
        </ol>
      </section>

      <section className="patient__section" aria-labelledby="patient-problems">
        <h3 id="patient-problems">Problems</h3>
        {d.problems.length === 0 ? (
          <p className="patients__empty">No problems stated as the patient’s own. Negated, family, hypothetical and possible findings are never listed here.</p>
        ) : (
          <ul className="patient__rows">
            {d.problems.map((pr) => (
              <li key={pr.key} data-testid="patient-problem">
                <span className="patient__row-name">{pr.name}</span> <Badge tone={STATE_TONE[pr.state]}>{sentence(pr.state)}</Badge>
                {pr.onset ? <span className="patient__note"> · onset {day(pr.onset)}</span> : null}
                {pr.resolved ? <span className="patient__note"> · resolved {day(pr.resolved)}</span> : null}
                <span className="patient__points">
                  {pr.mentions.map((m, i) => (
                    <span key={i} className="patient__point">
                      {day(m.date)} <Evidence point={m} onOpen={onOpen} />
                    </span>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="patient__section" aria-labelledby="patient-medications">
        <h3 id="patient-medications">Medications</h3>
        {d.medications.length === 0 ? (
          <p className="patients__empty">No medications extracted.</p>
        ) : (
          <ul className="patient__rows">
            {d.medications.map((m) => (
              <li key={m.key} data-testid="patient-medication">
                <span className="patient__row-name">{m.name}</span> <Badge tone={STATE_TONE[m.state]}>{sentence(m.state)}</Badge>
                <ol className="patient__events">
                  {m.events.map((e, i) => (
                    <li key={i}>
                      <span className="patient__date">{day(e.date)}</span> <Badge tone={STATE_TONE[e.change]}>{sentence(e.change)}</Badge> <span className="patient__note">{e.sig}</span>{' '}
                      <Evidence point={e} onOpen={onOpen} />
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="patient__section" aria-labelledby="patient-labs">
        <h3 id="patient-labs">Labs</h3>
        {d.labs.length === 0 ? (
          <p className="patients__empty">No lab results extracted.</p>
        ) : (
          <ul className="patient__labs">
            {d.labs.map((lab) => (
              <li key={lab.key} className="patient__lab" data-testid="patient-lab">
                <h4>
                  {lab.name}
                  {lab.unit ? <span className="patient__note"> ({lab.unit})</span> : null}
                </h4>
                <LabChart lab={lab} onOpen={onOpen} />
                <ol className="patient__events">
                  {lab.points.map((pt, i) => (
                    <li key={i} data-testid="patient-lab-point">
                      <span className="patient__date">{day(pt.date)}</span> {pt.value}
                      {pt.unit ? ` ${pt.unit}` : ''} <Evidence point={pt} onOpen={onOpen} />
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="patient__section" aria-labelledby="patient-documents">
        <h3 id="patient-documents">Documents</h3>
        <ul className="patient__rows">
          {d.documents.map((doc) => (
            <li key={doc.documentId} data-testid="patient-document" data-document-id={doc.documentId}>
              <span className="patient__row-name">{doc.title}</span> <span className="patient__date">{day(doc.date)}</span>
              <span className="patient__note">
                {' · '}
                {[doc.identifiers.name, doc.identifiers.dob, doc.identifiers.mrn].filter((x) => x !== null).join(' · ')}
              </span>
              {doc.reviewed.length > 0 ? <Badge tone="success">Reviewed</Badge> : null}
              <Evidence point={{ documentId: doc.documentId, evidence: null }} onOpen={onOpen} />
              {d.documents.length > 1 ? (
                <Button size="sm" variant="ghost" onClick={() => props.onSplit(p.id, doc.documentId)} data-testid="patient-split">
                  Move to a new patient
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
