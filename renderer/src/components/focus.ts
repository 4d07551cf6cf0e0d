// Where keyboard focus goes when what held it goes away: after a navigation (the clicked row or
// search hit is gone) focus moves to the new screen's heading, so a screen reader announces it
// and Tab continues from there, instead of starting again from the top of the window.

const HEADING = '.app__screen h1';
const REGION = '.app__screen main';
const WAIT_MS = 5000;

/** True when nothing useful has focus (it was on an element that left the page). */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/** Focuses the current screen's heading (or its main region); false if there is none yet. */
export function focusScreen(): boolean {
  const target = document.querySelector<HTMLElement>(HEADING) ?? document.querySelector<HTMLElement>(REGION);
  if (!target) return false;
  // A heading is not focusable by Tab; -1 lets the program focus it.
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
  return true;
}

/**
 * After a navigation, moves focus to the new screen once its heading is there (the reader loads
 * lazily), unless the person has put focus somewhere meanwhile. Returns a cancel function.
 */
export function focusScreenWhenReady(): () => void {
  const start = performance.now();
  let frame = requestAnimationFrame(function attempt() {
    if (!focusIsLost()) return;
    // The heading, once there; the bare region only if none comes (a screen still loading has none).
    if (document.querySelector(HEADING) && focusScreen()) return;
    if (performance.now() - start > WAIT_MS) {
      focusScreen();
      return;
    }
    frame = requestAnimationFrame(attempt);
  });
  return () => cancelAnimationFrame(frame);
}
