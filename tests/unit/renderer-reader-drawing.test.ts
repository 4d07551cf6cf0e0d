// How the reader shares the one pdf.js worker: the filter that leaves out empty save/restore
// pairs (over plain operation lists, chunked as pdf.js delivers them, and over a real page's
// list), the gate that tells the rail's thumbnails when the reader is idle, and the thumbnails
// waiting for it (and being called off by a full-size drawing). And what is let go: pdf.js's
// hold on a page once drawn, and the pixels of a canvas that left the screen and the cache.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { skipEmptySaveRestore } from '../../renderer/src/features/reader/empty-save-restore';
import { DrawGate } from '../../renderer/src/features/reader/draw-gate';

// thumbnails.ts draws through render-page.ts, which imports pdf.js's browser build for its
// operation codes; node has no DOMMatrix for that build, so it gets the legacy build's codes.
vi.mock('pdfjs-dist', () => ({ OPS: { save: OPS.save, restore: OPS.restore } }));
const { Thumbnails } = await import('../../renderer/src/features/reader/thumbnails');
const { drawPage, RenderedPageCache } = await import('../../renderer/src/features/reader/page-cache');

const { save: S, restore: R } = OPS;
const X = OPS.fill;

/** The indices the filter keeps, asking in order as pdf.js does, the list growing by `chunks`. */
function kept(list: number[], chunks: number[] = [list.length]): number[] {
  let received = 0;
  const filter = skipEmptySaveRestore(() => list.slice(0, received), OPS);
  const out: number[] = [];
  let i = 0;
  for (const size of chunks) {
    received += size;
    for (; i < received; i++) if (filter(i)) out.push(i);
  }
  return out;
}

/** Whether the kept operations' saves and restores still nest. */
function balanced(list: number[], indices: number[]): boolean {
  let depth = 0;
  for (const i of indices) {
    if (list[i] === S) depth++;
    if (list[i] === R && --depth < 0) return false;
  }
  return depth === 0;
}

describe('skipEmptySaveRestore', () => {
  it('leaves out each save immediately followed by a restore, and that restore, nothing else', () => {
    const list = [S, R, X, S, X, R, S, S, R, R, S, R];
    // Indices 0-1, 7-8 and 10-11 are empty pairs; 6 and 9 enclose only an empty pair and stay.
    expect(kept(list)).toEqual([2, 3, 4, 5, 6, 9]);
    expect(balanced(list, kept(list))).toBe(true);
  });

  it('keeps a save that ends a chunk (its restore not yet received) together with its restore', () => {
    const list = [X, S, R, X, S, R];
    // The first pair is split across chunks: both kept; the second arrives whole: left out.
    expect(kept(list, [2, 4])).toEqual([0, 1, 2, 3]);
  });

  it('stays balanced under any chunking', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      // A random well-nested list of saves, restores and fills.
      const list: number[] = [];
      let depth = 0;
      for (let n = 0; n < 60; n++) {
        const r = random();
        if (r < 0.4) (list.push(S), depth++);
        else if (r < 0.8 && depth > 0) (list.push(R), depth--);
        else list.push(X);
      }
      while (depth-- > 0) list.push(R);
      const chunks: number[] = [];
      for (let left = list.length; left > 0; ) {
        const size = Math.min(left, 1 + Math.floor(random() * 8));
        chunks.push(size);
        left -= size;
      }
      const indices = kept(list, chunks);
      expect(balanced(list, indices)).toBe(true);
      // Only saves and restores are ever left out.
      const out = list.map((_, i) => i).filter((i) => !indices.includes(i));
      expect(out.every((i) => list[i] === S || list[i] === R)).toBe(true);
    }
  });

  it('draws everything when the operation list is unknown', () => {
    const filter = skipEmptySaveRestore(() => undefined, OPS);
    expect([0, 1, 2].map(filter)).toEqual([true, true, true]);
  });

  it("finds the empty pairs in pdf.js's own operator list of a page wrapping each glyph in q…Q", async () => {
    // "q BX EX Q" is an empty pair in the operator list (pdf.js drops BX/EX) but not in the
    // stream: the Node build's patch skips a bare "q Q" before the list is made, the browser's does not.
    const content = 'q BX EX Q BT /F1 12 Tf 72 700 Td (A) Tj ET q BX EX Q q 0 0 1 rg 10 10 50 50 re f Q q BX EX Q';
    // A minimal PDF (no cross-reference table: pdf.js finds the objects by scanning).
    const data = new TextEncoder().encode(
      [
        '%PDF-1.7',
        '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
        '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj',
        `4 0 obj << /Length ${content.length} >> stream\n${content}\nendstream endobj`,
        '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
        'trailer << /Root 1 0 R >>',
        '%%EOF',
      ].join('\n'),
    );
    const pdf = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: VerbosityLevel.ERRORS }).promise;
    try {
      const page = await pdf.getPage(1);
      const { fnArray } = await page.getOperatorList();
      const list = [...fnArray];
      const indices = kept(list);
      const leftOut = list.filter((_, i) => !indices.includes(i));
      // Three empty pairs; the pair around the rectangle stays.
      expect(leftOut).toEqual([S, R, S, R, S, R]);
      expect(balanced(list, indices)).toBe(true);
      expect(indices.map((i) => list[i])).toContain(OPS.setFillRGBColor);
    } finally {
      await pdf.destroy();
    }
  });
});

