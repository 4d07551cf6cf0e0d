// The Playbooks screen: the built-in and user playbooks on the left; the open one on the right
// as JSON (checked as it is typed by the same schema main uses, its problems listed in words),
// and its results over every contract with values of its template: the outcomes per contract,
// a printable report each, CSV / JSON saves and the Table's column group. A built-in is
// read-only: "Duplicate to edit" makes a user playbook of it.
import { useEffect, useMemo, useState } from 'react';
import type { PlaybookReport } from '../../../../shared/playbooks/api';
import { parsePlaybook } from '../../../../shared/playbooks/schema';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { downloadBytes } from '../extraction/download';
import { OUTCOME_LABELS, type Outcome } from './outcomes';
import './PlaybooksView.css';

interface Editing {
  readonly text: string;
  /** The stored name this draft came from; null for a new one not saved yet. */
  readonly original: string | null;
  readonly builtIn: boolean;
  readonly dirty: boolean;
}

const STARTER = {
  name: 'my-playbook',
  title: 'My playbook',
  description: '',
  template: 'contract',
  version: 1,
  rules: [{ id: 'governing-law', title: 'Governing law is New York', field: 'governing_law', check: { type: 'one_of', values: ['New York'] } }],
};

function freeName(base: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${base}-copy` : `${base}-copy-${i}`;
    if (!taken.has(name)) return name.slice(0, 64);
  }
}

/** Problems as lines: the schema's (while typing) or main's (on save, e.g. a field the template lacks). */
function problemsOf(text: string): string[] {
  const parsed = parsePlaybook(text);
  return parsed.ok ? [] : [...parsed.errors];
}

export function PlaybooksView({ name }: { readonly name: string | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const list = useCall('playbooks:list', {}, 'playbooks');
  const items = list.data?.items ?? [];
  const taken = useMemo(() => new Set(items.map((p) => p.name)), [items]);
  const current = name ?? items[0]?.name ?? null;
  const stored = useCall('playbooks:get', current ? { name: current } : null, current ?? '');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saveErrors, setSaveErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (stored.data && stored.data.playbook.name === current) {
      setEditing((prev) =>
        prev && prev.original === null ? prev : { text: JSON.stringify(stored.data!.playbook, null, 2), original: current, builtIn: stored.data!.builtIn, dirty: false },
      );
      setSaveErrors([]);
    }
  }, [stored.data, current]);

  const problems = useMemo(() => (editing && editing.dirty ? problemsOf(editing.text) : []), [editing]);

  function open(next: string) {
    setSaveErrors([]);
    // The same playbook again (Discard, or its own entry under a draft): back to what is stored.
    if (next === current && stored.data) {
      setEditing({ text: JSON.stringify(stored.data.playbook, null, 2), original: next, builtIn: stored.data.builtIn, dirty: false });
      return;
    }
    setEditing(null);
    navigation.replace({ view: 'playbooks', name: next });
  }

  function duplicate() {
    if (!stored.data) return;
    const source = stored.data.playbook;
    const copy = { ...source, name: freeName(source.name, taken), title: `${source.title} (copy)`.slice(0, 200) };
    setEditing({ text: JSON.stringify(copy, null, 2), original: null, builtIn: false, dirty: true });
    setSaveErrors([]);
  }

  function startNew() {
    setEditing({ text: JSON.stringify({ ...STARTER, name: taken.has(STARTER.name) ? freeName(STARTER.name, taken) : STARTER.name }, null, 2), original: null, builtIn: false, dirty: true });
    setSaveErrors([]);
  }

  async function save() {
    if (!editing || problems.length > 0) return;
    setSaving(true);
    try {
      const { playbook } = await call('playbooks:save', { playbook: JSON.parse(editing.text) as unknown });
      if (editing.original && editing.original !== playbook.name) await call('playbooks:delete', { name: editing.original });
      setSaveErrors([]);
      setEditing({ text: JSON.stringify(playbook, null, 2), original: playbook.name, builtIn: false, dirty: false });
      list.reload();
      notify(`Saved “${playbook.title}”.`, 'success');
      navigation.replace({ view: 'playbooks', name: playbook.name });
      stored.reload();
    } catch (err) {
      // Main lists every problem on its own "- " line after the first.
      const lines = errorMessage(err).split('\n- ');
      setSaveErrors(lines.length > 1 ? lines.slice(1) : lines);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!editing?.original) return;
    await call('playbooks:delete', { name: editing.original }).then(
      () => {
        notify('Deleted the playbook.', 'success');
        setDeleting(false);
        setEditing(null);
        list.reload();
        navigation.replace({ view: 'playbooks', name: null });
      },
      (err: unknown) => notify(`Could not delete: ${errorMessage(err)}`, 'error'),
    );
  }

  const isNew = editing !== null && editing.original === null;
  const shown = [...problems, ...saveErrors];

  return (
    <main className="playbooks" data-testid="playbooks-screen" aria-label="Playbooks">
      <nav className="playbooks__list" aria-label="Playbook list">
        <div className="playbooks__list-head">
          <h1 className="playbooks__title">Playbooks</h1>
          <Button size="sm" onClick={startNew} data-testid="playbook-new">
            New
          </Button>
        </div>
        {list.status === 'error' ? <ErrorBanner title="The playbooks could not be loaded." message={list.error} onRetry={list.reload} /> : null}
        <ul>
          {isNew ? (
            <li>
              <button type="button" className="playbooks__item" aria-current="true">
                <span className="playbooks__item-title">New playbook</span>
                <span className="playbooks__item-meta">not saved yet</span>
              </button>
            </li>
          ) : null}
          {items.map((p) => (
            <li key={p.name}>
              <button
                type="button"
                className="playbooks__item"
                aria-current={!isNew && p.name === current ? 'true' : undefined}
                onClick={() => open(p.name)}
                data-testid="playbook-item"
                data-playbook={p.name}
              >
                <span className="playbooks__item-title">{p.title}</span>
                <span className="playbooks__item-meta">
                  {p.name} · {p.template} · {p.rules} rules {p.builtIn ? <Badge>Built-in</Badge> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="playbooks__detail" aria-label="Playbook">
        {!editing ? (
          stored.status === 'error' ? (
            <ErrorBanner title="The playbook could not be loaded." message={stored.error} onRetry={stored.reload} />
          ) : current ? (
            <LoadingState label="Loading the playbook…" />
          ) : null
        ) : (
          <>
            <div className="playbooks__toolbar">
              <h2>{isNew ? 'New playbook' : (stored.data?.playbook.title ?? current)}</h2>
              {editing.builtIn ? <Badge tone="accent">Built-in · read-only</Badge> : editing.dirty ? <Badge tone="warning">Unsaved changes</Badge> : null}
              <span className="playbooks__spacer" />
              {editing.builtIn ? (
                <Button variant="primary" onClick={duplicate} data-testid="playbook-duplicate">
                  Duplicate to edit
                </Button>
              ) : (
                <>
                  {isNew ? (
                    <Button onClick={() => open(current ?? '')} disabled={saving || !current} data-testid="playbook-discard">
                      Discard
                    </Button>
                  ) : (
                    <>
                      <Button onClick={duplicate}>Duplicate</Button>
                      <Button variant="danger" onClick={() => setDeleting(true)} disabled={saving} data-testid="playbook-delete">
                        Delete
                      </Button>
                    </>
                  )}
                  <Button variant="primary" onClick={() => void save()} disabled={saving || !editing.dirty || problems.length > 0} data-testid="playbook-save">
                    {saving ? 'Saving…' : 'Save'}
                  </Button>
                </>
              )}
            </div>
            {shown.length > 0 ? (
              <div className="playbooks__problems" role="alert" data-testid="playbook-problems">
                <p>{problems.length > 0 ? 'This playbook cannot be saved yet:' : 'The playbook was not saved:'}</p>
                <ul>
                  {shown.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <label className="playbooks__json-label" htmlFor="playbook-json">
              Playbook JSON {editing.builtIn ? '(read-only)' : ''}
            </label>
            <textarea
              id="playbook-json"
              className="field playbooks__json"
              value={editing.text}
              readOnly={editing.builtIn}
              spellCheck={false}
              onChange={(e) => {
                setEditing({ ...editing, text: e.target.value, dirty: true });
                setSaveErrors([]);
              }}
              data-testid="playbook-json"
            />
            <p className="playbooks__help">
              Each rule reads one field of the template: <code>present</code> / <code>absent</code> (a clause; <code>mentions</code> lists words its quote must
              say), <code>one_of</code> / <code>none_of</code> (names, whole words), <code>at_least</code> / <code>at_most</code> with a <code>kind</code> of
              duration, money, date, number or months_of_fees (<code>from: "quote"</code> reads a period stated in the clause).
            </p>
            {!isNew && current && !editing.dirty ? <PlaybookResults name={current} /> : null}
          </>
        )}
      </section>
      {deleting && editing?.original ? (
        <ConfirmDialog title="Delete this playbook?" confirmLabel="Delete" danger onConfirm={remove} onClose={() => setDeleting(false)}>
          <p>The playbook will be removed. Contracts and their values stay as they are.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

const OUTCOME_ORDER: readonly Outcome[] = ['deviates', 'needs_review', 'missing', 'meets'];

/** The playbook over every contract with values of its template: counts per contract, a report each, saves. */
function PlaybookResults({ name }: { readonly name: string }) {
  const navigation = useNavigation();
  const notify = useToast();
  const report = useCall('playbooks:run', { name }, name);
  useAbstractorEvent('extraction:done', report.reload);
  useAbstractorEvent('documents:changed', report.reload);

  async function save(format: 'csv' | 'json') {
    try {
      const { fileName, data } = await call('playbooks:export', { name, format });
      downloadBytes(fileName, data);
      notify(`Saved ${fileName}.`, 'success');
    } catch (err) {
      notify(`The export failed: ${errorMessage(err)}`, 'error');
    }
  }

  const data: PlaybookReport | null = report.data;
  return (
    <section className="playbooks__results" aria-labelledby="playbook-results-title" data-testid="playbook-results">
      <div className="playbooks__toolbar">
        <h3 id="playbook-results-title">Results</h3>
        <span className="playbooks__spacer" />
        {data ? (
          <Button onClick={() => navigation.navigate({ view: 'grid', template: data.playbook.template, playbook: name })} data-testid="playbook-in-table">
            Show in Table
          </Button>
        ) : null}
        <Button onClick={() => void save('csv')} disabled={!data || data.documents.length === 0} data-testid="playbook-export-csv">
          Export CSV
        </Button>
        <Button onClick={() => void save('json')} disabled={!data || data.documents.length === 0} data-testid="playbook-export-json">
          Export JSON
        </Button>
      </div>
      {report.status === 'error' ? <ErrorBanner title="The playbook could not run." message={report.error} onRetry={report.reload} /> : null}
      {!data ? (
        report.status === 'loading' ? <LoadingState label="Checking the contracts…" /> : null
      ) : data.documents.length === 0 ? (
        <p className="playbooks__empty">No contract has values of the template “{data.playbook.template}” yet: extract or enter them in the reader.</p>
      ) : (
        <table className="playbooks__table">
          <thead>
            <tr>
              <th scope="col">Contract</th>
              {OUTCOME_ORDER.map((o) => (
                <th key={o} scope="col">
                  {OUTCOME_LABELS[o]}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Report</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.documents.map((d) => (
              <tr key={d.documentId} data-testid="playbook-result-row" data-document-id={d.documentId}>
                <th scope="row">{d.title}</th>
                {OUTCOME_ORDER.map((o) => (
                  <td key={o} className={d.counts[o] > 0 ? `playbooks__count playbooks__count--${o}` : 'playbooks__count'}>
                    {d.counts[o]}
                  </td>
                ))}
                <td>
                  <Button size="sm" onClick={() => navigation.navigate({ view: 'playbook-report', name, documentId: d.documentId })} data-testid="playbook-open-report">
                    Report
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
