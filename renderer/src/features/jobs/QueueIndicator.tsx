// The header's queue indicator: "Processing 12/300 · 40 min left" while batches run (or are
// paused); a click opens the Batches screen on the batch in progress. Hidden when idle.
import { Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { queueHeadline } from './batch-state';
import { formatEta } from './job-format';
import { useJobs } from './JobsProvider';
import './QueueIndicator.css';

export function QueueIndicator() {
  const { summary } = useJobs();
  const navigation = useNavigation();
  const headline = queueHeadline(summary);
  if (!headline) return null;
  const eta = summary.running > 0 ? formatEta(summary.etaSeconds) : null;
  // Compact in the header: "Processing 12/300 · 40 min left"; narrow windows drop the verb.
  const short = summary.running > 0 ? formatEta(summary.etaSeconds, { compact: true }) : null;
  const [verb, counts] = splitHeadline(headline);
  const full = `${eta ? `${headline} · ${eta}` : headline}${summary.failed > 0 ? ` · ${summary.failed} failed` : ''}`;
  return (
    <button
      type="button"
      className={`queue-indicator${summary.running > 0 ? '' : ' queue-indicator--paused'}`}
      onClick={() => navigation.navigate({ view: 'batches', batchId: summary.focusId })}
      title={`${full} · open the batches`}
      aria-label={`${full}. Open the batches.`}
      data-testid="queue-indicator"
    >
      <span className="queue-indicator__icon" aria-hidden="true">
        {summary.running > 0 ? <Spinner label="Processing" size={12} /> : <span className="queue-indicator__dot" />}
      </span>
      <span className="queue-indicator__text">
        <span className="queue-indicator__verb">{verb} </span>
        {counts}
        {short ? <span className="queue-indicator__eta"> · {short}</span> : null}
      </span>
    </button>
  );
}

function splitHeadline(headline: string): [string, string] {
  const space = headline.indexOf(' ');
  return space < 0 ? ['', headline] : [headline.slice(0, space), headline.slice(space + 1)];
}
