// Vets a LoRA adapter file from its GGUF header before the engine applies it, so a wrong file
// fails with a clear message instead of llama.cpp's, and before the loaded model is dropped.
// Must not import electron; node-llama-cpp's GGUF reader (plain JavaScript) is imported lazily.
import { stat } from 'node:fs/promises';
import { EngineError } from './engine-error';
import { checkGgufBounds } from './gguf-bounds';

export interface AdapterFileInfo {
  readonly path: string;
  readonly architecture: string;
  readonly alpha: number | null;
  readonly name: string | null;
}

/** Throws EngineError not_found, or invalid_adapter when the file is not a LoRA adapter for `architecture`. */
export async function inspectAdapterFile(filePath: string, architecture?: string): Promise<AdapterFileInfo> {
  try {
    if (!(await stat(filePath)).isFile()) throw new Error('not a file');
  } catch {
    throw new EngineError('not_found', `Adapter file not found: ${filePath}`);
  }
  const { readGgufFileInfo } = await import('node-llama-cpp');
  let metadata: Record<string, unknown>;
  try {
    await checkGgufBounds(filePath); // hostile counts end here, before the reader allocates them
    const info = await readGgufFileInfo(filePath, { sourceType: 'filesystem', readTensorInfo: false, logWarnings: false });
    metadata = info.metadata as unknown as Record<string, unknown>;
  } catch (err) {
    throw new EngineError('invalid_adapter', `This is not a GGUF adapter file: ${(err as Error).message}`, { cause: err });
  }
  const general = (metadata['general'] ?? {}) as { type?: unknown; architecture?: unknown; name?: unknown };
  const adapter = (metadata['adapter'] ?? {}) as { type?: unknown; lora?: { alpha?: unknown } };
  if (general.type !== 'adapter' || adapter.type !== 'lora') {
    throw new EngineError('invalid_adapter', 'This GGUF file is not a LoRA adapter (general.type "adapter", adapter.type "lora").');
  }
  if (typeof general.architecture !== 'string') throw new EngineError('invalid_adapter', 'The adapter does not name its architecture.');
  if (architecture !== undefined && general.architecture !== architecture) {
    throw new EngineError(
      'invalid_adapter',
      `The adapter was made for "${general.architecture}" models and this model is "${architecture}".`,
    );
  }
  const alpha = adapter.lora?.alpha;
  return {
    path: filePath,
    architecture: general.architecture,
    alpha: typeof alpha === 'number' ? alpha : null,
    name: typeof general.name === 'string' ? general.name : null,
  };
}
