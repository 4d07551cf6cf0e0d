// One tesseract.js engine (English LSTM, int model) for the OCR worker: reads a gray image
// into words with boxes, and finds which way up a page is. Every file it loads is local: the
// traineddata from @tesseract.js-data/eng, the wasm core from tesseract.js-core (required by
// tesseract.js's Node worker), no cache written. tesseract.js runs the engine in a thread of
// its own, nested in the OCR worker, so terminating the OCR worker ends it too.
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import { busiestWindow, crop, halve, rotate, toPgm, type GrayImage, type Rotation } from './gray-image';
import { paragraphsOf, type OcrWord } from './ocr-layout';

export interface RecognizerPaths {
  /** Folder with eng.traineddata.gz. */
  readonly langPath: string;
  /** tesseract.js's worker script (src/worker-script/node/index.js). */
  readonly workerPath: string;
}

/** The options handed to tesseract.js: local paths only, so nothing is ever fetched. */
export function tesseractOptions(paths: RecognizerPaths) {
  return {
    langPath: paths.langPath,
    workerPath: paths.workerPath,
    gzip: true,
    // Never read or write a cached copy of the traineddata (the default is the working directory).
    cacheMethod: 'none',
    logger: () => {},
    // Without a handler tesseract.js rethrows a failed job inside its message listener,
    // which would crash the whole OCR worker; the job's promise rejects either way.
    errorHandler: () => {},
  } as const;
}

export interface Reading {
  readonly paragraphs: OcrWord[][][];
  /** Tesseract's mean text confidence for the image, 0-100. */
  readonly confidence: number;
}

/** A probe that reads at least this well is upright: no other turn is tried. */
const UPRIGHT_CONFIDENCE = 70;
/** Another turn must read this much better than upright, and at least this well, to be chosen. */
const TURN_MARGIN = 15;
const TURN_CONFIDENCE = 60;
/** ...and read at least this many words of three letters or more: one word proves nothing. */
const TURN_WORDS = 5;
/** Side of the probe window in inches (a dozen lines of text). */
const PROBE_INCHES = 2;
/** Probes run at half the render resolution when that still leaves this much. */
const PROBE_MIN_DPI = 100;

export class Recognizer {
  private dpi = 0;

  private constructor(private readonly worker: TesseractWorker) {}

  static async create(paths: RecognizerPaths): Promise<Recognizer> {
    const worker = await createWorker('eng', OEM.LSTM_ONLY, tesseractOptions(paths));
    // Tesseract's diagnostics ("Image too small to scale!!") would go to the app's stdout.
    await worker.setParameters({ debug_file: '/dev/null' });
    return new Recognizer(worker);
  }

  /** Reads the image; `dpi` tells tesseract the resolution (PGM carries none). */
  async read(image: GrayImage, dpi: number): Promise<Reading> {
    await this.setDpi(dpi);
    const { data } = await this.worker.recognize(pgmBuffer(image), {}, { text: false, blocks: true });
    return { paragraphs: paragraphsOf(data.blocks as never), confidence: data.confidence };
  }

  /**
   * The clockwise turn that makes the page upright. Tesseract's own orientation detection
   * needs osd.traineddata, which the npm data packages do not ship, so this reads a small
   * window of dense ink at half resolution: upright first, the other three turns only when
   * upright reads badly, stopping at the first that reads well. A wrong turn reads as garbage
   * at 15-40 % confidence, the right one at 80-95 %.
   */
  async orientation(image: GrayImage, dpi: number): Promise<Rotation> {
    // An enormous page rendered coarse (capped pixels) is probed at its own resolution.
    const half = dpi / 2 >= PROBE_MIN_DPI;
    const small = half ? halve(image) : image;
    const probeDpi = half ? dpi / 2 : dpi;
    const window = crop(small, busiestWindow(small, Math.round(PROBE_INCHES * probeDpi)));
    const probe = async (turn: Rotation) => {
      const reading = await this.read(rotate(window, turn), probeDpi);
      const words = reading.paragraphs.flat(2).filter((w) => (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 3).length;
      return { turn, confidence: reading.confidence, words };
    };
    const upright = await probe(0);
    if (upright.confidence >= UPRIGHT_CONFIDENCE) return 0;
    const good = (p: typeof upright) =>
      p.words >= TURN_WORDS && p.confidence >= Math.max(upright.confidence + TURN_MARGIN, TURN_CONFIDENCE);
    let best = upright;
    for (const turn of [90, 270, 180] as const) {
      const p = await probe(turn);
      if (good(p) && p.confidence > best.confidence) best = p;
      if (good(p) && p.confidence >= UPRIGHT_CONFIDENCE) break;
    }
    return best.turn;
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private async setDpi(dpi: number): Promise<void> {
    const rounded = Math.max(70, Math.round(dpi));
    if (rounded === this.dpi) return;
    await this.worker.setParameters({ user_defined_dpi: String(rounded) });
    this.dpi = rounded;
  }
}

function pgmBuffer(image: GrayImage): Buffer {
  const pgm = toPgm(image);
  return Buffer.from(pgm.buffer, pgm.byteOffset, pgm.byteLength);
}
