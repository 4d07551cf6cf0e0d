// The reader's "Extract" tab: choose a template and run it with the local model, follow the
// run (field and pass counts, the streamed answer), cancel it, then review the fields: each
// with its value, status and evidence (a click jumps the PDF and highlights the cited text),
// edit / confirm / clear / add from a text selection, suggestions from re-runs and the
// history. Fields are grouped under their template sections, each heading folding its fields
// away and counting what is reviewed. Keys on the field list: ↑/↓ or j/k move, n/p go to the
// next field needing review (opening its section), Enter shows evidence, e edits, c confirms,
// Delete clears, a adds the selection. Without a model it links to the Models screen.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DocumentDomain, PageText } from '../../../../shared/domain';
import type { FieldResult, FieldValueData } from '../../../../shared/extraction/api';
import type { RunInfo, RunStatus } from '../../../../shared/summaries';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ChevronDownIcon, CloseIcon, CpuIcon, SparkIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { formatDateTime } from '../library/format';
import { MODELS, TEMPLATES, type ExtractFocus } from '../../app/routes';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { useModels } from '../models/ModelsProvider';
import type { PageRect } from '../../../../shared/page-rects';
import {
  applyExtractionDone,
  applyExtractionProgress,
  BADGE_LABELS,
  badgeCounts,
  badgeTone,
  evidenceRects,
  extractionDetails,
  extractionFraction,
  extractionPhaseLabel,
  fieldEvidence,
  isRunning,
  needsReview,
  newLiveExtraction,
  pickTemplate,
  type LiveExtraction,
} from './extraction-state';
import { groupBySection, sectionCounts, sectionCountsLabel, sectionMove, sectionOfField, type FieldSection } from './field-sections';
import { FieldRow } from './FieldRow';
import { SelectAddHint } from './SelectAddHint';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StreamingOutput } from './StreamingOutput';
import { usePageSelection } from './use-page-selection';
import { ServerNotice, useInferenceServer } from '../server/InferenceServerProvider';
import './ExtractPanel.css';

/** What the reader highlights for the focused field's evidence. */
export interface EvidenceTarget {
  readonly id: string;
  readonly page: number;
  /** [start, end) of the page text: the reader re-measures the boxes when it has the page's spans. */
  readonly range: readonly [number, number];
  /** The backend's boxes, used until then. */
  readonly rects: readonly PageRect[];
  readonly label: string;
}

export interface ExtractPanelProps {
  readonly documentId: number;
  readonly domain: DocumentDomain | null;
  /** The page shown and its text (for "Add from selection"). */
  readonly pageText: PageText | null;
  /** From the Table screen: the template and field to open with. */
  readonly focus: ExtractFocus | undefined;
  readonly onEvidence: (target: EvidenceTarget | null) => void;
  /** Told the pages that hold evidence of the fields, whenever the fields load or change. */
  readonly onEvidencePages?: (pages: ReadonlySet<number>) => void;
}

type Review = 'confirm' | 'clear' | 'acceptSuggestion';

