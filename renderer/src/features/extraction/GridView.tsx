// The "Table" screen: one template's fields across the documents it was run on. Rows are
// virtualized (only those in view are in the DOM); cells are colored by status; a cell opens
// the document on its Extract tab with that field focused and its evidence shown. Exports
// the table as CSV or JSON. A playbook of the template adds its rules as a column group: each
// cell is the rule's outcome (its explanation on hover) and opens the contract's report.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import type { Grid, GridCell } from '../../../../shared/extraction/api';
import type { PlaybookReport } from '../../../../shared/playbooks/api';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { OutcomeChip, OUTCOME_LABELS } from '../playbooks/outcomes';
import { downloadBytes } from './download';
import { BADGE_LABELS, fieldBadge, formatValue } from './extraction-state';
import './GridView.css';

const ROW_HEIGHT = 44;
const TITLE_WIDTH = 240;
const CELL_WIDTH = 190;
const RULE_WIDTH = 150;
const GROUP_HEIGHT = 26;

export function GridView({ template: requested, playbook: chosen }: { readonly template: string | null; readonly playbook: string | null }) {
  const navigation = useNavigation();
  const notify = useToast();
  const templates = useCall('templates:list', {}, 'templates');
  const items = templates.data?.items ?? [];
  const template = requested ?? items[0]?.name ?? null;
  const grid = useCall('extraction:grid', template ? { template } : null, template ?? '');
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
        {data ? <span className="grid-screen__count">{data.rows.length === 1 ? '1 document' : `${data.rows.length.toLocaleString()} documents`}</span> : null}
        <span className="grid-screen__spacer" />
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
          <ErrorBanner title="The table could not be loaded." message={grid.error} onRetry={grid.reload} />
        ) : !data ? (
          <LoadingState label="Loading the table…" />
        ) : data.rows.length === 0 ? (
          <EmptyState icon={<FileIcon />} title="No document has been extracted with this template yet">
            <p>Open a document, choose this template on its Extract tab and press Run.</p>
          </EmptyState>
        ) : (
          <GridTable grid={data} playbook={playbook && results.data?.playbook.name === playbook ? results.data : null} />
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

function GridTable({ grid, playbook }: { readonly grid: Grid; readonly playbook: PlaybookReport | null }) {
  const navigation = useNavigation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: grid.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => grid.rows[index]?.documentId ?? index,
  });
  // The playbook's rules, and each document's results by rule id.
  const rules = useMemo(() => playbook?.documents[0]?.results.map((r) => ({ id: r.rule, title: r.title })) ?? [], [playbook]);
  const resultsOf = useMemo(() => new Map((playbook?.documents ?? []).map((d) => [d.documentId, new Map(d.results.map((r) => [r.rule, r]))])), [playbook]);
  const ruleColumns = rules.length > 0 ? ` repeat(${rules.length}, ${RULE_WIDTH}px)` : '';
  const style = useMemo(
    () =>
      ({
        '--grid-columns': `${TITLE_WIDTH}px repeat(${grid.columns.length}, ${CELL_WIDTH}px)${ruleColumns}`,
        '--grid-row-height': `${ROW_HEIGHT}px`,
      }) as CSSProperties,
    [grid.columns.length, ruleColumns],
  );
  const headRows = rules.length > 0 ? 2 : 1;

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
      aria-rowcount={grid.rows.length + headRows}
      aria-colcount={grid.columns.length + rules.length + 1}
      style={style}
    >
      {rules.length > 0 && playbook ? (
        <div className="grid-table__row grid-table__row--group" role="row" aria-rowindex={1} data-testid="grid-column-groups">
          <div className="grid-table__title grid-table__title--head" role="columnheader" />
          <div className="grid-table__group" role="columnheader" aria-colspan={grid.columns.length} style={{ gridColumn: `span ${grid.columns.length}` }}>
            Fields
          </div>
          <div
            className="grid-table__group grid-table__group--playbook"
            role="columnheader"
            aria-colspan={rules.length}
            style={{ gridColumn: `span ${rules.length}` }}
            data-testid="grid-playbook-group"
          >
            Playbook: {playbook.playbook.title}
          </div>
        </div>
      ) : null}
      <div className="grid-table__row grid-table__row--head" role="row" aria-rowindex={headRows} style={rules.length > 0 ? { top: GROUP_HEIGHT } : undefined}>
        <div className="grid-table__title grid-table__title--head" role="columnheader">
          Document
        </div>
        {grid.columns.map((c) => (
          <div key={c.key} className="grid-table__head" role="columnheader" title={`${c.label} (${c.type})`}>
            {c.label}
          </div>
        ))}
        {rules.map((r) => (
          <div key={`rule:${r.id}`} className="grid-table__head grid-table__head--rule" role="columnheader" title={r.title} data-testid="grid-rule-head">
            {r.title}
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
              aria-rowindex={item.index + headRows + 1}
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
              {rules.map((rule) => {
                const result = resultsOf.get(row.documentId)?.get(rule.id);
                return (
                  <button
                    key={`rule:${rule.id}`}
                    type="button"
                    role="gridcell"
                    className="grid-cell grid-cell--rule"
                    onClick={() => playbook && navigation.navigate({ view: 'playbook-report', name: playbook.playbook.name, documentId: row.documentId })}
                    title={result ? `${rule.title}: ${OUTCOME_LABELS[result.outcome]}. ${result.explanation}` : rule.title}
                    data-testid="grid-rule-cell"
                    data-rule={rule.id}
                  >
                    {result ? <OutcomeChip outcome={result.outcome} /> : '—'}
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
