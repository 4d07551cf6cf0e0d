// The drag handle on the side panel's left edge: drag it, or focus it and use the arrow keys
// (left widens the panel, right narrows it; Home and End go to the narrowest and widest).
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { SIDE_MAX, SIDE_MIN } from './use-reader-layout';

const STEP = 16;

export function SidePanelResizer({ width, onWidth }: { readonly width: number; readonly onWidth: (width: number) => void }) {
  const drag = useRef<{ x: number; width: number } | null>(null);

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    // From the width on screen (a narrow window may show the panel narrower than chosen).
    const shown = event.currentTarget.parentElement?.getBoundingClientRect().width ?? width;
    drag.current = { x: event.clientX, width: shown };
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag.current) return;
    onWidth(drag.current.width - (event.clientX - drag.current.x));
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const next =
      event.key === 'ArrowLeft' ? width + STEP : event.key === 'ArrowRight' ? width - STEP : event.key === 'Home' ? SIDE_MIN : event.key === 'End' ? SIDE_MAX : null;
    if (next === null) return;
    // The reader's Home/End (first and last page) do not also act.
    event.preventDefault();
    event.stopPropagation();
    onWidth(next);
  }

  return (
    <div
      className="reader-side__resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Side panel width"
      aria-valuenow={width}
      aria-valuemin={SIDE_MIN}
      aria-valuemax={SIDE_MAX}
      tabIndex={0}
      title="Drag, or use the arrow keys, to change the side panel's width"
      data-testid="side-panel-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
