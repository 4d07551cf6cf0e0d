// How big a context the model gets when it loads, and how much of it a run's document may
// take. Shared by summaries and extraction. Plain Node.
import type { ModelFileInfo } from '../llm/gguf-info';

const MIN_CONTEXT = 512;
// Sums of per-piece token counts can miss a token or two where pieces are joined; this covers it.
const MARGIN_TOKENS = 16;
const MARGIN_RATIO = 0.02;

/**
 * The context to load a model with: its training context, capped by the setting and by what the
 * KV cache may take of free memory (half of it). Estimated without grouped-query attention, so
 * high for most models: the engine can only get less than it asks for, never more.
 */
export function chooseContextSize(
  file: Pick<ModelFileInfo, 'contextLength' | 'layers' | 'embeddingLength'>,
  resolvedContextLength: number | null,
  maxContextSize: number,
  freeMemoryBytes: number,
): number {
  const trained = resolvedContextLength ?? file.contextLength ?? 4096;
  const kvBytesPerToken = (file.layers ?? 32) * (file.embeddingLength ?? 4096) * 2 /* K and V */ * 2; /* f16 */
  const byMemory = Math.floor((freeMemoryBytes * 0.5) / kvBytesPerToken);
  const size = Math.min(trained, maxContextSize, byMemory);
  return Math.max(MIN_CONTEXT, Math.floor(size / 256) * 256);
}

/** Document tokens that fit beside a prompt of `overhead` tokens and an answer of `output`, with a safety margin. */
export function documentBudget(contextSize: number, overhead: number, output: number): number {
  const room = contextSize - overhead - output;
  return Math.floor(room - MARGIN_TOKENS - Math.max(0, room) * MARGIN_RATIO);
}
