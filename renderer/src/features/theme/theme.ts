// The window's colour theme: the OS's light or dark preference, or the user's choice, kept in
// the renderer's local storage (a display preference, not archive data). Applied as data-theme
// on <html>, which global.css keys its dark palette on, before the first paint.
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'abstractor.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function storedThemeChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system'; // storage refused (a locked-down profile): follow the OS
  }
}

export function storeThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Not kept across restarts; the choice still applies now.
  }
}

export function resolveTheme(choice: ThemeChoice, osPrefersDark: boolean): Theme {
  if (choice === 'system') return osPrefersDark ? 'dark' : 'light';
  return choice;
}

export function osPrefersDark(): boolean {
  return window.matchMedia?.(DARK_QUERY).matches ?? false;
}

export function applyTheme(choice: ThemeChoice): Theme {
  const theme = resolveTheme(choice, osPrefersDark());
  document.documentElement.dataset['theme'] = theme;
  return theme;
}

/** Calls back when the OS switches between light and dark. */
export function onOsThemeChange(callback: () => void): () => void {
  const query = window.matchMedia?.(DARK_QUERY);
  if (!query) return () => {};
  query.addEventListener('change', callback);
  return () => query.removeEventListener('change', callback);
}
