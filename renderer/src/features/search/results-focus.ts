// Keyboard focus between the header search box and the results: ArrowDown in the box moves
// into the results (now, or once the results for what was typed arrive), ArrowUp and ArrowDown
// move between hits, ArrowUp from the first goes back to the box. DOM only, no React.
const HIT = '[data-testid="search-hit"]';
const BOX = '[data-testid="search-input"]';

let pending = false;

export function focusFirstResult(): boolean {
  const first = document.querySelector<HTMLElement>(HIT);
  first?.focus();
  return first !== null;
}

/** The results are on their way: the first hit takes focus when they are shown. */
export function focusResultsWhenShown(): void {
  pending = true;
}

export function takePendingFocus(): boolean {
  const was = pending;
  pending = false;
  return was;
}

/** Moves among the hits from the focused one; returns whether the key was used. */
export function moveBetweenResults(key: string, from: Element): boolean {
  const hits = [...document.querySelectorAll<HTMLElement>(HIT)];
  const at = hits.indexOf(from as HTMLElement);
  if (at < 0) return false;
  let next: HTMLElement | null | undefined;
  if (key === 'ArrowDown') next = hits[Math.min(at + 1, hits.length - 1)];
  else if (key === 'ArrowUp') next = at === 0 ? document.querySelector<HTMLElement>(BOX) : hits[at - 1];
  else if (key === 'Home') next = hits[0];
  else if (key === 'End') next = hits.at(-1);
  else return false;
  next?.focus();
  return true;
}
