// Search results grouped by document (in the order of each document's best hit), each with its
// number of matching pages, then its hits by page: page number and a snippet whose matched
// words are marked. Opening a hit shows that page highlighted. The arrow keys move between
// hits (and up to the search box); Enter opens one.
import { useEffect, useMemo } from 'react';
import type { SearchHit } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon, SearchIcon } from '../../components/icons';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { groupByDocument, matchesLabel, type DocumentGroup } from './group-hits';
import { focusFirstResult, moveBetweenResults, takePendingFocus } from './results-focus';
import { splitByRanges } from './text-parts';
import './SearchView.css';

const LIMIT = 200;

export function SearchView({ query }: { readonly query: string }) {
  const { navigate, back } = useNavigation();
  const result = useCall('search:query', { query, limit: LIMIT }, query);
  // A very common query is only counted up to a bound at once; its exact count follows.
  const bounded = result.data !== null && !result.data.totalExact;
  const exact = useCall('search:count', bounded ? { query } : null, `${query}|${bounded}`);
  useAbstractorEvent('documents:changed', () => {
    result.reload();
    if (bounded) exact.reload();
  });
  const hits = result.data?.hits ?? null;
  const total = exact.data?.total ?? result.data?.total ?? 0;
  const totalKnown = !bounded || exact.data !== null;
  const groups = useMemo(() => (result.data ? groupByDocument(result.data.hits, result.data.documents) : []), [result.data]);
  // New results for a query the box asked to move into (ArrowDown while typing): focus the first hit.
  useEffect(() => {
    if (result.data && result.data.hits.length > 0 && takePendingFocus()) focusFirstResult();
  }, [result.data]);

  return (
    <main className="search-view" aria-labelledby="search-title">
      <div className="search-view__header">
        <h1 id="search-title" className="search-view__title">
          Results for “{query}”
        </h1>
        {hits ? (
          <span className="search-view__count" aria-live="polite">
            {hits.length === 0
              ? 'No matches'
              : hits.length < total || !totalKnown
                ? `${totalKnown ? total.toLocaleString() : `More than ${total.toLocaleString()}`} matching pages; ${
                    result.data?.ranking === 'newest' ? `the ${hits.length} newest shown` : `the best ${hits.length} shown`
                  }`
                : `${hits.length} matching ${hits.length === 1 ? 'page' : 'pages'} in ${groups.length} ${groups.length === 1 ? 'document' : 'documents'}`}
          </span>
        ) : null}
        {result.status === 'loading' && hits ? <Spinner label="Searching" size={14} /> : null}
      </div>

      <div className="search-view__content">
        {result.status === 'error' ? (
          <div className="search-view__error">
            <ErrorBanner title="The search failed." message={result.error} onRetry={result.reload} />
          </div>
        ) : !hits ? (
          <LoadingState label="Searching…" />
        ) : hits.length === 0 ? (
          <EmptyState icon={<SearchIcon />} title="No matches" actions={<Button onClick={back}>Back</Button>}>
            <p>No page contains all the words of “{query}”.</p>
            <p>Try fewer or different words. Put a phrase in "quotes" to match it exactly. Scanned pages that need OCR cannot be searched yet.</p>
          </EmptyState>
        ) : (
          <ol
            className="search-view__list"
            aria-label="Search results"
            onKeyDown={(event) => {
              if (event.altKey || event.ctrlKey || event.metaKey) return;
              if (moveBetweenResults(event.key, event.target as Element)) event.preventDefault();
            }}
          >
            {groups.map((group) => (
              <li key={group.documentId}>
                <SearchDocument
                  group={group}
                  onOpen={(hit) => navigate({ view: 'document', documentId: hit.documentId, page: hit.page, highlight: query })}
                />
              </li>
            ))}
          </ol>
        )}
      </div>
    </main>
  );
}

function SearchDocument({ group, onOpen }: { readonly group: DocumentGroup; readonly onOpen: (hit: SearchHit) => void }) {
  const headingId = `search-doc-${group.documentId}`;
  return (
    <section className="search-doc" aria-labelledby={headingId} data-testid="search-document" data-document-id={group.documentId}>
      <div className="search-doc__heading">
        <span className="search-doc__icon" aria-hidden="true">
          <FileIcon />
        </span>
        <h2 id={headingId} className="search-doc__title">
          {group.title}
        </h2>
        <span className="search-doc__count" data-testid="search-document-count">
          {matchesLabel(group)}
        </span>
      </div>
      {group.title !== group.fileName ? <span className="search-doc__file">{group.fileName}</span> : null}
      <ol className="search-doc__hits" aria-label={`Matches in ${group.title}`}>
        {group.hits.map((hit) => (
          <li key={hit.page}>
            <SearchHitItem hit={hit} title={group.title} onOpen={() => onOpen(hit)} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function SearchHitItem({ hit, title, onOpen }: { readonly hit: SearchHit; readonly title: string; readonly onOpen: () => void }) {
  return (
    <button type="button" className="search-hit" data-testid="search-hit" data-page={hit.page} onClick={onOpen}>
      <span className="search-hit__page">
        <span className="visually-hidden">{title}, </span>p. {hit.page}
      </span>
      <span className="search-hit__snippet">
        {splitByRanges(hit.snippet, hit.highlights).map((part) =>
          part.marked ? <mark key={part.start}>{part.text}</mark> : <span key={part.start}>{part.text}</span>,
        )}
      </span>
    </button>
  );
}
