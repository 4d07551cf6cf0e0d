// The global search field in the header. Ctrl/Cmd+K focuses it; typing shows results as
// you go (debounced), Enter searches at once, ArrowDown moves into the results, Escape clears
// and returns.
import { useEffect, useRef, useState } from 'react';
import { SearchIcon } from '../../components/icons';
import { useNavigation } from '../../app/Navigation';
import { focusFirstResult, focusResultsWhenShown } from './results-focus';
import './SearchBox.css';

const DEBOUNCE_MS = 250;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function SearchBox() {
  const navigation = useNavigation();
  const { route } = navigation;
  const routeQuery = route.view === 'search' ? route.query : null;
  const [text, setText] = useState(routeQuery ?? '');
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Follow the route: the box shows the search on screen. Back to results restores the query;
  // any other screen (a document opened from a hit, the library…) starts with an empty box.
  useEffect(() => {
    setText(routeQuery ?? '');
  }, [routeQuery]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function search(query: string) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const trimmed = query.trim();
    if (!trimmed) {
      if (route.view === 'search') navigation.back();
      return;
    }
    if (route.view === 'search' && route.query === trimmed) return;
    navigation.navigate({ view: 'search', query: trimmed });
  }

  function onChange(value: string) {
    setText(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => search(value), DEBOUNCE_MS);
  }

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        search(text);
      }}
    >
      <span className="search-box__icon" aria-hidden="true">
        <SearchIcon />
      </span>
      <input
        ref={input}
        className="search-box__input"
        type="search"
        aria-label="Search all documents"
        placeholder="Search all documents"
        data-testid="search-input"
        value={text}
        maxLength={500}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && text.trim()) {
            event.preventDefault();
            // The results on screen are this query's: into them now; else once they arrive.
            const shown = route.view === 'search' && route.query === text.trim() && timer.current === null;
            if (shown && focusFirstResult()) return;
            focusResultsWhenShown();
            search(text);
            return;
          }
          if (event.key === 'Escape') {
            event.preventDefault();
            setText('');
            search('');
            event.currentTarget.blur();
          }
        }}
      />
      <kbd className="search-box__shortcut" aria-hidden="true">
        {isMac ? '⌘K' : 'Ctrl K'}
      </kbd>
    </form>
  );
}
