// A finished summary: its sections of bullets, each bullet's cited pages as chips that jump
// the PDF view, how many pages were read, and what produced it (model, profile, prompt
// version, tokens, time).
import type { SummaryRun } from '../../../../shared/summaries';
import { formatDateTime } from '../library/format';
import { formatMs, isProfile, PROFILE_LABELS, runDurationMs } from './summary-state';

export interface SummaryResultProps {
  readonly run: SummaryRun;
  readonly currentPage: number;
  readonly onPage: (page: number) => void;
}

export function SummaryResult({ run, currentPage, onPage }: SummaryResultProps) {
  const output = run.output;
  return (
    <div className="summary-result">
      <PagesRead run={run} />
      {output ? (
        output.sections.map((section) => (
          <section key={section.key} className="summary-section" data-testid="summary-section" data-section={section.key}>
            <h3 className="summary-section__title">{section.title}</h3>
            {section.bullets.length === 0 ? (
              <p className="summary-section__none">Nothing on this in the pages read.</p>
            ) : (
              <ul className="summary-section__bullets">
                {section.bullets.map((bullet, i) => (
                  <li key={i} className="summary-bullet" data-testid="summary-bullet">
                    <span className="summary-bullet__text">{bullet.text}</span>
                    <span className="summary-bullet__pages" role="group" aria-label="Cited pages">
                      {bullet.pages.map((page) => (
                        <button
                          key={page}
                          type="button"
                          className={`summary-citation${page === currentPage ? ' summary-citation--current' : ''}`}
                          onClick={() => onPage(page)}
                          title={`Show page ${page}`}
                          aria-label={`Page ${page}`}
                          aria-current={page === currentPage ? 'page' : undefined}
                          data-testid="summary-citation"
                        >
                          {page}
                        </button>
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))
      ) : null}
      <RunFacts run={run} />
    </div>
  );
}

export function PagesRead({ run }: { readonly run: Pick<SummaryRun, 'pagesRead' | 'pagesTotal' | 'output'> }) {
  if (run.pagesTotal <= 0) return null;
  const withoutText = run.output?.pagesWithoutText.length ?? 0;
  const partial = run.pagesRead < run.pagesTotal;
  return (
    <p className={`summary-pages${partial ? ' summary-pages--partial' : ''}`} data-testid="summary-pages-read">
      Read {run.pagesRead} of {run.pagesTotal} {run.pagesTotal === 1 ? 'page' : 'pages'}
      {withoutText > 0 ? ` · ${withoutText} without text (${withoutText === 1 ? 'a scan' : 'scans'} awaiting OCR) not read` : ''}
    </p>
  );
}

function RunFacts({ run }: { readonly run: SummaryRun }) {
  const duration = runDurationMs(run);
  const profile = isProfile(run.profile) ? PROFILE_LABELS[run.profile] : run.profile;
  const dropped = run.output?.droppedBullets ?? 0;
  return (
    <dl className="summary-facts" data-testid="summary-facts">
      <dt>Model</dt>
      <dd>{run.model?.name ?? 'Unknown'}</dd>
      <dt>Profile</dt>
      <dd>{profile}</dd>
      <dt>Prompt</dt>
      <dd>{run.promptVersion}</dd>
      <dt>Tokens</dt>
      <dd>
        {run.tokens.input.toLocaleString()} in · {run.tokens.output.toLocaleString()} out
      </dd>
      <dt>Time</dt>
      <dd>{duration === null ? '—' : formatMs(duration)}</dd>
      {run.output ? (
        <>
          <dt>Method</dt>
          <dd>
            {run.output.mode === 'single' ? 'One pass' : `${run.output.chunks.length} parts, then merged`}
            {dropped > 0 ? ` · ${dropped} unsupported ${dropped === 1 ? 'point' : 'points'} left out` : ''}
          </dd>
        </>
      ) : null}
      <dt>Started</dt>
      <dd>{formatDateTime(run.startedAt)}</dd>
    </dl>
  );
}