export function ExtractPanel({ documentId, domain, pageText, focus, onEvidence, onEvidencePages }: ExtractPanelProps) {
  const server = useInferenceServer();
  const models = useModels();
  const navigation = useNavigation();
  const templates = useCall('templates:list', {}, 'templates');
  const items = templates.data?.items ?? [];
  const [chosen, setChosen] = useState<string | null>(focus?.template ?? null);
  const template = chosen ?? pickTemplate(items, domain);
  const definition = useCall('templates:get', template ? { name: template } : null, template ?? '');
  const definitions = useMemo(() => new Map((definition.data?.template.fields ?? []).map((f) => [f.key, f])), [definition.data]);

  // Stored fields and the latest run of (document, template).
  const [fields, setFields] = useState<FieldResult[] | null>(null);
  const [run, setRun] = useState<RunInfo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const loadSeq = useRef(0);
  const load = useCallback(() => {
    if (!template) return;
    const seq = ++loadSeq.current;
    call('extraction:get', { documentId, template }).then(
      (data) => {
        if (seq !== loadSeq.current) return;
        setFields(data.fields);
        setRun(data.run);
        setLoadError(null);
      },
      (err: unknown) => seq === loadSeq.current && setLoadError(errorMessage(err)),
    );
  }, [documentId, template]);
  useEffect(() => {
    setFields(null);
    setRun(null);
    load();
  }, [load]);
  // The reader's page rail marks the pages that hold evidence.
  useEffect(() => {
    onEvidencePages?.(new Set((fields ?? []).flatMap((field) => fieldEvidence(field).map((item) => item.page))));
  }, [fields, onEvidencePages]);

  // The run being followed, and run ends that beat `extraction:start`'s answer.
  const [live, setLive] = useState<LiveExtraction | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const early = useRef(new Map<number, RunStatus>());
  useEffect(() => {
    if (live === null && run && isRunning(run.status)) setLive(newLiveExtraction(run.id, run.status));
  }, [live, run]);

  useAbstractorEvent('extraction:progress', (event) => {
    if (event.documentId !== documentId || event.template !== template) return;
    // A run started elsewhere (another window, the CLI) is followed too.
    setLive((current) => {
      const base = current && (current.runId === event.runId || isRunning(current.status)) ? current : newLiveExtraction(event.runId, 'running');
      return applyExtractionProgress(base, event);
    });
  });
  useAbstractorEvent('extraction:done', ({ runId, documentId: doc, status }) => {
    if (doc !== documentId) return;
    if (live?.runId === runId) setLive((current) => (current ? applyExtractionDone(current, runId, status) : current));
    else early.current.set(runId, status);
    load();
  });

  async function start() {
    if (!template) return;
    setStarting(true);
    setStartError(null);
    try {
      const { runId } = await call('extraction:start', { documentId, template });
      const ended = early.current.get(runId);
      early.current.clear();
      const next = newLiveExtraction(runId);
      setLive(ended ? applyExtractionDone(next, runId, ended) : next);
      if (ended) load();
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  }

  function cancel() {
    if (!live) return;
    setLive({ ...live, cancelling: true });
    call('extraction:cancel', { runId: live.runId }).catch((err: unknown) => {
      setLive((current) => (current ? { ...current, cancelling: false } : current));
      setStartError(`Could not cancel: ${errorMessage(err)}`);
    });
  }

  // Focus, evidence shown and the editor.
  const [focusedKey, setFocusedKey] = useState<string | null>(focus?.field ?? null);
  const [active, setActive] = useState<{ key: string; index: number } | null>(null);
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [onlyNeeding, setOnlyNeeding] = useState(false);
  // Section ids folded away by the user (see field-sections.ts).
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [showKeys, setShowKeys] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const { selection, clear: clearSelection } = usePageSelection(pageText);

  const jump = useCallback(
    (field: FieldResult, index: number) => {
      const evidence = fieldEvidence(field);
      const item = evidence[index];
      if (!item) return;
      setActive({ key: field.key, index });
      onEvidence({
        id: `${field.key}:${index}`,
        page: item.page,
        range: [item.start, item.end],
        rects: evidenceRects(item),
        label: `${field.label}: “${item.quote}”`,
      });
    },
    [onEvidence],
  );

  // Opened from the Table or Patients screen: focus the field and show its evidence (the one
  // asked for, else the first) once loaded.
  const pendingFocus = useRef(focus?.field ?? null);
  const wanted = focus?.evidence;
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key || !fields) return;
    pendingFocus.current = null;
    const field = fields.find((f) => f.key === key);
    if (!field) return;
    setFocusedKey(key);
    const index = wanted ? fieldEvidence(field).findIndex((e) => e.page === wanted.page && e.quote === wanted.quote) : 0;
    jump(field, Math.max(0, index));
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-field-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest' }));
  }, [fields, jump, wanted]);

  function chooseTemplate(name: string) {
    setChosen(name);
    setCollapsed(new Set());
    setLive(null);
    setFocusedKey(null);
    setActive(null);
    setEditingKey(null);
    onEvidence(null);
  }

  function replaceField(next: FieldResult) {
    setFields((current) => current?.map((f) => (f.key === next.key ? next : f)) ?? current);
  }

  async function act(field: FieldResult, run: () => Promise<{ field: FieldResult }>): Promise<FieldResult | null> {
    setBusyKey(field.key);
    setActionError(null);
    try {
      const { field: next } = await run();
      replaceField(next);
      return next;
    } catch (err) {
      setActionError(`${field.label}: ${errorMessage(err)}`);
      return null;
    } finally {
      setBusyKey(null);
    }
  }

  const ref = (field: FieldResult) => ({ documentId, template: template!, field: field.key });
  const review = (field: FieldResult, action: Review) =>
    void act(field, () => {
      switch (action) {
        case 'confirm':
          return call('extraction:confirm', ref(field));
        case 'clear':
          return call('extraction:clear', ref(field));
        case 'acceptSuggestion':
          return call('extraction:acceptSuggestion', ref(field));
        default:
          return action satisfies never;
      }
    });
  const save = async (field: FieldResult, value: FieldValueData) => {
    if (await act(field, () => call('extraction:edit', { ...ref(field), value }))) {
      setEditingKey(null);
      focusRow(field.key);
    }
  };
  const add = async (field: FieldResult) => {
    if (!selection) return;
    const { page, start, end } = selection;
    const next = await act(field, () => call('extraction:addFromSelection', { ...ref(field), page, start, end }));
    if (next) {
      clearSelection();
      window.getSelection()?.removeAllRanges();
      // Show what was just added: the last evidence item is the selection.
      const count = fieldEvidence(next).length;
      if (count > 0) jump(next, count - 1);
    }
  };

  function focusRow(key: string) {
    openSectionOf(key);
    requestAnimationFrame(() => {
      const row = list.current?.querySelector<HTMLElement>(`[data-field-key="${CSS.escape(key)}"]`);
      row?.focus({ preventScroll: true });
      row?.scrollIntoView({ block: 'nearest' });
    });
  }

  /** Opens the section a field is listed under, when it is folded away. */
  function openSectionOf(key: string) {
    const id = sectionOfField(sections, key)?.id;
    if (id === undefined) return;
    setCollapsed((current) => {
      if (!current.has(id)) return current;
      const next = new Set(current);
      next.delete(id);
      return next;
    });
  }

  function toggleSection(id: string) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  function onListKey(event: KeyboardEvent<HTMLDivElement>) {
    if (visible.length === 0 && event.key !== 'n' && event.key !== 'p') return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, button, summary') && event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    if (target.closest('input, textarea, select')) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const moved = sectionMove(sections, collapsed, focusedKey, event.key);
    if (moved !== null) {
      event.preventDefault();
      setFocusedKey(moved.key);
      focusRow(moved.key);
      return;
    }
    // The focused field when it is shown, else the first shown (as before any focus).
    const field = visible.find((f) => f.key === focusedKey) ?? visible[0];
    if (!field) {
      if (event.key === 'n' || event.key === 'p') event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'Enter': {
        const count = fieldEvidence(field).length;
        // Again on the same field: the next evidence item.
        if (count > 0) jump(field, active?.key === field.key ? (active.index + 1) % count : 0);
        break;
      }
      case 'e':
        setEditingKey(field.key);
        break;
      case 'c':
        if (field.review !== 'confirmed' && !(field.value === null && field.review === 'none')) review(field, 'confirm');
        break;
      case 'Delete':
      case 'Backspace':
        if (field.review !== 'cleared') review(field, 'clear');
        break;
      case 'a':
        if (selection) void add(field);
        break;
      case '?':
        setShowKeys(true);
        break;
      case 'n':
      case 'p':
        break; // no field needs review: nothing to move to
      default:
        return;
    }
    event.preventDefault();
  }

  // With the inference server on, runs need no model on this computer.
  const serverOn = server.view?.enabled === true;
  const noModel = !serverOn && models.status === 'ready' && models.items.length === 0;
  const noActive = !serverOn && models.status === 'ready' && models.items.length > 0 && models.active === null;
  const running = live !== null && isRunning(live.status);
  const busy = starting || running;
  const goToModels = () => navigation.navigate(MODELS);
  const labelOf = (key: string) => definitions.get(key)?.label ?? key;
  const shownStatus: RunStatus | 'none' = live?.status ?? run?.status ?? 'none';
  const needing = fields ? fields.filter(needsReview).length : 0;
  // "Needs me": only the fields a person still has to look at (a section with none left goes).
  const shown = fields && onlyNeeding ? fields.filter(needsReview) : fields;
  const sectionOf = (key: string) => definitions.get(key)?.section;
  const allSections = groupBySection(fields ?? [], sectionOf);
  // A heading counts its whole section, filtered or not.
  const countsBySection = new Map(allSections.map((s) => [s.id, sectionCountsLabel(sectionCounts(s.fields))]));
  const sections = onlyNeeding ? groupBySection(shown ?? [], sectionOf) : allSections;
  // The rows on screen, in order: the fields of the open sections.
  const visible = sections.filter((s) => !collapsed.has(s.id)).flatMap((s) => s.fields);
  const focusedIndex = visible.findIndex((f) => f.key === focusedKey);
  const counts = fields ? badgeCounts(fields) : [];

  return (
    <div className="extract-panel" data-testid="extract-panel">
      <div className="extract-panel__controls">
        {noModel ? (
          <div className="extract-panel__no-model" data-testid="extract-no-model">
            <span className="extract-panel__no-model-icon" aria-hidden="true">
              <CpuIcon />
            </span>
            <strong>Extraction needs a language model</strong>
            <p>A model on this computer fills the template's fields and cites the text each value comes from.</p>
            <Button variant="primary" icon={<CpuIcon />} onClick={goToModels} data-testid="extract-add-model">
              Add a model
            </Button>
          </div>
        ) : null}
        <div className="extract-panel__row">
          <label className="extract-panel__label" htmlFor="extract-template">
            Template
          </label>
          <select
            id="extract-template"
            className="field extract-panel__template"
            value={template ?? ''}
            disabled={busy || items.length === 0}
            onChange={(event) => chooseTemplate(event.target.value)}
            data-testid="extract-template"
          >
            {items.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title} ({t.fields})
              </option>
            ))}
          </select>
          {busy ? (
            <Button onClick={cancel} disabled={starting || live?.cancelling} data-testid="extract-cancel">
              {live?.cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          ) : (
            <Button
              variant="primary"
              icon={<SparkIcon />}
              onClick={() => void start()}
              disabled={!template || models.status !== 'ready' || noModel || noActive}
              data-testid="extract-start"
            >
              {run ? 'Run again' : 'Run'}
            </Button>
          )}
        </div>
        <p className="extract-panel__hint">
          {noActive ? (
            <>
              No model is chosen yet.{' '}
              <button type="button" className="extract-panel__link" onClick={goToModels}>
                Choose one on the Models screen
              </button>
              .{' '}
            </>
          ) : !serverOn && models.active ? (
            <>Uses {models.active.name}. </>
          ) : null}
          <button type="button" className="extract-panel__link" onClick={() => navigation.navigate(template ? { view: 'templates', name: template } : TEMPLATES)}>
            Edit templates
          </button>
        </p>
        {startError ? <ErrorBanner title="The extraction could not start." message={startError} onDismiss={() => setStartError(null)} /> : null}
      </div>

      <div className="extract-panel__status" data-testid="extract-status" data-status={shownStatus} role="status">
        {running && live ? (
          <div className="extract-live">
            <div className="extract-live__line">
              <Badge tone="accent">running</Badge>
              <Spinner size={14} label="Extracting" />
              <span className="extract-live__phase">{live.cancelling ? 'Cancelling…' : extractionPhaseLabel(live)}</span>
            </div>
            <ProgressBar value={extractionFraction(live)} label="Extraction progress" />
            {extractionDetails(live, labelOf).length > 0 ? (
              <p className="extract-live__details" data-testid="extract-progress">
                {extractionDetails(live, labelOf).join(' · ')}
              </p>
            ) : null}
            <StreamingOutput key={live.runId} runId={live.runId} labelOf={labelOf} />
            <ServerNotice />
          </div>
        ) : shownStatus === 'none' ? null : (
          <>
            <RunLine status={shownStatus} run={run} onModels={goToModels} />
            <ServerNotice settings={run?.settings} />
          </>
        )}
      </div>

      {selection ? (
        <div className="extract-panel__selection" data-testid="extract-selection">
          <span>
            Selected on p.{selection.page}: <q>{clip(selection.text, 80)}</q>
          </span>
          <span className="extract-panel__selection-hint">Focus a field and press “Add from selection” (a).</span>
          <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label="Forget the selection" onClick={clearSelection} />
        </div>
      ) : null}
      {actionError ? <ErrorBanner title="The change was not saved." message={actionError} onDismiss={() => setActionError(null)} /> : null}

      {/* Focusable so its fields can be scrolled by keyboard (axe scrollable-region-focusable). */}
      <div className="extract-panel__body" tabIndex={0} role="region" aria-label="Fields">
        {loadError ? (
          <ErrorBanner title="The fields could not be loaded." message={loadError} onRetry={load} />
        ) : templates.status === 'error' ? (
          <ErrorBanner title="The templates could not be loaded." message={templates.error} onRetry={templates.reload} />
        ) : !fields ? (
          <LoadingState label="Loading the fields…" />
        ) : (
          <>
            {counts.length > 0 && run ? (
              <div className="extract-panel__summary" data-testid="extract-summary">
                <p className="extract-panel__counts">
                  {counts.map(([badge, n]) => (
                    <Badge key={badge} tone={badgeTone(badge)}>
                      {n} {BADGE_LABELS[badge].toLowerCase()}
                    </Badge>
                  ))}
                </p>
                <label className="extract-panel__needing">
                  <input type="checkbox" checked={onlyNeeding} onChange={(event) => setOnlyNeeding(event.target.checked)} data-testid="extract-needing" />
                  Needs me ({needing})
                </label>
                <button type="button" className="extract-panel__link" onClick={() => setShowKeys(true)} data-testid="extract-keys">
                  Keys (?)
                </button>
              </div>
            ) : null}
            {run && !busy ? <SelectAddHint /> : null}
            {!run && !busy ? (
              <p className="extract-panel__empty">Not extracted yet. Press Run: the model fills each field and cites the text it used.</p>
            ) : null}
            <div
              ref={list}
              className="extract-panel__fields-all"
              // Lists, not a listbox: a row holds buttons (evidence, confirm, edit), and an option
              // may not contain controls (axe nested-interactive). Arrow keys still move.
              role="group"
              aria-label="Fields"
              tabIndex={focusedIndex < 0 ? 0 : -1}
              onKeyDown={onListKey}
              onFocus={(event) => {
                if (event.target === event.currentTarget && visible[0]) {
                  setFocusedKey(visible[0].key);
                  focusRow(visible[0].key);
                }
              }}
              data-testid="extract-fields"
            >
              {sections.map((section) => (
                <FieldSectionView
                  key={section.id}
                  section={section}
                  counts={countsBySection.get(section.id) ?? ''}
                  collapsed={collapsed.has(section.id)}
                  onToggle={() => toggleSection(section.id)}
                >
                  {section.fields.map((field) => (
                    <FieldRow
                      key={field.key}
                      documentId={documentId}
                      template={template!}
                      field={field}
                      definition={definitions.get(field.key)}
                      focused={field.key === focusedKey}
                      activeEvidence={active?.key === field.key ? active.index : null}
                      editing={editingKey === field.key}
                      busy={busyKey === field.key}
                      canAdd={selection !== null}
                      onFocus={() => setFocusedKey(field.key)}
                      onJump={(index) => jump(field, index)}
                      onEdit={() => setEditingKey(field.key)}
                      onAssertion={(item, label) => void act(field, () => call('extraction:setAssertion', { ...ref(field), item, label }))}
                      onCancelEdit={() => {
                        setEditingKey(null);
                        focusRow(field.key);
                      }}
                      onSave={(value) => void save(field, value)}
                      onConfirm={() => review(field, 'confirm')}
                      onClear={() => review(field, 'clear')}
                      onAdd={() => void add(field)}
                      onAccept={() => review(field, 'acceptSuggestion')}
                      onDismiss={() => review(field, 'confirm')}
                    />
                  ))}
                </FieldSectionView>
              ))}
            </div>
          </>
        )}
      </div>
      {showKeys ? <ShortcutsDialog onClose={() => setShowKeys(false)} /> : null}
    </div>
  );
}

