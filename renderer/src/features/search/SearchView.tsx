// Search results: every page that matched, with its document title, page number and a
// snippet whose matched words are marked. Opening a hit shows that page highlighted.
import type { SearchHit } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon, SearchIcon } from '../../components/icons';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
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
                : `${hits.length} matching ${hits.length === 1 ? 'page' : 'pages'} in ${new Set(hits.map((h) => h.documentId)).size} ${
                    new Set(hits.map((h) => h.documentId)).size === 1 ? 'document' : 'documents'
                  }`}
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
          <ol className="search-view__list" aria-label="Search results">
            {hits.map((hit) => (
              <li key={`${hit.documentId}:${hit.page}`}>
                <SearchHitItem
                  hit={hit}
                  onOpen={() => navigate({ view: 'document', documentId: hit.documentId, page: hit.page, highlight: query })}
                />
              </li>
            ))}
          </ol>
        )}
      </div>
    </main>
  );
}

function SearchHitItem({ hit, onOpen }: { readonly hit: SearchHit; readonly onOpen: () => void }) {
  const title = hit.title.trim() || hit.fileName;
  return (
    <button type="button" className="search-hit" data-testid="search-hit" onClick={onOpen}>
      <span className="search-hit__icon" aria-hidden="true">
        <FileIcon />
      </span>
      <span className="search-hit__body">
        <span className="search-hit__heading">
          <span className="search-hit__title">{title}</span>
          <span className="search-hit__page">Page {hit.page}</span>
        </span>
        {title !== hit.fileName ? <span className="search-hit__file">{hit.fileName}</span> : null}
        <span className="search-hit__snippet">
          {splitByRanges(hit.snippet, hit.highlights).map((part) =>
            part.marked ? <mark key={part.start}>{part.text}</mark> : <span key={part.start}>{part.text}</span>,
          )}
        </span>
      </span>
    </button>
  );
}
