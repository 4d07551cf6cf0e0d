// The "Table" screen: one template's fields across the documents it was run on. Rows are
// virtualized (only those in view are in the DOM); cells are colored by status; a cell opens
// the document on its Extract tab with that field focused and its evidence shown. Exports
// the table as CSV or JSON.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import type { Grid, GridCell } from '../../../../shared/extraction/api';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { downloadBytes } from './download';
import { BADGE_LABELS, fieldBadge, formatValue } from './extraction-state';
import './GridView.css';

const ROW_HEIGHT = 44;
const TITLE_WIDTH = 240;
const CELL_WIDTH = 190;

export function GridView({ template: requested }: { readonly template: string | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const templates = useCall('templates:list', {}, 'templates');
  const items = templates.data?.items ?? [];
  const template = requested ?? items[0]?.name ?? null;
  const grid = useCall('extraction:grid', template ? { template } : null, template ?? '');
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);

  useAbstractorEvent('extraction:done', () => grid.reload());
  useAbstractorEvent('documents:changed', () => grid.reload());

  async function exportAs(format: 'csv' | 'json') {
    if (!template) return;
    setExporting(format);
    try {
      const { fileName, data } = await call('extraction:export', { template, format });
      downloadBytes(fileName, data);
      notify(`Saved ${fileName}.`, 'success');
    } catch (err) {
      notify(`The export failed: ${errorMessage(err)}`, 'error');
    } finally {
      setExporting(null);
    }
  }

  const data = grid.data && grid.data.template === template ? grid.data : null;

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
        {data ? <span className="grid-screen__count">{data.rows.length === 1 ? '1 document' : `${data.rows.length.toLocaleString()} documents`}</span> : null}
        <span className="grid-screen__spacer" />
        <Button onClick={() => navigation.navigate({ view: 'templates', name: template })} data-testid="grid-templates">
          Templates…
        </Button>
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
          <ErrorBanner title="The table could not be loaded." message={grid.error} onRetry={grid.reload} />
        ) : !data ? (
          <LoadingState label="Loading the table…" />
        ) : data.rows.length === 0 ? (
          <EmptyState icon={<FileIcon />} title="No document has been extracted with this template yet">
            <p>Open a document, choose this template on its Extract tab and press Run.</p>
          </EmptyState>
        ) : (
          <GridTable grid={data} />
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

function GridTable({ grid }: { readonly grid: Grid }) {
  const navigation = useNavigation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: grid.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => grid.rows[index]?.documentId ?? index,
  });
  const style = useMemo(
    () => ({ '--grid-columns': `${TITLE_WIDTH}px repeat(${grid.columns.length}, ${CELL_WIDTH}px)`, '--grid-row-height': `${ROW_HEIGHT}px` }) as CSSProperties,
    [grid.columns.length],
  );

  function open(documentId: number, field: string | null, cell: GridCell | undefined) {
    navigation.navigate({
      view: 'document',
      documentId,
      page: cell?.pages[0] ?? 1,
      highlight: null,
      panel: 'extract',
      extract: { template: grid.template, field },
    });
  }

  return (
    <div
      ref={scroller}
      className="grid-table"
      role="grid"
      aria-label={`${grid.template}: documents by fields`}
      aria-rowcount={grid.rows.length + 1}
      aria-colcount={grid.columns.length + 1}
      style={style}
    >
      <div className="grid-table__row grid-table__row--head" role="row" aria-rowindex={1}>
        <div className="grid-table__title grid-table__title--head" role="columnheader">
          Document
        </div>
        {grid.columns.map((c) => (
          <div key={c.key} className="grid-table__head" role="columnheader" title={`${c.label} (${c.type})`}>
            {c.label}
          </div>
        ))}
      </div>
      <div className="grid-table__rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = grid.rows[item.index]!;
          return (
            <div
              key={item.key}
              className="grid-table__row"
              role="row"
              aria-rowindex={item.index + 2}
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="grid-row"
              data-document-id={row.documentId}
            >
              <div className="grid-table__title" role="rowheader">
                <button type="button" className="grid-table__doc" onClick={() => open(row.documentId, null, undefined)} title={row.title}>
                  {row.title}
                </button>
                {row.run && row.run.status !== 'done' ? <span className={`grid-table__run grid-table__run--${row.run.status}`}>{row.run.status}</span> : null}
              </div>
              {grid.columns.map((c) => {
                const cell = row.cells[c.key];
                const status = cell ? fieldBadge(cell) : 'empty';
                // A medication field shows each item's sig as read, not the raw row.
                const text = cell ? (cell.sigs && cell.sigs.length > 0 ? cell.sigs.join('; ') : formatValue(c.type, cell.value)) : '';
                // Negated and family findings are never the patient's: shown struck, apart.
                const apart = (cell?.setApart ?? []).map((a) => `${a.text} (${a.label === 'family' ? 'family member' : 'not present'})`).join('; ');
                return (
                  <button
                    key={c.key}
                    type="button"
                    role="gridcell"
                    className={`grid-cell grid-cell--${status}`}
                    onClick={() => open(row.documentId, c.key, cell)}
                    title={`${c.label}: ${text || '—'}${apart ? `; set apart: ${apart}` : ''} (${status === 'empty' ? 'not extracted' : BADGE_LABELS[status]}${cell?.hasSuggestion ? ', has a suggestion' : ''}${cell && cell.pages.length > 0 ? `, p.${cell.pages.join(', p.')}` : ''})`}
                    data-testid="grid-cell"
                    data-status={status}
                    data-field-key={c.key}
                  >
                    <span className="grid-cell__text">{text || '—'}</span>
                    {apart ? (
                      <s className="grid-cell__apart" data-testid="grid-cell-set-apart">
                        {apart}
                      </s>
                    ) : null}
                    {cell?.hasSuggestion ? <span className="grid-cell__flag" role="img" aria-label="suggestion" /> : null}
                  </button>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
