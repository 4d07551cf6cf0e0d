// A finished summary: its sections of bullets, each bullet's cited pages as chips that jump
// the PDF view, how many pages were read, what produced it (model, profile, prompt version,
// tokens, time), and how many bullets are supported: a bullet whose date, number, dose or drug
// name is not on the pages it cites is shown as "check" with those words marked.
import type { ReactElement } from 'react';
import type { SummaryBullet, SummaryRun } from '../../../../shared/summaries';
import { formatDateTime, formatPages } from '../library/format';
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
      <SupportedShare run={run} />
      {output ? (
        output.sections.map((section) => (
          <section key={section.key} className="summary-section" data-testid="summary-section" data-section={section.key}>
            <h3 className="summary-section__title">{section.title}</h3>
            {section.bullets.length === 0 ? (
              <p className="summary-section__none">Nothing on this in the pages read.</p>
            ) : (
              <ul className="summary-section__bullets">
                {section.bullets.map((bullet, i) => (
                  <li
                    key={i}
                    className={`summary-bullet${bullet.support?.status === 'check' ? ' summary-bullet--check' : ''}`}
                    data-testid="summary-bullet"
                    data-support={bullet.support?.status ?? 'unchecked'}
                  >
                    {bullet.support?.status === 'check' ? (
                      <span
                        className="summary-bullet__check"
                        data-testid="bullet-check"
                        title={bullet.support.unsupported.length ? `Not on the cited pages: ${bullet.support.unsupported.join(', ')}` : 'No cited page to check against'}
                      >
                        check
                      </span>
                    ) : null}
                    <span className="summary-bullet__text">
                      <BulletText bullet={bullet} />
                    </span>
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
                          {formatPages([page])}
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

/** The bullet's text with the words not found on its cited pages marked. */
function BulletText({ bullet }: { readonly bullet: SummaryBullet }) {
  const marks = bullet.support?.status === 'check' ? bullet.support.unsupported : [];
  const lower = bullet.text.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (const token of marks) {
    const at = lower.indexOf(token.toLowerCase());
    if (at >= 0 && !ranges.some(([a, b]) => at < b && at + token.length > a)) ranges.push([at, at + token.length]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const parts: ReactElement[] = [];
  let from = 0;
  ranges.forEach(([a, b], i) => {
    if (a > from) parts.push(<span key={`t${i}`}>{bullet.text.slice(from, a)}</span>);
    parts.push(
      <mark key={`m${i}`} className="summary-bullet__unsupported" data-testid="unsupported-token" title="Not on the cited pages">
        {bullet.text.slice(a, b)}
      </mark>,
    );
    from = b;
  });
  if (from < bullet.text.length) parts.push(<span key="rest">{bullet.text.slice(from)}</span>);
  return <>{parts}</>;
}

/** "5 of 6 bullets supported by their cited pages (83%)". */
function SupportedShare({ run }: { readonly run: Pick<SummaryRun, 'output'> }) {
  const f = run.output?.faithfulness;
  if (!f || f.share === null) return null;
  return (
    <p className={`summary-supported${f.supported < f.bullets ? ' summary-supported--partial' : ''}`} data-testid="summary-supported">
      {f.supported} of {f.bullets} {f.bullets === 1 ? 'bullet' : 'bullets'} supported by their cited pages ({Math.round(f.share * 100)}%)
      {f.supported < f.bullets ? ' · the others are marked "check"' : ''}
    </p>
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
