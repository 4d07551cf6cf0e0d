// Earlier summaries of this document, newest first; choosing one shows it.
import type { RunInfo } from '../../../../shared/summaries';
import { Badge, type BadgeTone } from '../../components/Badge';
import { formatDateTime } from '../library/format';
import { isProfile, PROFILE_LABELS, statusWord } from './summary-state';

const TONES: Readonly<Record<ReturnType<typeof statusWord>, BadgeTone>> = {
  running: 'accent',
  done: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

export interface SummaryHistoryProps {
  readonly runs: readonly RunInfo[];
  readonly selectedId: number | null;
  readonly onSelect: (runId: number) => void;
}

export function SummaryHistory({ runs, selectedId, onSelect }: SummaryHistoryProps) {
  if (runs.length === 0) return null;
  return (
    <section className="summary-history" aria-labelledby="summary-history-title">
      <h3 id="summary-history-title" className="summary-history__title">
        History <span className="summary-history__count">{runs.length}</span>
      </h3>
      <ul className="summary-history__list">
        {runs.map((run) => {
          const word = statusWord(run.status);
          const selected = run.id === selectedId;
          return (
            <li key={run.id}>
              <button
                type="button"
                className={`summary-history__item${selected ? ' summary-history__item--selected' : ''}`}
                aria-pressed={selected}
                onClick={() => onSelect(run.id)}
                data-testid="summary-history-item"
                data-run-id={run.id}
              >
                <span className="summary-history__when">{formatDateTime(run.startedAt)}</span>
                <span className="summary-history__what">
                  {isProfile(run.profile) ? PROFILE_LABELS[run.profile] : run.profile}
                  {run.model ? ` · ${run.model.name}` : ''}
                </span>
                <Badge tone={TONES[word]}>{word}</Badge>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
