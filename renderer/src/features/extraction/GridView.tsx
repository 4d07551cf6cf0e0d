// The "Table" screen: one template's fields across every document of its domain (opening on
// the template with the most runs), extracted or not; a row not extracted yet queues its run
// from its Extraction cell. Rows come a page at a time (use-grid-pages) into the grid
// (GridTable); cells are colored by status and open the document on its Extract tab with that
// field's evidence. Which fields show, column widths and wrapping are remembered per template.
// Exports the table as CSV or JSON. A playbook of the template adds its rules as a column group.
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { ColumnPicker } from './ColumnPicker';
import { downloadBytes } from './download';
import { BADGE_LABELS } from './extraction-state';
import { GridTable } from './GridTable';
import { DEFAULT_LAYOUT, loadLayout, saveLayout, type GridLayout } from './grid-settings';
import { useGridPages } from './use-grid-pages';
import './GridView.css';

export function GridView({ template: requested, playbook: chosen }: { readonly template: string | null; readonly playbook: string | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const templates = useCall('templates:list', {}, 'templates');
  const items = templates.data?.items ?? [];
  const grid = useGridPages(requested);
  const template = grid.template;
  // The layout read from storage when the template changes, kept in state once changed here.
  const [stored, setStored] = useState<{ template: string | null; layout: GridLayout }>({ template: null, layout: DEFAULT_LAYOUT });
  const layout = stored.template === template ? stored.layout : template ? loadLayout(template) : DEFAULT_LAYOUT;
  function changeLayout(change: Partial<GridLayout>) {
    if (!template) return;
    const next = { ...layout, ...change };
    saveLayout(template, next);
    setStored({ template, layout: next });
  }
  // Rows queued from here, until the grid's next load says so itself.
  const [queued, setQueued] = useState<ReadonlySet<number>>(new Set());
  const playbooks = useCall('playbooks:list', {}, 'playbooks');
  const forTemplate = (playbooks.data?.items ?? []).filter((p) => p.template === template);
  const playbook = chosen !== null && forTemplate.some((p) => p.name === chosen) ? chosen : null;
  const results = useCall('playbooks:run', playbook ? { name: playbook } : null, playbook ?? '');
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  // De-identified export: names, places, dates, numbers... replaced (shared/clinical/deid).
  const [deidentify, setDeidentify] = useState(false);
  const [shiftDates, setShiftDates] = useState(false);

  useAbstractorEvent('extraction:done', () => {
    grid.reload();
    results.reload();
  });
  useAbstractorEvent('documents:changed', () => {
    grid.reload();
    results.reload();
  });
  // An extraction job started or ended: the Extraction column says so.
  useAbstractorEvent('jobs:changed', ({ jobs }) => {
    if (jobs.some((j) => j.kind === 'extract')) grid.reload();
  });
  useEffect(() => setQueued(new Set()), [grid.rows]);

  async function queue(documentId: number) {
    if (!template) return;
    setQueued((previous) => new Set(previous).add(documentId));
    try {
      await call('extraction:queue', { template, documentIds: [documentId] });
    } catch (err) {
      setQueued((previous) => {
        const next = new Set(previous);
        next.delete(documentId);
        return next;
      });
      notify(`The extraction could not be queued: ${errorMessage(err)}`, 'error');
    }
  }

  async function exportAs(format: 'csv' | 'json') {
    if (!template) return;
    setExporting(format);
    try {
      const { fileName, data } = await call('extraction:export', {
        template,
        format,
        ...(deidentify ? { deidentify: { surrogates: true, shiftDates } } : {}),
      });
      downloadBytes(fileName, data);
      notify(`Saved ${fileName}.`, 'success');
    } catch (err) {
      notify(`The export failed: ${errorMessage(err)}`, 'error');
    } finally {
      setExporting(null);
    }
  }

  const data = grid.status === 'ready' ? grid : null;
  const fields = grid.columns.filter((c) => !layout.hidden.includes(c.key));

  return (
    <main className="grid-screen" data-testid="grid-screen" aria-label="Table of extracted fields">
      <div className="grid-screen__toolbar">
        <h1 className="grid-screen__title">Table</h1>
        <label className="grid-screen__label" htmlFor="grid-template">
          Template
        </label>
        <select
          id="grid-template"
          className="field grid-screen__template"
          value={template ?? ''}
          onChange={(event) => navigation.replace({ view: 'grid', template: event.target.value })}
          data-testid="grid-template"
        >
          {items.map((t) => (
            <option key={t.name} value={t.name}>
              {t.title}
            </option>
          ))}
        </select>
        {forTemplate.length > 0 ? (
          <>
            <label className="grid-screen__label" htmlFor="grid-playbook">
              Playbook
            </label>
            <select
              id="grid-playbook"
              className="field grid-screen__template"
              value={playbook ?? ''}
              onChange={(event) => navigation.replace({ view: 'grid', template, playbook: event.target.value || null })}
              data-testid="grid-playbook"
            >
              <option value="">None</option>
              {forTemplate.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.title}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {data ? <span className="grid-screen__count" data-testid="grid-count">{data.total === 1 ? '1 document' : `${data.total.toLocaleString()} documents`}</span> : null}
        <span className="grid-screen__spacer" />
        {data ? <ColumnPicker columns={grid.columns} hidden={layout.hidden} onChange={(hidden) => changeLayout({ hidden })} /> : null}
        <label className="grid-screen__option">
          <input type="checkbox" checked={layout.wrap} onChange={(event) => changeLayout({ wrap: event.target.checked })} data-testid="grid-wrap" />
          Wrap text
        </label>
        <Button onClick={() => navigation.navigate({ view: 'templates', name: template })} data-testid="grid-templates">
          Templates…
        </Button>
        <label className="grid-screen__option" title="Remove the HIPAA Safe Harbor identifiers (names, places, dates but the year, phone numbers, IDs…) from the exported values and quotes">
          <input type="checkbox" checked={deidentify} onChange={(event) => setDeidentify(event.target.checked)} data-testid="export-deidentify" />
          De-identify
        </label>
        {deidentify ? (
          <label className="grid-screen__option" title="Move each patient's dates by one secret random number of days instead of keeping only the year">
            <input type="checkbox" checked={shiftDates} onChange={(event) => setShiftDates(event.target.checked)} data-testid="export-shift-dates" />
            Shift dates
          </label>
        ) : null}
        <Button onClick={() => void exportAs('csv')} disabled={!data || data.rows.length === 0 || exporting !== null} data-testid="export-csv">
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </Button>
        <Button onClick={() => void exportAs('json')} disabled={!data || data.rows.length === 0 || exporting !== null} data-testid="export-json">
          {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
        </Button>
      </div>
      <Legend />
      <div className="grid-screen__body">
        {templates.status === 'error' ? (
          <ErrorBanner title="The templates could not be loaded." message={templates.error} onRetry={templates.reload} />
        ) : grid.status === 'error' ? (
          <ErrorBanner title="The table could not be loaded." message={grid.error ?? undefined} onRetry={grid.reload} />
        ) : !data || !template ? (
          <LoadingState label="Loading the table…" />
        ) : data.rows.length === 0 ? (
          <EmptyState icon={<FileIcon />} title="No document of this template's domain yet">
            <p>Import documents, or open one and choose this template on its Extract tab.</p>
          </EmptyState>
        ) : (
          <GridTable
            template={template}
            fields={fields}
            rows={data.rows}
            total={data.total}
            hasMore={data.hasMore}
            onNearEnd={grid.loadMore}
            playbook={playbook && results.data?.playbook.name === playbook ? results.data : null}
            widths={layout.widths}
            onResize={(key, width) => changeLayout({ widths: { ...layout.widths, [key]: width } })}
            wrap={layout.wrap}
            queued={queued}
            onQueue={(documentId) => void queue(documentId)}
          />
        )}
      </div>
    </main>
  );
}

function Legend() {
  const shown = ['verified', 'cited', 'unsupported', 'not_found', 'edited', 'confirmed'] as const;
  return (
    <div className="grid-legend" aria-label="Cell colors">
      {shown.map((s) => (
        <span key={s} className="grid-legend__item">
          <span className={`grid-legend__swatch grid-cell--${s}`} aria-hidden="true" />
          {BADGE_LABELS[s]}
        </span>
      ))}
    </div>
  );
}
