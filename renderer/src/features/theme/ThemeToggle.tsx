// A header button that steps the theme through System → Light → Dark, saying which is on now.
import { useEffect, useState } from 'react';
import { applyTheme, onOsThemeChange, storedThemeChoice, storeThemeChoice, type Theme, type ThemeChoice } from './theme';

const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = { system: 'light', light: 'dark', dark: 'system' };
const NAMES: Readonly<Record<ThemeChoice, string>> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedThemeChoice);
  const [theme, setTheme] = useState<Theme>(() => applyTheme(choice));

  useEffect(() => {
    setTheme(applyTheme(choice));
    if (choice !== 'system') return undefined;
    return onOsThemeChange(() => setTheme(applyTheme('system')));
  }, [choice]);

  const label = choice === 'system' ? `Theme: System (${theme} now)` : `Theme: ${NAMES[choice]}`;
  return (
    <button
      type="button"
      className="header__models header__theme"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      aria-label={`${label}. Switch to ${NAMES[NEXT[choice]]}`}
      title={`${label} · click for ${NAMES[NEXT[choice]]}`}
      onClick={() => {
        const next = NEXT[choice];
        storeThemeChoice(next);
        setChoice(next);
      }}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 2a6 6 0 0 1 0 12z" fill="currentColor" />
      </svg>
    </button>
  );
}
