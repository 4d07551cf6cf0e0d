// The Table's grid: one row per document, one column per shown field (and a playbook's rules
// as a column group). Rows are virtualized and arrive a page at a time. ARIA grid with one tab
// stop (a roving tabindex): arrows move between cells, Home/End to the row's ends (with Ctrl,
// the table's), PageUp/PageDown by a screenful, Enter opens the cell's evidence. On a column
// header Shift+Left/Right resizes the column; its handle drags. The first column stays put.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { GridCell, GridPage, GridPageRow } from '../../../../shared/extraction/api';
import type { PlaybookReport } from '../../../../shared/playbooks/api';
import { useNavigation } from '../../app/Navigation';
import { formatDate, formatPages } from '../library/format';
import { OutcomeChip, OUTCOME_LABELS } from '../playbooks/outcomes';
import { BADGE_LABELS, fieldBadge, formatValue } from './extraction-state';
import { clampWidth, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from './grid-settings';

const ROW_HEIGHT = 44;
const WRAPPED_ROW_ESTIMATE = 88;
const GROUP_HEIGHT = 26;
const DOCUMENT_WIDTH = 240;
const RUN_WIDTH = 130;
const CELL_WIDTH = 190;
const RULE_WIDTH = 150;
const RESIZE_STEP = 20;
/** How close to the last loaded row the next page is asked for. */
const LOAD_AHEAD_ROWS = 30;
/** Row -1 is the header row. */
const HEADER = -1;

type Column =
  | { readonly kind: 'document'; readonly key: 'document'; readonly label: string }
  | { readonly kind: 'run'; readonly key: 'run'; readonly label: string }
  | { readonly kind: 'field'; readonly key: string; readonly label: string; readonly type: GridPage['columns'][number]['type'] }
  | { readonly kind: 'rule'; readonly key: string; readonly label: string };

export interface GridTableProps {
  readonly template: string;
  readonly fields: GridPage['columns'];
  readonly rows: readonly GridPageRow[];
  readonly total: number;
  readonly hasMore: boolean;
  readonly onNearEnd: () => void;
  readonly playbook: PlaybookReport | null;
  readonly widths: Readonly<Record<string, number>>;
  readonly onResize: (key: string, width: number) => void;
  readonly wrap: boolean;
  /** Documents whose extraction this screen just queued (the API's next page will say so too). */
  readonly queued: ReadonlySet<number>;
  readonly onQueue: (documentId: number) => void;
}

export function GridTable(props: GridTableProps) {
  const { template, fields, rows, total, hasMore, onNearEnd, playbook, widths, onResize, wrap, queued, onQueue } = props;
  const navigation = useNavigation();
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ row: 0, col: 0 });
  const pendingFocus = useRef(false);

  const rules = useMemo(() => playbook?.documents[0]?.results.map((r) => ({ id: r.rule, title: r.title })) ?? [], [playbook]);
  const resultsOf = useMemo(() => new Map((playbook?.documents ?? []).map((d) => [d.documentId, new Map(d.results.map((r) => [r.rule, r]))])), [playbook]);
  const columns = useMemo<Column[]>(
    () => [
      { kind: 'document', key: 'document', label: 'Document' },
      { kind: 'run', key: 'run', label: 'Extraction' },
      ...fields.map((f) => ({ kind: 'field' as const, key: f.key, label: f.label, type: f.type })),
      ...rules.map((r) => ({ kind: 'rule' as const, key: `rule:${r.id}`, label: r.title })),
    ],
    [fields, rules],
  );
  const widthOf = (c: Column) =>
    c.kind === 'run' ? RUN_WIDTH : c.kind === 'rule' ? RULE_WIDTH : (widths[c.key] ?? (c.kind === 'document' ? DOCUMENT_WIDTH : CELL_WIDTH));
  const style = {
    '--grid-columns': columns.map((c) => `${widthOf(c)}px`).join(' '),
    '--grid-row-height': `${ROW_HEIGHT}px`,
    '--grid-first-width': `${widthOf(columns[0]!)}px`,
  } as CSSProperties;
  const headRows = rules.length > 0 ? 2 : 1;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => (wrap ? WRAPPED_ROW_ESTIMATE : ROW_HEIGHT),
    overscan: 8,
    getItemKey: (index) => rows[index]?.documentId ?? index,
  });
  // Wrapped rows are as tall as their longest value: measured again when the layout changes.
  const widthKey = columns.map(widthOf).join(',');
  useEffect(() => virtualizer.measure(), [virtualizer, wrap, widthKey]);

  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastShown >= rows.length - LOAD_AHEAD_ROWS) onNearEnd();
  }, [hasMore, lastShown, rows.length, onNearEnd]);

  // The active cell stays inside the table as rows or columns come and go.
  const row = Math.min(active.row, rows.length - 1);
  const col = Math.min(active.col, columns.length - 1);
  const rendered = row === HEADER || items.some((i) => i.index === row);
  // One tab stop: the active cell, or its column's header while that row is scrolled away.
  const tabStop = rendered ? `${row}:${col}` : `${HEADER}:${col}`;

  useEffect(() => {
    if (!pendingFocus.current) return;
    const target = scroller.current?.querySelector<HTMLElement>(`[data-cell="${row}:${col}"]`);
    if (target) {
      pendingFocus.current = false;
      target.focus();
    }
  });

  function moveTo(nextRow: number, nextCol: number) {
    const r = Math.max(HEADER, Math.min(rows.length - 1, nextRow));
    const c = Math.max(0, Math.min(columns.length - 1, nextCol));
    if (r !== HEADER) virtualizer.scrollToIndex(r, { align: 'auto' });
    pendingFocus.current = true;
    setActive({ row: r, col: c });
  }

  function open(documentId: number, field: string | null, cell: GridCell | undefined) {
    navigation.navigate({
      view: 'document',
      documentId,
      page: cell?.pages[0] ?? 1,
      highlight: null,
      panel: 'extract',
      extract: { template, field },
    });
  }

  const canQueue = (r: GridPageRow) => !r.queued && !queued.has(r.documentId) && (r.run === null || r.run.status === 'failed' || r.run.status === 'cancelled');

  function activate(r: number, c: number) {
    const target = rows[r];
    const column = columns[c];
    if (!target || !column) return;
    if (column.kind === 'run' && canQueue(target)) onQueue(target.documentId);
    else if (column.kind === 'rule') {
      if (playbook) navigation.navigate({ view: 'playbook-report', name: playbook.playbook.name, documentId: target.documentId });
    } else if (column.kind === 'field') open(target.documentId, column.key, target.cells[column.key]);
    else open(target.documentId, null, undefined);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    if (!cell) return;
    const [r, c] = cell.dataset['cell']!.split(':').map(Number) as [number, number];
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const column = columns[c]!;
    if (r === HEADER && event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && isResizable(column)) {
      event.preventDefault();
      onResize(column.key, clampWidth(widthOf(column) + (event.key === 'ArrowRight' ? RESIZE_STEP : -RESIZE_STEP)));
      return;
    }
    if (event.altKey || event.metaKey) return; // Alt+Left is the app's Back
    const moves: Record<string, [number, number] | undefined> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [rows.length - 1, columns.length - 1] : [r, columns.length - 1],
      PageDown: [r + page, c],
      PageUp: [Math.max(0, r - page), c],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move[0], move[1]);
    } else if ((event.key === 'Enter' || event.key === ' ') && r !== HEADER) {
      event.preventDefault();
      activate(r, c);
    }
  }

  /** A click or Tab into a cell makes it the active one. */
  function onFocus(event: FocusEvent<HTMLDivElement>) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    if (!cell) return;
    const [r, c] = cell.dataset['cell']!.split(':').map(Number) as [number, number];
    if (r !== row || c !== col) setActive({ row: r, col: c });
  }

  const cellProps = (r: number, c: number) => ({ 'data-cell': `${r}:${c}`, tabIndex: tabStop === `${r}:${c}` ? 0 : -1 });

  return (
    <div
      ref={scroller}
      className={`grid-table${wrap ? ' grid-table--wrap' : ''}`}
      role="grid"
      aria-label={`${template}: documents by fields`}
      aria-rowcount={Math.max(total, rows.length) + headRows}
      aria-colcount={columns.length}
      style={style}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-testid="grid-table"
    >
      {rules.length > 0 && playbook ? (
        <div className="grid-table__row grid-table__row--group" role="row" aria-rowindex={1} data-testid="grid-column-groups">
          <div className="grid-table__title grid-table__title--head" role="columnheader" aria-colspan={2} style={{ gridColumn: 'span 2' }} />
          <div className="grid-table__group" role="columnheader" aria-colspan={fields.length} style={{ gridColumn: `span ${Math.max(1, fields.length)}` }}>
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
        {columns.map((c, i) => (
          <div
            key={c.key}
            role="columnheader"
            className={`grid-table__head${c.kind === 'document' ? ' grid-table__title grid-table__title--head' : ''}${c.kind === 'rule' ? ' grid-table__head--rule' : ''}`}
            title={c.kind === 'field' ? `${c.label} (${c.type})${resizeHint}` : c.kind === 'document' ? `${c.label}${resizeHint}` : c.label}
            data-testid={c.kind === 'rule' ? 'grid-rule-head' : 'grid-head'}
            data-column={c.key}
            {...cellProps(HEADER, i)}
          >
            <span className="grid-table__head-label">{c.label}</span>
            {isResizable(c) ? <ResizeHandle label={c.label} width={widthOf(c)} onResize={(w) => onResize(c.key, w)} /> : null}
          </div>
        ))}
      </div>
      <div className="grid-table__rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const r = rows[item.index]!;
          const resultsOfRow = resultsOf.get(r.documentId);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="grid-table__row"
              role="row"
              aria-rowindex={item.index + headRows + 1}
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="grid-row"
              data-document-id={r.documentId}
            >
              {columns.map((c, i) => {
                const common = { ...cellProps(item.index, i), onClick: () => activate(item.index, i) };
                if (c.kind === 'document') {
                  return (
                    <div key={c.key} role="rowheader" className="grid-table__title" title={r.title} data-testid="grid-document" {...common}>
                      <span className="grid-table__doc">{r.title}</span>
                    </div>
                  );
                }
                if (c.kind === 'run') return <RunCell key={c.key} row={r} queued={queued.has(r.documentId)} canQueue={canQueue(r)} cellProps={common} />;
                if (c.kind === 'rule') {
                  const result = resultsOfRow?.get(c.key.slice('rule:'.length));
                  return (
                    <div
                      key={c.key}
                      role="gridcell"
                      className="grid-cell grid-cell--rule"
                      title={result ? `${c.label}: ${OUTCOME_LABELS[result.outcome]}. ${result.explanation}` : c.label}
                      data-testid="grid-rule-cell"
                      data-rule={c.key.slice('rule:'.length)}
                      {...common}
                    >
                      {result ? <OutcomeChip outcome={result.outcome} /> : '—'}
                    </div>
                  );
                }
                return <FieldCell key={c.key} column={c} row={r} cellProps={common} />;
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const resizeHint = '. Shift+Left or Right arrow resizes';

function isResizable(c: Column): boolean {
  return c.kind === 'document' || c.kind === 'field';
}

interface CellProps {
  readonly 'data-cell': string;
  readonly tabIndex: number;
  readonly onClick: () => void;
}

function FieldCell({ column, row, cellProps }: { readonly column: Extract<Column, { kind: 'field' }>; readonly row: GridPageRow; readonly cellProps: CellProps }) {
  const cell = row.cells[column.key];
  const extracted = row.run !== null || Object.keys(row.cells).length > 0;
  const status = cell ? fieldBadge(cell) : 'empty';
  // A medication field shows each item's sig as read, not the raw row.
  const text = cell ? (cell.sigs && cell.sigs.length > 0 ? cell.sigs.join('; ') : formatValue(column.type, cell.value)) : '';
  // Negated and family findings are never the patient's: shown struck, apart.
  const apart = (cell?.setApart ?? []).map((a) => `${a.text} (${a.label === 'family' ? 'family member' : 'not present'})`).join('; ');
  const shown = text || (extracted ? '—' : 'Not extracted');
  const state = status === 'empty' ? (extracted ? 'no value' : 'not extracted') : BADGE_LABELS[status];
  const pages = cell ? formatPages(cell.pages) : '';
  return (
    <div
      role="gridcell"
      className={`grid-cell grid-cell--${status}`}
      title={`${column.label}: ${text || '—'}${apart ? `; set apart: ${apart}` : ''} (${state}${cell?.hasSuggestion ? ', has a suggestion' : ''}${pages ? `, ${pages}` : ''})`}
      data-testid="grid-cell"
      data-status={status}
      data-field-key={column.key}
      {...cellProps}
    >
      <span className="grid-cell__text">{shown}</span>
      {apart ? (
        <s className="grid-cell__apart" data-testid="grid-cell-set-apart">
          {apart}
        </s>
      ) : null}
      {cell?.hasSuggestion ? <span className="grid-cell__flag" role="img" aria-label="suggestion" /> : null}
    </div>
  );
}

function RunCell({ row, queued, canQueue, cellProps }: { readonly row: GridPageRow; readonly queued: boolean; readonly canQueue: boolean; readonly cellProps: CellProps }) {
  const run = row.run;
  const waiting = row.queued || queued;
  const label =
    run?.status === 'running' ? 'Running…' : waiting || run?.status === 'queued' ? 'Queued' : run?.status === 'done' ? (run.finishedAt ? formatDate(run.finishedAt) : 'Done') : run?.status === 'failed' ? 'Failed' : run?.status === 'cancelled' ? 'Cancelled' : 'Not extracted';
  return (
    <div role="gridcell" className="grid-cell grid-cell--run" data-testid="grid-run" data-state={waiting ? 'queued' : (run?.status ?? 'none')} {...cellProps}>
      {canQueue ? (
        <button
          type="button"
          tabIndex={-1}
          className="grid-run__button"
          // The cell's Enter does the same: the grid keeps one tab stop.
          onClick={(event) => {
            event.stopPropagation();
            cellProps.onClick();
          }}
          aria-label={`${run ? 'Extract again' : 'Extract'}: ${row.title}`}
          data-testid="grid-extract"
        >
          {run ? 'Retry' : 'Extract'}
        </button>
      ) : null}
      {!canQueue || run ? <span className="grid-run__state">{label}</span> : null}
    </div>
  );
}

function ResizeHandle({ label, width, onResize }: { readonly label: string; readonly width: number; readonly onResize: (width: number) => void }) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const down = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    start.current = { x: event.clientX, width };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const move = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (start.current) onResize(clampWidth(start.current.width + event.clientX - start.current.x));
  };
  const up = () => {
    start.current = null;
  };
  return (
    <div
      className="grid-table__resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${label}`}
      aria-valuenow={width}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuemax={MAX_COLUMN_WIDTH}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onClick={(event) => event.stopPropagation()}
      data-testid="grid-resize"
    />
  );
}
