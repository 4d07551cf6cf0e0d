// Zoom levels of the reader: either "fit width" or a fixed scale from a ladder. Pure.

export type Zoom = { readonly mode: 'fit-width' } | { readonly mode: 'scale'; readonly scale: number };

export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
export const MIN_SCALE = ZOOM_STEPS[0];
export const MAX_SCALE = 4;
export const FIT_WIDTH: Zoom = { mode: 'fit-width' };

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The scale that makes a page of `pageWidth` (at scale 1) fill `available` pixels. */
export function fitWidthScale(available: number, pageWidth: number): number {
  if (!(available > 0) || !(pageWidth > 0)) return 1;
  return clampScale(available / pageWidth);
}

export function resolveScale(zoom: Zoom, fitScale: number): number {
  return zoom.mode === 'fit-width' ? fitScale : zoom.scale;
}

/** The next step up or down from the scale currently shown. */
export function stepZoom(current: number, direction: 1 | -1): Zoom {
  const epsilon = 0.001;
  const next =
    direction > 0
      ? ZOOM_STEPS.find((step) => step > current + epsilon) ?? MAX_SCALE
      : [...ZOOM_STEPS].reverse().find((step) => step < current - epsilon) ?? MIN_SCALE;
  return { mode: 'scale', scale: next };
}

export function formatZoom(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}
