// The engine against node-llama-cpp itself: the same model file, the same tokens, the same
// threads and context, measured alternately in one run (raw, engine, raw, engine) so a busy
// machine slows both alike. Prompt reading at two depths and generation; each figure is the
// best of the rounds (other processes only ever slow a measurement down). Also 'auto' threads
// against an explicit all-cores engine, for prompt reading on a quiet machine.
import os from 'node:os';
import { getLlama, LlamaLogLevel, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp';
import { EngineHost } from '../../electron/main/services/llm/engine-host';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';

export interface EngineVsRawOptions {
  readonly modelPath: string;
  readonly threads: number;
  readonly promptSizes: readonly [number, number];
  readonly generateTokens: number;
  readonly rounds: number;
  readonly log: (line: string) => void;
}

export interface Rates {
  readonly raw: number;
  readonly engine: number;
  readonly ratio: number;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const loadAverage = (): number[] => os.loadavg().map((l) => round(l));

/** Plain English-like text, varied so no two prompts share more than their first tokens. */
function text(words: number, salt: number): string {
  const vocabulary = ['the', 'tenant', 'shall', 'pay', 'rent', 'of', 'dollars', 'on', 'each', 'month', 'and', 'landlord', 'may', 'terminate', 'this', 'agreement', 'with', 'written', 'notice', 'within', 'days', 'deposit', 'returned', 'after', 'inspection', 'premises', 'repair', 'insurance', 'liability', 'clause'];
  let state = (salt * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    out.push(i % 17 === 16 ? `${state % 1000}.` : vocabulary[state % vocabulary.length]!);
  }
  return out.join(' ');
}

/** Exactly `count` tokens of fresh text (BOS first when the model wants one), and the same text for the engine. */
function promptOf(model: LlamaModel, count: number, salt: number): { tokens: Token[]; text: string } {
  const bos = model.tokens.bos;
  const body = model.tokenize(text(count * 2, salt)).slice(0, count - (bos != null ? 1 : 0));
  return { tokens: bos != null ? [bos, ...body] : body, text: model.detokenize(body) };
}

async function rawPrefill(sequence: LlamaContextSequence, tokens: Token[]): Promise<number> {
  await sequence.clearHistory();
  const t = performance.now();
  await sequence.evaluateWithoutGeneratingNewTokens(tokens);
  return tokens.length / ((performance.now() - t) / 1000);
}

async function rawGenerate(sequence: LlamaContextSequence, prompt: Token[], count: number): Promise<number> {
  await sequence.clearHistory();
  let n = 0;
  let first = 0;
  for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
    n += 1;
    if (n === 1) first = performance.now();
    if (n >= count) break;
  }
  return (n - 1) / ((performance.now() - first) / 1000);
}

async function enginePrefill(engine: EngineHost, prompt: string): Promise<number> {
  const r = await engine.generate({ prompt, maxTokens: 1 });
  return (r.tokensIn - r.tokensCached - 1) / (r.timings.prefillMs / 1000);
}

async function engineGenerate(engine: EngineHost, prompt: string, count: number): Promise<number> {
  const r = await engine.generate({ prompt, maxTokens: count });
  if (r.tokensOut < 2) throw new Error(`the model stopped after ${r.tokensOut} token(s)`);
  return (r.tokensOut - 1) / ((r.timings.totalMs - r.timings.firstTokenMs) / 1000);
}

const best = (xs: readonly number[]): number => Math.max(...xs);
const rates = (raw: readonly number[], engine: readonly number[]): Rates => ({
  raw: round(best(raw), 1),
  engine: round(best(engine), 1),
  ratio: round(best(engine) / best(raw), 3),
});

export async function engineVsRaw(o: EngineVsRawOptions): Promise<{
  readonly pp: Readonly<Record<number, Rates>>;
  readonly tg: Rates;
  readonly contextSize: number;
  readonly loadAverage: { readonly start: number[]; readonly end: number[] };
}> {
  const start = loadAverage();
  const contextSize = Math.max(...o.promptSizes) + o.generateTokens + 512;
  const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, maxThreads: o.threads, progressLogs: false, logLevel: LlamaLogLevel.warn });
  const model = await llama.loadModel({ modelPath: o.modelPath });
  // As the engine creates its context: same size bound, threads, one sequence, flash attention.
  const context = await model.createContext({ contextSize: { max: contextSize }, threads: o.threads, sequences: 1, flashAttention: true });
  const sequence = context.getSequence();
  const engine = new EngineHost({ entry: SOURCE_ENTRIES.engine, threads: o.threads, gpu: false });
  try {
    const info = await engine.loadModel(o.modelPath, { contextSize });
    if (info.contextSize !== context.contextSize) throw new Error(`contexts differ: engine ${info.contextSize}, raw ${context.contextSize}`);
    const pp: Record<number, { raw: number[]; engine: number[] }> = {};
    const tg = { raw: [] as number[], engine: [] as number[] };
    let salt = 1;
    for (let r = 1; r <= o.rounds; r += 1) {
      for (const size of o.promptSizes) {
        const entry = (pp[size] ??= { raw: [], engine: [] });
        entry.raw.push(await rawPrefill(sequence, promptOf(model, size, (salt += 1)).tokens));
        entry.engine.push(await enginePrefill(engine, promptOf(model, size, (salt += 1)).text));
        o.log(`round ${r}: prompt ${size}: raw ${entry.raw.at(-1)!.toFixed(1)} tok/s, engine ${entry.engine.at(-1)!.toFixed(1)} tok/s (load ${loadAverage()})`);
      }
      const short = promptOf(model, 16, (salt += 1));
      tg.raw.push(await rawGenerate(sequence, short.tokens, o.generateTokens));
      tg.engine.push(await engineGenerate(engine, short.text, o.generateTokens));
      o.log(`round ${r}: generation: raw ${tg.raw.at(-1)!.toFixed(1)} tok/s, engine ${tg.engine.at(-1)!.toFixed(1)} tok/s (load ${loadAverage()})`);
    }
    return {
      pp: Object.fromEntries(Object.entries(pp).map(([size, v]) => [size, rates(v.raw, v.engine)])),
      tg: rates(tg.raw, tg.engine),
      contextSize,
      loadAverage: { start, end: loadAverage() },
    };
  } finally {
    await engine.dispose();
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
}

