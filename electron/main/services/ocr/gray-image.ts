// 8-bit grayscale page images for OCR: conversion from the canvas's RGBA, quarter-turn
// rotations, halving, crops, and the PGM (P5) encoding tesseract reads without decoding a
// compressed format. Pure: no canvas, no tesseract.

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** One byte per pixel, row by row; 0 black, 255 white. */
  readonly data: Uint8Array;
}

/** Clockwise quarter turns that make a page's text upright. */
export type Rotation = 0 | 90 | 180 | 270;

export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    // Rec. 601 luma in integers; transparent pixels are paper.
    const a = rgba[i + 3]!;
    const luma = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
    data[j] = a === 255 ? luma : 255 - (((255 - luma) * a) >> 8);
  }
  return { width, height, data };
}

/** The image turned clockwise by `rotation`. */
export function rotate(image: GrayImage, rotation: Rotation): GrayImage {
  const { width: w, height: h, data } = image;
  if (rotation === 0) return image;
  const out = new Uint8Array(data.length);
  if (rotation === 180) {
    for (let i = 0, n = data.length; i < n; i++) out[i] = data[n - 1 - i]!;
    return { width: w, height: h, data: out };
  }
  // A quarter turn swaps the sides: the new image is h wide and w high.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const target = rotation === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = data[row + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/** Half the size each way, averaging 2x2 blocks (for the cheap orientation probes). */
export function halve(image: GrayImage): GrayImage {
  const width = Math.max(1, image.width >> 1);
  const height = Math.max(1, image.height >> 1);
  const out = new Uint8Array(width * height);
  const src = image.data;
  const w = image.width;
  for (let y = 0; y < height; y++) {
    const r0 = Math.min(2 * y, image.height - 1) * w;
    const r1 = Math.min(2 * y + 1, image.height - 1) * w;
    for (let x = 0; x < width; x++) {
      const x0 = Math.min(2 * x, w - 1);
      const x1 = Math.min(2 * x + 1, w - 1);
      out[y * width + x] = (src[r0 + x0]! + src[r0 + x1]! + src[r1 + x0]! + src[r1 + x1]! + 2) >> 2;
    }
  }
  return { width, height, data: out };
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function crop(image: GrayImage, box: Box): GrayImage {
  const x = Math.max(0, Math.min(image.width - 1, Math.floor(box.x)));
  const y = Math.max(0, Math.min(image.height - 1, Math.floor(box.y)));
  const width = Math.max(1, Math.min(image.width - x, Math.floor(box.width)));
  const height = Math.max(1, Math.min(image.height - y, Math.floor(box.height)));
  const out = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    const from = (y + row) * image.width + x;
    out.set(image.data.subarray(from, from + width), row * width);
  }
  return { width, height, data: out };
}

/**
 * The square window (side `side`) with the most ink edges, on a coarse grid: where a probe
 * finds text rather than margin or a photo. Edges, not dark pixels, so a black border or a
 * picture does not win over a paragraph.
 */
export function busiestWindow(image: GrayImage, side: number): Box {
  const s = Math.min(side, image.width, image.height);
  const step = Math.max(1, Math.floor(s / 2));
  let best: Box = { x: Math.max(0, (image.width - s) / 2), y: Math.max(0, (image.height - s) / 2), width: s, height: s };
  let bestScore = -1;
  for (let y = 0; y + s <= image.height; y += step) {
    for (let x = 0; x + s <= image.width; x += step) {
      const score = edges(image, x, y, s);
      if (score > bestScore) [best, bestScore] = [{ x, y, width: s, height: s }, score];
    }
  }
  return best;
}

/** Dark/light transitions along every other row of the window. */
function edges(image: GrayImage, x0: number, y0: number, s: number): number {
  let count = 0;
  for (let y = y0; y < y0 + s; y += 2) {
    const row = y * image.width;
    let dark = image.data[row + x0]! < 128;
    for (let x = x0 + 1; x < x0 + s; x++) {
      const d = image.data[row + x]! < 128;
      if (d !== dark) count++;
      dark = d;
    }
  }
  return count;
}

/** Binary PGM: a 15-byte header and the raw pixels, which Leptonica reads as is. */
export function toPgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header);
  out.set(image.data, header.length);
  return out;
}

/**
 * Maps a box found in the image turned by `rotation` back to the unturned image, whose size is
 * `width` x `height`.
 */
export function unrotateBox(box: Box, rotation: Rotation, width: number, height: number): Box {
  const { x, y, width: w, height: h } = box;
  switch (rotation) {
    case 0:
      return box;
    case 90:
      return { x: y, y: height - (x + w), width: h, height: w };
    case 180:
      return { x: width - (x + w), y: height - (y + h), width: w, height: h };
    case 270:
      return { x: width - (y + h), y: x, width: h, height: w };
    default:
      return rotation satisfies never;
  }
}
