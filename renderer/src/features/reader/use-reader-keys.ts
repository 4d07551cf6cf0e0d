// Keyboard shortcuts of the reader: PageUp/PageDown turn pages, Home/End jump to the ends
// (outside text fields), Ctrl/Cmd with + − 0 zooms.
import { useEffect, useRef } from 'react';

export interface ReaderKeyHandlers {
  onPage(delta: 1 | -1): void;
  onFirst(): void;
  onLast(): void;
  /** 1 in, -1 out, 0 fit width. */
  onZoom(direction: 1 | -1 | 0): void;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export function useReaderKeys(handlers: ReaderKeyHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey) return;
      // A modal dialog owns the keyboard.
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      const h = latest.current;
      const mod = event.ctrlKey || event.metaKey;
      if (mod) {
        if (event.key === '+' || event.key === '=') h.onZoom(1);
        else if (event.key === '-' || event.key === '_') h.onZoom(-1);
        else if (event.key === '0') h.onZoom(0);
        else return;
        event.preventDefault();
        return;
      }
      if (event.key === 'PageDown') h.onPage(1);
      else if (event.key === 'PageUp') h.onPage(-1);
      else if (event.key === 'Home' && !isEditable(event.target)) h.onFirst();
      else if (event.key === 'End' && !isEditable(event.target)) h.onLast();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