/** Prompt reading with threads 'auto' against the explicit all-cores count, alternately. */
export async function autoVsAllCores(o: Pick<EngineVsRawOptions, 'modelPath' | 'threads' | 'rounds' | 'log'> & { readonly promptSize: number }): Promise<
  Rates & { readonly autoThreads: number; readonly loadAverage: { readonly start: number[]; readonly end: number[] } }
> {
  const start = loadAverage();
  const contextSize = o.promptSize + 512;
  const auto = new EngineHost({ entry: SOURCE_ENTRIES.engine, threads: 'auto', gpu: false });
  const all = new EngineHost({ entry: SOURCE_ENTRIES.engine, threads: o.threads, gpu: false });
  try {
    const autoInfo = await auto.loadModel(o.modelPath, { contextSize });
    await all.loadModel(o.modelPath, { contextSize });
    const measured = { auto: [] as number[], all: [] as number[] };
    for (let r = 1; r <= o.rounds; r += 1) {
      // About half a token per word short of the size, so the prompt always fits the context.
      measured.all.push(await enginePrefill(all, text(Math.floor(o.promptSize / 2), 1000 + r)));
      measured.auto.push(await enginePrefill(auto, text(Math.floor(o.promptSize / 2), 2000 + r)));
      o.log(`round ${r}: threads ${o.threads}: ${measured.all.at(-1)!.toFixed(1)} tok/s, auto (${autoInfo.threads}): ${measured.auto.at(-1)!.toFixed(1)} tok/s (load ${loadAverage()})`);
    }
    const r = rates(measured.all, measured.auto);
    return { ...r, autoThreads: autoInfo.threads, loadAverage: { start, end: loadAverage() } };
  } finally {
    await auto.dispose();
    await all.dispose();
  }
}
