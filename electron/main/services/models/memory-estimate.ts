// node-llama-cpp's own estimate (GgufInsights) of the RAM a model needs with a context of
// `contextSize`, all on the CPU, from the GGUF header alone. It loads the addon without a
// backend (no GPU init), about half a second the first time. Plain Node: must not import electron.
import { AppError } from '../../../../shared/errors';
import { checkGgufBounds } from '../llm/gguf-bounds';

export interface RamEstimate {
  /** Weights plus the context (KV cache or recurrent state, compute buffers). */
  readonly ramBytes: number;
  /** The context size estimated for: the asked size, capped by what the model was trained on. */
  readonly contextSize: number;
}

export async function estimateModelRam(filePath: string, contextSize: number): Promise<RamEstimate> {
  const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
  let insights;
  try {
    // Only models the library vetted get here (gguf-info.ts), but a referenced file can change.
    await checkGgufBounds(filePath);
    const info = await readGgufFileInfo(filePath, { sourceType: 'filesystem', logWarnings: false });
    insights = await GgufInsights.from(info);
  } catch (err) {
    throw new AppError('not_gguf', `Cannot read the model header: ${(err as Error).message}`);
  }
  const size = Math.max(1, Math.min(contextSize, insights.trainContextSize ?? contextSize));
  const model = insights.estimateModelResourceRequirements({ gpuLayers: 0 });
  const context = insights.estimateContextResourceRequirements({ contextSize: size, modelGpuLayers: 0, sequences: 1 });
  return { ramBytes: model.cpuRam + context.cpuRam, contextSize: size };
}