/** One section: its heading (a button that folds it, with its review count) and its rows; a template without sections gets the rows alone. */
function FieldSectionView({
  section,
  counts,
  collapsed,
  onToggle,
  children,
}: {
  readonly section: FieldSection<FieldResult>;
  readonly counts: string;
  readonly collapsed: boolean;
  readonly onToggle: () => void;
  readonly children: ReactNode;
}) {
  const id = useId();
  if (section.title === null) {
    return (
      <ul className="extract-panel__fields" aria-label="Fields">
        {children}
      </ul>
    );
  }
  return (
    <div className="extract-section" data-testid="extract-section" data-section={section.title} data-collapsed={collapsed}>
      <h3 className="extract-section__heading">
        <button
          type="button"
          className={`extract-section__toggle${collapsed ? ' extract-section__toggle--collapsed' : ''}`}
          aria-expanded={!collapsed}
          aria-controls={`${id}-fields`}
          onClick={onToggle}
          data-testid="extract-section-toggle"
        >
          <ChevronDownIcon />
          <span className="extract-section__title">{section.title}</span>
        </button>
        <span className="extract-section__counts" data-testid="extract-section-counts">
          {counts}
        </span>
      </h3>
      <ul id={`${id}-fields`} className="extract-panel__fields" aria-label={section.title} hidden={collapsed}>
        {collapsed ? null : children}
      </ul>
    </div>
  );
}

const RUN_BADGES: Readonly<Record<RunStatus, string>> = { queued: 'Running', running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

function RunLine({ status, run, onModels }: { readonly status: RunStatus; readonly run: RunInfo | null; readonly onModels: () => void }) {
  const tone = status === 'done' ? 'success' : status === 'failed' ? 'danger' : status === 'cancelled' ? 'neutral' : 'accent';
  const when = run?.finishedAt ?? run?.startedAt ?? null;
  const needsModel = run?.error && ['no_model', 'unsupported_model', 'not_gguf', 'load_failed'].includes(run.error.code);
  return (
    <div className="extract-run-line">
      <Badge tone={tone}>{RUN_BADGES[status]}</Badge>
      <span className="extract-run-line__text">
        {status === 'failed' ? (run?.error?.message ?? 'The extraction failed.') : status === 'cancelled' ? 'The last run was cancelled; earlier values are kept.' : 'Last run'}
        {when && status !== 'failed' ? ` · ${formatDateTime(when)}` : ''}
        {run?.model && status === 'done' ? ` · ${run.model.name}` : ''}
      </span>
      {needsModel ? (
        <button type="button" className="extract-panel__link" onClick={onModels}>
          Open Models
        </button>
      ) : null}
    </div>
  );
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
