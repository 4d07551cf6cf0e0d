// The library's work columns of one document: its summary, its extraction (per template) and
// its review ("12 of 44 reviewed · 3 need review"), from the counters the archive keeps.
import type { DocumentWork } from '../../../../shared/domain';
import { Badge } from '../../components/Badge';
import { reviewLine, STATE_LABELS, stateTone, templateStates } from './work-format';

const NONE = (label: string) => (
  <span className="library-work__none" title={label}>
    <span aria-hidden="true">—</span>
    <span className="visually-hidden">{label}</span>
  </span>
);

export function SummaryCell({ work }: { readonly work: DocumentWork | undefined }) {
  if (!work || work.summary === 'none') return NONE('Not summarized');
  return <Badge tone={stateTone(work.summary)}>{STATE_LABELS[work.summary]}</Badge>;
}

export function ExtractionCell({ work, titles }: { readonly work: DocumentWork | undefined; readonly titles: ReadonlyMap<string, string> }) {
  if (!work || work.templates.length === 0) return NONE('Not extracted');
  const states = templateStates(work, titles);
  const names = work.templates.map((t) => titles.get(t.template) ?? t.template);
  return (
    <div className="library-work" title={states.join('\n')}>
      <Badge tone={stateTone(work.extraction)}>{STATE_LABELS[work.extraction]}</Badge>
      <span className="library-work__detail">{names.length > 1 ? `${names[0]} +${names.length - 1}` : names[0]}</span>
      <span className="visually-hidden">{states.join('; ')}</span>
    </div>
  );
}

export function ReviewCell({ work }: { readonly work: DocumentWork | undefined }) {
  const line = work ? reviewLine(work.fields) : null;
  if (!work || line === null) return NONE('Nothing to review');
  const [reviewed, needs] = line.split(' · ');
  return (
    <div className="library-work" data-testid="review-state">
      <span className="library-work__reviewed">{reviewed}</span>
      {needs ? (
        <>
          <span className="visually-hidden"> · </span>
          <span className="library-work__needs">{needs}</span>
        </>
      ) : null}
    </div>
  );
}
