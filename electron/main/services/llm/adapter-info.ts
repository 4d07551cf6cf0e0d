// Vets a LoRA adapter file from its GGUF header before the engine applies it, so a wrong file
// fails with a clear message instead of llama.cpp's, and before the loaded model is dropped.
// The header is hostile input like a model's: the caller says how it is read, the main process
// in the header worker (gguf-info.ts readAdapterHeaderInWorker), the engine process, already
// apart, in place (gguf-read.ts readAdapterHeader). Must not import electron.
import { stat } from 'node:fs/promises';
import { EngineError } from './engine-error';
import type { AdapterHeader } from './gguf-read';

export interface AdapterFileInfo {
  readonly path: string;
  readonly architecture: string;
  readonly alpha: number | null;
  readonly name: string | null;
}

export type AdapterHeaderReader = (filePath: string) => Promise<AdapterHeader>;

/** Throws EngineError not_found, or invalid_adapter when the file is not a LoRA adapter (for `architecture`, when given). */
export async function inspectAdapterFile(filePath: string, read: AdapterHeaderReader, architecture?: string): Promise<AdapterFileInfo> {
  try {
    if (!(await stat(filePath)).isFile()) throw new Error('not a file');
  } catch {
    throw new EngineError('not_found', `Adapter file not found: ${filePath}`);
  }
  let header: AdapterHeader;
  try {
    header = await read(filePath);
  } catch (err) {
    if (EngineError.is(err, 'not_found')) throw err;
    throw new EngineError('invalid_adapter', `This is not a GGUF adapter file: ${(err as Error).message}`, { cause: err });
  }
  if (header.generalType !== 'adapter' || header.adapterType !== 'lora') {
    throw new EngineError('invalid_adapter', 'This GGUF file is not a LoRA adapter (general.type "adapter", adapter.type "lora").');
  }
  if (!header.architecture) throw new EngineError('invalid_adapter', 'The adapter does not name its architecture.');
  if (architecture !== undefined && header.architecture !== architecture) {
    throw new EngineError(
      'invalid_adapter',
      `The adapter was made for "${header.architecture}" models and this model is "${architecture}".`,
    );
  }
  return { path: filePath, architecture: header.architecture, alpha: header.alpha, name: header.name };
}
