// The Deadlines screen (from the header): every contract's key dates, soonest first, filtered
// to the next 30/90 days, overdue notices or one party; a date that needs review says so and
// why; each date lists the values it came from, whose pages open the reader there. Saved as
// CSV or iCalendar.
import { useState } from 'react';
import { isOverdue, within, type Deadline } from '../../../../shared/deadlines/api';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { useNavigation } from '../../app/Navigation';
import { downloadBytes } from '../extraction/download';
import './DeadlinesView.css';

type Window = 'upcoming' | '30' | '90' | 'overdue' | 'all';

export function filterDeadlines(deadlines: readonly Deadline[], asOf: string, window: Window, party: string): Deadline[] {
  const byParty = party === '' ? deadlines : deadlines.filter((d) => d.parties.includes(party));
  switch (window) {
    case '30':
      return within(byParty, asOf, 30);
    case '90':
      return within(byParty, asOf, 90);
    case 'overdue':
      return byParty.filter((d) => isOverdue(d, asOf));
    case 'upcoming':
      return byParty.filter((d) => d.date === null || d.date >= asOf || isOverdue(d, asOf));
    default:
      return [...byParty];
  }
}

export function DeadlinesView() {
  const notify = useToast();
  const navigation = useNavigation();
  const [span, setSpan] = useState<Window>('upcoming');
  const [party, setParty] = useState('');
  const list = useCall('deadlines:list', {}, 'all');
  useRecompute(list.reload);

  async function save(format: 'csv' | 'ics') {
    try {
      const { fileName, data } = await call('deadlines:export', { format });
      downloadBytes(fileName, data);
      notify(`Saved ${fileName}.`, 'success');
    } catch (err) {
      notify(`Could not save the deadlines: ${errorMessage(err)}`, 'error');
    }
  }

  const data = list.data;
  const parties = data === null ? [] : [...new Set(data.deadlines.flatMap((d) => d.parties))].sort();
  const shown = data === null ? [] : filterDeadlines(data.deadlines, data.asOf, span, party);

  return (
    <section className="deadlines" aria-labelledby="deadlines-title" data-testid="deadlines">
      <div className="deadlines__head">
        <h1 id="deadlines-title" className="deadlines__title">
          Deadlines
        </h1>
        <p className="deadlines__intro">
          Notice deadlines, renewals and expirations computed from each contract’s reviewed values. A date built on a value nobody has verified or
          confirmed is marked “needs review”. Business days skip weekends, not public holidays.
        </p>
      </div>
      <form className="deadlines__filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Show
          <select value={span} onChange={(e) => setSpan(e.target.value as Window)} data-testid="deadlines-window">
            <option value="upcoming">Upcoming and overdue</option>
            <option value="30">Next 30 days</option>
            <option value="90">Next 90 days</option>
            <option value="overdue">Overdue</option>
            <option value="all">All, past too</option>
          </select>
        </label>
        <label>
          Party
          <select value={party} onChange={(e) => setParty(e.target.value)} data-testid="deadlines-party">
            <option value="">Any</option>
            {parties.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => void save('csv')} data-testid="deadlines-csv">
          Save as CSV
        </Button>
        <Button variant="primary" onClick={() => void save('ics')} data-testid="deadlines-ics">
          Save as calendar (.ics)
        </Button>
      </form>
      {list.status === 'error' ? <ErrorBanner title="Cannot compute the deadlines" message={list.error} onRetry={list.reload} /> : null}
      {data === null ? (
        list.status === 'loading' ? <LoadingState label="Computing deadlines…" /> : null
      ) : shown.length === 0 ? (
        <p className="deadlines__empty">No deadlines here. Dates come from the contract template’s values: extract or enter them in the reader.</p>
      ) : (
        <ol className="deadlines__list">
          {shown.map((d) => (
            <li key={`${d.documentId}:${d.id}`} className={`deadline deadline--${d.status}`} data-testid="deadline-row" data-deadline={d.id}>
              <div className="deadline__when">
                <span className="deadline__date" data-testid="deadline-date">
                  {d.date ?? '—'}
                </span>
                {isOverdue(d, data.asOf) ? <span className="deadline__badge deadline__badge--overdue">overdue</span> : null}
                {d.status === 'needs_review' ? (
                  <span className="deadline__badge deadline__badge--review" data-testid="deadline-needs-review">
                    needs review
                  </span>
                ) : null}
              </div>
              <div className="deadline__what">
                <strong>{d.label}</strong> · {d.title}
                {d.parties.length > 0 ? <span className="deadline__parties"> · {d.parties.join(', ')}</span> : null}
                <p className="deadline__explanation">{d.explanation}</p>
                {d.reasons.length > 0 ? <p className="deadline__reasons">Needs review: {d.reasons.join('; ')}.</p> : null}
                <ul className="deadline__inputs">
                  {d.inputs.map((input) => (
                    <li key={input.key}>
                      {input.label}: <q>{input.value}</q> ({input.review !== 'none' ? input.review : input.status})
                      {input.evidence.map((e, i) => (
                        <button
                          key={i}
                          type="button"
                          className="deadline__evidence"
                          title={e.quote}
                          data-testid="deadline-evidence"
                          onClick={() =>
                            navigation.navigate({ view: 'document', documentId: d.documentId, page: e.page, highlight: null })
                          }
                        >
                          p. {e.page}
                        </button>
                      ))}
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Values change when a run ends or documents come and go (a person's edits happen in the reader, which remounts these). */
function useRecompute(reload: () => void) {
  useAbstractorEvent('extraction:done', reload);
  useAbstractorEvent('documents:changed', reload);
}

/** The library's card: how many dates fall in the next 30 days (overdue notices too). */
export function UpcomingDeadlines() {
  const navigation = useNavigation();
  const list = useCall('deadlines:list', { within: 30 }, 'within30');
  useRecompute(list.reload);
  const count = list.data?.deadlines.filter((d) => d.date !== null).length ?? 0;
  if (count === 0) return null;
  return (
    <button type="button" className="deadlines-card" onClick={() => navigation.navigate({ view: 'deadlines' })} data-testid="upcoming-deadlines">
      {count === 1 ? '1 deadline' : `${count} deadlines`} in the next 30 days
    </button>
  );
}
