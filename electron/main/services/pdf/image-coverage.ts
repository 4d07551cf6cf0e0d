// How much of a page its images cover, from a pdf.js operator list: a page with a few header
// stamps over a full-page image is a scan whose body has no text (OCR it). Only asked of pages
// with little text, since building the operator list decodes the images. Pure: the operator
// codes are passed in, so this module imports no pdf.js.

export interface ImageOps {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly paintImageXObject: number;
  readonly paintInlineImageXObject: number;
  readonly paintImageMaskXObject: number;
  readonly paintImageXObjectRepeat: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, t: readonly number[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = t;
  return [
    m[0] * a + m[2] * b,
    m[1] * a + m[3] * b,
    m[0] * c + m[2] * d,
    m[1] * c + m[3] * d,
    m[0] * e + m[2] * f + m[4],
    m[1] * e + m[3] * f + m[5],
  ];
}

/** Pixel size of the image an operator paints, when pdf.js says. */
function pixels(args: unknown[] | null): number | null {
  if (!args) return null;
  if (typeof args[1] === 'number' && typeof args[2] === 'number') return args[1] * args[2];
  const image = args[0] as { width?: unknown; height?: unknown } | null;
  if (image && typeof image.width === 'number' && typeof image.height === 'number') return image.width * image.height;
  return null;
}

/**
 * The share (0-1) of the page area painted by images of at least `minPpi` pixels per inch
 * (page units are 1/72 inch): each image fills the unit square under the current transform,
 * so its area is the transform's determinant. Overlaps count twice, hence the cap at 1. The
 * resolution floor tells a scan (150 ppi and up) from a faint background picture.
 */
export function imageCoverage(fnArray: readonly number[], argsArray: readonly unknown[], ops: ImageOps, pageArea: number, minPpi = 0): number {
  if (!(pageArea > 0)) return 0;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let painted = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform && args) ctm = multiply(ctm, args as number[]);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = args?.[0];
      if (Array.isArray(matrix) || ArrayBuffer.isView(matrix)) ctm = multiply(ctm, Array.from(matrix as ArrayLike<number>));
    } else if (fn === ops.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (
      fn === ops.paintImageXObject ||
      fn === ops.paintInlineImageXObject ||
      fn === ops.paintImageMaskXObject ||
      fn === ops.paintImageXObjectRepeat
    ) {
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      const size = pixels(args);
      const ppi = size === null || area === 0 ? Infinity : Math.sqrt(size / (area / 5184));
      if (ppi >= minPpi) painted += area;
    }
  }
  return Math.min(1, painted / pageArea);
}
