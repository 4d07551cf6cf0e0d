// Draws boxes over a rendered page: search hits now, extraction evidence later. Boxes are
// in page units at scale 1 (see rectsForRange); the overlay scales them to the page as shown.
import type { PageRect } from '../../../../shared/page-rects';
import './HighlightOverlay.css';

export type HighlightTone = 'search' | 'evidence' | 'active';

export interface Highlight {
  readonly id: string;
  readonly rect: PageRect;
  readonly tone?: HighlightTone;
  /** Read by screen readers and shown as a tooltip. */
  readonly label?: string;
}

export interface HighlightOverlayProps {
  readonly highlights: readonly Highlight[];
  readonly scale: number;
  readonly onSelect?: (id: string) => void;
}

export function HighlightOverlay({ highlights, scale, onSelect }: HighlightOverlayProps) {
  if (highlights.length === 0) return null;
  return (
    <div className={`highlight-overlay${onSelect ? ' highlight-overlay--interactive' : ''}`} data-testid="highlight-overlay">
      {highlights.map(({ id, rect, tone = 'search', label }) => (
        <div
          key={id}
          className={`highlight highlight--${tone}`}
          data-testid="highlight"
          title={label}
          style={{
            left: rect.x * scale,
            top: rect.y * scale,
            width: rect.w * scale,
            height: rect.h * scale,
          }}
          onClick={onSelect ? () => onSelect(id) : undefined}
        />
      ))}
    </div>
  );
}
