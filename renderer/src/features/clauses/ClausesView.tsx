// The Clauses screen (from the header): one clause type (a template field) from every contract
// side by side — each value's evidence grown to whole sentences — with word differences from a
// reference the person picks (a contract's clause, or their own text such as a playbook's
// standard wording), and the clauses grouped into wording variants with counts.
import { useState } from 'react';
import type { Clause, ClauseReference } from '../../../../shared/clauses/api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useCall } from '../../ipc/use-call';
import { useNavigation } from '../../app/Navigation';
import './ClausesView.css';

const DEFAULT_TEMPLATE = 'contract';
const DEFAULT_FIELD = 'governing_law';

export function ClausesView() {
  const navigation = useNavigation();
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [field, setField] = useState(DEFAULT_FIELD);
  const [referenceKind, setReferenceKind] = useState<'none' | 'document' | 'playbook' | 'text'>('none');
  const [playbookName, setPlaybookName] = useState('');
  const [referenceDocument, setReferenceDocument] = useState<number | null>(null);
  const [referenceText, setReferenceText] = useState('');
  const [variant, setVariant] = useState<number | null>(null);

  const templates = useCall('templates:list', {}, 'all');
  const fields = useCall('templates:get', { name: template }, template);
  const playbooks = useCall('playbooks:list', {}, 'all');
  const playbook = useCall('playbooks:get', referenceKind === 'playbook' && playbookName !== '' ? { name: playbookName } : null, playbookName);
  // A playbook's standard wording for this clause: the first of its rules on this field that has one.
  const standardRule = playbook.data?.playbook.rules.find((r) => r.field === field && r.standard !== undefined && r.standard !== '');
  const reference: ClauseReference | undefined =
    referenceKind === 'document' && referenceDocument !== null
      ? { kind: 'document', documentId: referenceDocument }
      : referenceKind === 'text' && referenceText.trim() !== ''
        ? { kind: 'text', text: referenceText.trim(), label: 'Your reference text' }
        : referenceKind === 'playbook' && standardRule?.standard
          ? { kind: 'text', text: standardRule.standard, label: `${playbook.data!.playbook.title}: ${standardRule.title}` }
          : undefined;
  const request = { template, field, ...(reference ? { reference } : {}) };
  const comparison = useCall('clauses:compare', field === '' ? null : request, JSON.stringify(request));
  const data = comparison.data;
  const shown = data === null ? [] : data.clauses.filter((c) => variant === null || c.variant === variant);

  return (
    <section className="clauses" aria-labelledby="clauses-title" data-testid="clauses">
      <div className="clauses__head">
        <h1 id="clauses-title" className="clauses__title">
          Clauses
        </h1>
        <p className="clauses__intro">One clause type from every contract, side by side: the cited words grown to whole sentences, grouped by wording.</p>
      </div>
      <form className="clauses__filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Template
          <select value={template} onChange={(e) => (setTemplate(e.target.value), setField(''), setVariant(null))} data-testid="clauses-template">
            {(templates.data?.items ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Clause
          <select value={field} onChange={(e) => (setField(e.target.value), setVariant(null))} data-testid="clauses-field">
            <option value="">Choose…</option>
            {(fields.data?.template.fields ?? []).map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Compare with
          <select value={referenceKind} onChange={(e) => setReferenceKind(e.target.value as typeof referenceKind)} data-testid="clauses-reference-kind">
            <option value="none">Nothing</option>
            <option value="document">A contract’s clause</option>
            <option value="playbook">A playbook’s standard wording</option>
            <option value="text">Your text</option>
          </select>
        </label>
        {referenceKind === 'document' ? (
          <label>
            Contract
            <select value={referenceDocument ?? ''} onChange={(e) => setReferenceDocument(e.target.value === '' ? null : Number(e.target.value))} data-testid="clauses-reference-document">
              <option value="">Choose…</option>
              {(data?.clauses ?? [])
                .filter((c) => c.text !== null)
                .map((c) => (
                  <option key={c.documentId} value={c.documentId}>
                    {c.title}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
        {referenceKind === 'playbook' ? (
          <label>
            Playbook
            <select value={playbookName} onChange={(e) => setPlaybookName(e.target.value)} data-testid="clauses-reference-playbook">
              <option value="">Choose…</option>
              {(playbooks.data?.items ?? [])
                .filter((p) => p.template === template)
                .map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.title}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
      </form>
      {referenceKind === 'playbook' && playbook.data && !standardRule ? (
        <p className="clauses__empty">This playbook has no standard wording for this clause.</p>
      ) : null}
      {referenceKind === 'text' ? (
        <label className="clauses__reference-text">
          Reference text
          <textarea value={referenceText} onChange={(e) => setReferenceText(e.target.value)} rows={3} maxLength={4000} data-testid="clauses-reference-text" />
        </label>
      ) : null}
      {field === '' ? null : comparison.status === 'error' ? (
        <ErrorBanner title="Cannot compare the clauses" message={comparison.error} onRetry={comparison.reload} />
      ) : data === null ? (
        comparison.status === 'loading' ? <LoadingState label="Reading the clauses…" /> : null
      ) : data.clauses.length === 0 ? (
        <p className="clauses__empty">No contract has a value for this clause yet: extract or enter it in the reader.</p>
      ) : (
        <>
          <div className="clauses__variants" role="group" aria-label="Wording variants" data-testid="clauses-variants">
            <button type="button" aria-pressed={variant === null} onClick={() => setVariant(null)}>
              All ({data.clauses.length})
            </button>
            {data.variants.map((v, i) => (
              <button key={i} type="button" aria-pressed={variant === i} onClick={() => setVariant(i)} title={v.text} data-testid="clauses-variant">
                Variant {i + 1} ({v.count})
              </button>
            ))}
          </div>
          {data.reference ? (
            <p className="clauses__reference">
              Compared with <strong>{data.reference.label}</strong>: <span className="clauses__legend-del">removed</span> words are the reference’s, <span className="clauses__legend-ins">added</span> words the clause’s.
            </p>
          ) : null}
          <ul className="clauses__grid">
            {shown.map((c) => (
              <li key={c.documentId} className="clause-card" data-testid="clause-card">
                <div className="clause-card__head">
                  <strong>{c.title}</strong>
                  {c.variant !== null ? <span className="clause-card__variant">variant {c.variant + 1}</span> : null}
                  {c.similarity !== null ? <span className="clause-card__similarity">{Math.round(c.similarity * 100)}% alike</span> : null}
                </div>
                <p className="clause-card__value">{c.value}</p>
                <ClauseText clause={c} />
                {c.evidence.map((e, i) => (
                  <button
                    key={i}
                    type="button"
                    className="clause-card__page"
                    title={e.quote}
                    onClick={() => navigation.navigate({ view: 'document', documentId: c.documentId, page: e.page, highlight: null })}
                  >
                    p. {e.page}
                  </button>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ClauseText({ clause }: { clause: Clause }) {
  if (clause.text === null) return <p className="clause-card__none">The value cites no text.</p>;
  if (clause.diff === null) return <p className="clause-card__text">{clause.text}</p>;
  return (
    <p className="clause-card__text" data-testid="clause-diff">
      {clause.diff.map((part, i) =>
        part.op === 'same' ? <span key={i}>{part.text}</span> : part.op === 'added' ? <ins key={i}>{part.text}</ins> : <del key={i}>{part.text}</del>,
      )}
    </p>
  );
}