describe('DrawGate', () => {
  it('is idle only when the current page is drawn and no full-size drawing is in flight', async () => {
    const gate = new DrawGate();
    expect(gate.idle).toBe(false);
    let idle = false;
    void gate.whenIdle().then(() => (idle = true));
    gate.setCurrentDrawn(true);
    await Promise.resolve();
    expect(idle).toBe(true);

    const busy = vi.fn();
    gate.onBusy(busy);
    const end1 = gate.begin();
    const end2 = gate.begin();
    expect(busy).toHaveBeenCalledTimes(1);
    expect(gate.idle).toBe(false);
    end1();
    end1(); // a second call does not count twice
    expect(gate.idle).toBe(false);
    end2();
    expect(gate.idle).toBe(true);
    gate.setCurrentDrawn(false);
    expect(busy).toHaveBeenCalledTimes(2);
  });
});

describe('Thumbnails', () => {
  interface FakeTask {
    promise: Promise<void>;
    cancel(): void;
    resolve(): void;
    cancelled: boolean;
  }
  let tasks: FakeTask[];
  const fakeCanvas = () => ({ width: 0, height: 0, className: '', isConnected: false, setAttribute() {}, getContext: () => ({ drawImage() {} }) });
  const page = {
    pageNumber: 1,
    getViewport: ({ scale }: { scale: number }) => ({ width: 612 * scale, height: 792 * scale }),
    render: vi.fn(() => {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      const task: FakeTask = {
        promise,
        resolve,
        cancelled: false,
        cancel: () => {
          task.cancelled = true;
          reject(Object.assign(new Error('Rendering cancelled'), { name: 'RenderingCancelledException' }));
        },
      };
      tasks.push(task);
      return task;
    }),
    cleanup: vi.fn(),
  };
  const pdf = { getPage: async () => page };
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };

  beforeEach(() => {
    tasks = [];
    page.render.mockClear();
    vi.stubGlobal('window', { devicePixelRatio: 1 });
    vi.stubGlobal('document', { createElement: fakeCanvas });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('waits while the current page is being drawn, and is called off (then drawn again) by a full-size drawing', async () => {
    const gate = new DrawGate();
    const thumbnails = new Thumbnails(pdf as never, gate, () => null, () => true);
    let drawn: unknown = null;
    void thumbnails.request(1).promise.then((canvas) => (drawn = canvas));
    const endCurrent = gate.begin();
    await settle();
    // The current page is not drawn yet: the thumbnail waits.
    expect(page.render).not.toHaveBeenCalled();

    gate.setCurrentDrawn(true);
    endCurrent();
    await settle();
    expect(page.render).toHaveBeenCalledTimes(1);

    // The reader turns to a page not drawn yet: the thumbnail in flight is called off.
    gate.setCurrentDrawn(false);
    const endNext = gate.begin();
    expect(tasks[0]!.cancelled).toBe(true);
    await settle();
    expect(page.render).toHaveBeenCalledTimes(1);
    expect(drawn).toBeNull();

    gate.setCurrentDrawn(true);
    endNext();
    await settle();
    expect(page.render).toHaveBeenCalledTimes(2);
    tasks[1]!.resolve();
    await settle();
    expect(drawn).not.toBeNull();
    expect(thumbnails.get(1)).toBe(drawn);
    thumbnails.close();
  });
});

describe('drawing a page full size', () => {
  const fakeCanvas = (connected = false) => ({ width: 10, height: 10, className: '', isConnected: connected, setAttribute() {}, getContext: () => ({}) });
  beforeEach(() => {
    vi.stubGlobal('window', { devicePixelRatio: 1 });
    vi.stubGlobal('document', { createElement: () => fakeCanvas() });
  });
  afterEach(() => vi.unstubAllGlobals());

  function fakePage(pageNumber: number) {
    const controls: { resolve: () => void; reject: (err: Error) => void } = { resolve: () => {}, reject: () => {} };
    const page = {
      pageNumber,
      getViewport: ({ scale }: { scale: number }) => ({ width: 612 * scale, height: 792 * scale }),
      render: vi.fn(() => ({
        promise: new Promise<void>((resolve, reject) => Object.assign(controls, { resolve, reject })),
        cancel: () => controls.reject(Object.assign(new Error('Rendering cancelled'), { name: 'RenderingCancelledException' })),
      })),
      cleanup: vi.fn(() => true),
    };
    return { page, controls };
  }

  it('counts on the gate while in flight, and lets pdf.js forget the page once drawn (not when cancelled)', async () => {
    const gate = new DrawGate();
    gate.setCurrentDrawn(true);
    const drawn = fakePage(1);
    const drawing = drawPage(drawn.page as never, 1, gate);
    expect(gate.idle).toBe(false);
    drawn.controls.resolve();
    await drawing.promise;
    expect(drawn.page.cleanup).toHaveBeenCalledTimes(1);
    expect(gate.idle).toBe(true);

    const cancelled = fakePage(2);
    const other = drawPage(cancelled.page as never, 1, gate);
    other.cancel();
    await expect(other.promise).rejects.toThrow('cancelled');
    expect(cancelled.page.cleanup).not.toHaveBeenCalled();
    expect(gate.idle).toBe(true);
  });

  it("gives back a canvas's pixels when it leaves the screen, unless the cache keeps it", () => {
    const cache = new RenderedPageCache({ maxPages: 1, maxBytes: 1e9 });
    const first = fakeCanvas(true);
    cache.put(fakePage(1).page as never, 1, first as never);
    // Dropped from the cache while on screen: left alone then.
    cache.put(fakePage(2).page as never, 1, fakeCanvas() as never);
    expect(first.width).toBe(10);
    // Off screen now, and no longer cached: its pixels go.
    first.isConnected = false;
    cache.release(first as never);
    expect(first.width).toBe(0);

    const kept = fakeCanvas();
    cache.put(fakePage(3).page as never, 1, kept as never);
    cache.release(kept as never);
    expect(kept.width).toBe(10);
  });
});
