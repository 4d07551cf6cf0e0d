// What a model run needs to know about the model it uses, and how it finds it. The model
// library implements ModelResolver; pipelines depend only on this interface.
import type { AdapterOption } from '../llm/engine-protocol';
import type { AdapterUse } from './adapter-library';

export interface ModelRef {
  readonly id: number;
  readonly path: string;
  readonly sha256: string;
  readonly name: string;
  readonly contextLength: number | null;
}

export interface ModelResolver {
  /**
   * The model for a run: the given file (registered in the library as a referenced model if
   * new), else the active model. Rejects with AppError 'no_model' when there is none.
   */
  resolve(explicitPath?: string): Promise<ModelRef>;
  /** The LoRA adapters chosen for this template or profile (none when absent). */
  adaptersFor?(use: AdapterUse): Promise<AdapterOption[]>;
}
