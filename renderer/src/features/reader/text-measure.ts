// Text widths for cutting highlight boxes inside a text run. The PDF's own font is not
// known here, so rectsForRange picks, per run, whichever of a serif, a sans-serif and a
// monospace face best fits the run's width: far closer than equal-width characters.
import type { EmMeasure } from '../../../../shared/page-rects';

function canvasMeasure(font: string): EmMeasure {
  let context: CanvasRenderingContext2D | null | undefined;
  const cache = new Map<string, number>();
  return (text) => {
    if (context === undefined) {
      context = document.createElement('canvas').getContext('2d');
      if (context) context.font = `100px ${font}`;
    }
    if (!context) return text.length * 0.5;
    let width = cache.get(text);
    if (width === undefined) {
      width = context.measureText(text).width / 100;
      if (cache.size > 5000) cache.clear();
      cache.set(text, width);
    }
    return width;
  };
}

/** Monospace faces (Courier) advance 0.6 em per character. */
const monospace: EmMeasure = (text) => text.length * 0.6;

export const PAGE_FONTS: readonly EmMeasure[] = [
  canvasMeasure('"Liberation Serif", "Times New Roman", Times, serif'),
  canvasMeasure('"Liberation Sans", Arial, Helvetica, sans-serif'),
  monospace,
];
