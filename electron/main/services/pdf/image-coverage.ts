// How much of a page its images cover: a page with a few header stamps over a full-page
// image is a scan whose body has no text (OCR it). Pure: the placements come from the page's
// content stream (page-images.ts), read without decoding a pixel.
import type { Matrix } from './matrix';

/** One image painted on a page: the unit square under `ctm`, of `pixels` (null: unknown). */
export interface ImagePlacement {
  readonly ctm: Matrix;
  readonly pixels: number | null;
}

/**
 * The share (0-1) of the page area painted by images of at least `minPpi` pixels per inch
 * (page units are 1/72 inch): each image fills the unit square under its transform, so its
 * area is the transform's determinant. Overlaps count twice, hence the cap at 1. The
 * resolution floor tells a scan (150 ppi and up) from a faint background picture.
 */
export function imageCoverage(images: readonly ImagePlacement[], pageArea: number, minPpi = 0): number {
  if (!(pageArea > 0)) return 0;
  let painted = 0;
  for (const { ctm, pixels } of images) {
    const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
    if (!Number.isFinite(area)) continue;
    const ppi = pixels === null || area === 0 ? Infinity : Math.sqrt(pixels / (area / 5184));
    if (ppi >= minPpi) painted += area;
  }
  return Math.min(1, painted / pageArea);
}
