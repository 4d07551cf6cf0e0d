// How the reader shares the window: the thumbnail rail open or collapsed (collapsed by default
// on narrow windows, so the page keeps its width at 1024 px), and the side panel's width or
// hidden. The width and hidden choices are remembered; the rail follows the window's width
// until the person toggles it.
import { useCallback, useState } from 'react';

export const SIDE_MIN = 260;
export const SIDE_MAX = 640;
const NARROW_WINDOW = '(max-width: 1180px)';
const WIDTH_KEY = 'abstractor.reader.sideWidth';
const HIDDEN_KEY = 'abstractor.reader.sideHidden';

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // A storage that refuses (private mode, full) only loses the preference.
  }
}

export function clampSideWidth(width: number): number {
  return Math.round(Math.min(SIDE_MAX, Math.max(SIDE_MIN, width)));
}

function initialSideWidth(): number {
  const saved = Number(stored(WIDTH_KEY));
  if (Number.isFinite(saved) && saved > 0) return clampSideWidth(saved);
  return window.matchMedia(NARROW_WINDOW).matches ? 320 : 400;
}

export interface ReaderLayout {
  readonly railCollapsed: boolean;
  toggleRail(): void;
  readonly sideWidth: number;
  setSideWidth(width: number): void;
  readonly sideHidden: boolean;
  setSideHidden(hidden: boolean): void;
}

export function useReaderLayout(): ReaderLayout {
  const [railCollapsed, setRailCollapsed] = useState(() => window.matchMedia(NARROW_WINDOW).matches);
  const [sideWidth, setWidth] = useState(initialSideWidth);
  const [sideHidden, setHidden] = useState(() => stored(HIDDEN_KEY) === 'true');
  const toggleRail = useCallback(() => setRailCollapsed((collapsed) => !collapsed), []);
  const setSideWidth = useCallback((width: number) => {
    const next = clampSideWidth(width);
    setWidth(next);
    store(WIDTH_KEY, String(next));
  }, []);
  const setSideHidden = useCallback((hidden: boolean) => {
    setHidden(hidden);
    store(HIDDEN_KEY, String(hidden));
  }, []);
  return { railCollapsed, toggleRail, sideWidth, setSideWidth, sideHidden, setSideHidden };
}
