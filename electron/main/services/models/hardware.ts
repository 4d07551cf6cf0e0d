// What this machine offers a model, found cheaply: RAM and cores from `os`, CPU features from
// /proc/cpuinfo on Linux, and the GPU backends node-llama-cpp may try (a platform check, no
// native code). The real GPU is only known when the engine process loads a model: starting a
// backend here costs about half a second and would load GPU drivers into this process.
// Plain Node: must not import electron; node-llama-cpp only lazily.
import fs from 'node:fs/promises';
import os from 'node:os';
import type { CatalogQuantization, Hardware } from '../../../../shared/models';

type Features = Hardware['cpuFeatures'];

async function cpuFeatures(): Promise<Features> {
  if (process.platform !== 'linux') return { avx2: null, avx512: null, amx: null };
  try {
    const info = await fs.readFile('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => l.startsWith('flags')) ?? '';
    const flags = new Set(line.slice(line.indexOf(':') + 1).trim().split(/\s+/));
    return { avx2: flags.has('avx2'), avx512: flags.has('avx512f'), amx: flags.has('amx_tile') || flags.has('amx_int8') };
  } catch {
    return { avx2: null, avx512: null, amx: null };
  }
}

async function gpuCandidates(): Promise<string[]> {
  try {
    const { getLlamaGpuTypes } = await import('node-llama-cpp');
    return (await getLlamaGpuTypes('supported')).filter((t): t is Exclude<typeof t, false> => t !== false);
  } catch {
    return [];
  }
}

export function recommendQuantization(features: Features, totalRamBytes: number): {
  quantization: CatalogQuantization;
  reason: string;
} {
  if (totalRamBytes < 8 * 1024 ** 3) {
    return { quantization: 'Q4_K_M', reason: 'Less than 8 GB of RAM: the smaller Q4_K_M files leave room for the rest.' };
  }
  if (features.amx || features.avx512) {
    return {
      quantization: 'Q8_0',
      reason: `This CPU has ${features.amx ? 'AMX' : 'AVX-512'}: Q8_0 reads long documents 3-5x faster than Q4_K_M.`,
    };
  }
  return { quantization: 'Q4_K_M', reason: 'Q4_K_M is smaller and, without AVX-512 or AMX, about as fast as Q8_0.' };
}

export async function detectHardware(options: { inUse?: string | false | null } = {}): Promise<Hardware> {
  const [features, candidates] = await Promise.all([cpuFeatures(), gpuCandidates()]);
  const totalRamBytes = os.totalmem();
  const recommendation = recommendQuantization(features, totalRamBytes);
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    logicalCores: os.availableParallelism(),
    totalRamBytes,
    freeRamBytes: os.freemem(),
    cpuFeatures: features,
    gpu: {
      candidates,
      inUse: options.inUse ?? null,
      note:
        candidates.length > 0
          ? 'The GPU is auto-detected when a model loads; without a usable one the CPU runs the model.'
          : 'No GPU backend for this platform: the CPU runs the model.',
    },
    recommendedQuantization: recommendation.quantization,
    recommendationReason: recommendation.reason,
  };
}
