// The benchmarks' shared setup: random-weight models shaped like real small instruct models,
// written once into <tmpdir>/abstractor-bench-models, and the thread count they run with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelCacheKey, writeRandomLlamaGguf, type RandomLlamaOptions } from '../fixtures/gguf-writer';

export const QWEN_05B_LIKE: RandomLlamaOptions = {
  hidden: 896,
  layers: 24,
  heads: 14,
  kvHeads: 2,
  ffn: 4864,
  vocab: 32_000,
  // English words and subwords: ~4 characters per token, as a real instruct model's tokenizer.
  tokenizer: 'english',
  contextLength: 32_768,
  quant: 'q8_0',
  seed: 1,
  name: 'bench-qwen2.5-0.5b-like',
};
/** The same shape with Qwen2.5's real vocabulary size: what constrained decoding scans per token. */
export const QWEN_05B_FULL_VOCAB: RandomLlamaOptions = {
  ...QWEN_05B_LIKE,
  vocab: 151_936,
  // The English pieces run out long before 151,936: synthetic merges fill it.
  tokenizer: 'merges',
  seed: 3,
  name: 'bench-qwen2.5-0.5b-vocab',
};
export const LLAMA_1B_LIKE: RandomLlamaOptions = {
  hidden: 2048,
  layers: 16,
  heads: 32,
  kvHeads: 8,
  ffn: 8192,
  vocab: 32_000,
  // English words and subwords: ~4 characters per token, as a real instruct model's tokenizer.
  tokenizer: 'english',
  contextLength: 131_072,
  quant: 'q8_0',
  seed: 2,
  name: 'bench-llama-3.2-1b-like',
};

/**
 * The benchmarks' thread count: the physical cores, or BENCH_THREADS (a shared, busy machine
 * measures more steadily on fewer threads: ggml's threads spin-wait on each other).
 */
export function benchThreads(): number {
  const forced = Number(process.env['BENCH_THREADS']);
  return Number.isInteger(forced) && forced >= 1 ? forced : physicalCores();
}

/** Physical cores (not hyperthreads): more threads than that make ggml spin-wait on itself. */
export function physicalCores(): number {
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physical = '0';
    for (const line of info.split('\n')) {
      const [key, value] = line.split(':').map((s) => s.trim());
      if (key === 'physical id') physical = value ?? '0';
      if (key === 'core id') cores.add(`${physical}:${value}`);
    }
    if (cores.size > 0) return Math.min(cores.size, os.availableParallelism());
  } catch {
    // not Linux
  }
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}


/** Writes the model once (atomically, by rename) and returns its path; `log` hears about a write. */
export async function ensureBenchModel(options: RandomLlamaOptions, prefix: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = path.join(os.tmpdir(), 'abstractor-bench-models');
  const target = path.join(dir, `${prefix}-${modelCacheKey(options)}.gguf`);
  if (fs.existsSync(target) && fs.statSync(target).size > 0) return target;
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const temp = `${target}.${process.pid}.tmp`;
  const written = await writeRandomLlamaGguf(temp, options);
  fs.renameSync(temp, target);
  log(`wrote ${path.basename(target)}: ${(written.bytes / 1e6).toFixed(0)} MB, ${(written.parameters / 1e6).toFixed(0)}M parameters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return target;
}
