// Validates a model file from its GGUF header alone (no weights read, no native code). The
// header is hostile input: its structure is bounds-checked first (gguf-bounds.ts), and the
// main process runs this only in a worker thread under a heap and time limit (gguf-info.ts);
// the engine process, already apart, calls it directly. node-llama-cpp is imported lazily;
// its GGUF reader is plain JavaScript. Must not import electron.
import { open } from 'node:fs/promises';
import { checkGgufBounds } from './gguf-bounds';
import { EngineError } from './engine-error';

export interface ModelFileInfo {
  readonly path: string;
  readonly sizeBytes: number;
  readonly ggufVersion: number;
  readonly architecture: string;
  readonly name: string | null;
  /** Sum of tensor element counts; null when the file has no tensor table. */
  readonly parameters: number | null;
  /** general.file_type as a name, e.g. 'MOSTLY_Q4_K_M'; null when absent. */
  readonly fileType: string | null;
  /** The tensor type holding the most parameters, e.g. 'Q8_0'. */
  readonly dominantTensorType: string | null;
  readonly contextLength: number | null;
  readonly layers: number | null;
  readonly embeddingLength: number | null;
  readonly vocabSize: number | null;
  readonly hasChatTemplate: boolean;
}

const GGUF_MAGIC = 'GGUF';

// Architectures llama.cpp knows but that cannot generate text here: encoders, embedding models,
// vision projectors, vocoders, draft heads, and encoder-decoder models (t5: node-llama-cpp
// never runs llama_encode, so the decoder would have nothing to attend to).
const NON_GENERATIVE = new Set([
  't5',
  'bert',
  'modern-bert',
  'nomic-bert',
  'nomic-bert-moe',
  'neo-bert',
  'jina-bert-v2',
  'jina-bert-v3',
  'eurobert',
  't5encoder',
  'gemma-embedding',
  'llama-embed',
  'clip',
  'wavtokenizer-dec',
  'eagle3',
  'dflash',
]);

type LlamaModule = typeof import('node-llama-cpp');
let llamaModule: Promise<LlamaModule> | undefined;
const loadLlamaModule = (): Promise<LlamaModule> => (llamaModule ??= import('node-llama-cpp'));

async function readMagic(filePath: string): Promise<{ magic: string; size: number }> {
  let fh;
  try {
    fh = await open(filePath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new EngineError('not_found', `Model file not found: ${filePath}`);
    }
    if (code === 'EISDIR') throw new EngineError('not_gguf', `This is a folder, not a model file: ${filePath}`);
    throw new EngineError('not_found', `Cannot read the model file: ${(err as Error).message}`, { cause: err });
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return { magic: head.subarray(0, bytesRead).toString('latin1'), size };
  } finally {
    await fh.close();
  }
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** Reads and checks the header, in this thread. Throws EngineError: not_found, not_gguf or unsupported_model. */
export async function readModelFileInfo(filePath: string): Promise<ModelFileInfo> {
  const { magic, size } = await readMagic(filePath);
  if (size === 0) throw new EngineError('not_gguf', 'The model file is empty (0 bytes).');
  if (magic !== GGUF_MAGIC) {
    throw new EngineError('not_gguf', 'This is not a GGUF model file (llama.cpp models end in .gguf).');
  }
  await checkGgufBounds(filePath);

  const llama = await loadLlamaModule();
  let info: Awaited<ReturnType<LlamaModule['readGgufFileInfo']>>;
  try {
    info = await llama.readGgufFileInfo(filePath, {
      sourceType: 'filesystem',
      readTensorInfo: true,
      logWarnings: false,
      // The vocabulary is the bulk of the header and we only need its length.
      ignoreKeys: ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'],
    });
  } catch (err) {
    throw new EngineError('not_gguf', `The GGUF header is damaged or truncated: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const metadata = info.metadata as unknown as {
    general?: { architecture?: string; name?: string; file_type?: number; type?: string };
    tokenizer?: { ggml?: { tokens?: readonly string[] }; chat_template?: string };
  };
  const architecture = metadata.general?.architecture;
  if (typeof architecture !== 'string' || architecture === '') {
    throw new EngineError('not_gguf', 'The GGUF file does not name its architecture.');
  }
  // Read as a plain record: the package declares these as const enums, which isolatedModules forbids.
  const knownArchitectures = new Set(
    Object.values((llama as unknown as Record<string, Record<string, string>>)['GgufArchitectureType'] ?? {}),
  );
  if (!knownArchitectures.has(architecture)) {
    throw new EngineError('unsupported_model', `The model architecture "${architecture}" is not supported.`);
  }
  if (metadata.general?.type === 'adapter') {
    throw new EngineError('unsupported_model', 'This is a LoRA adapter, not a model: add it as an adapter of its base model.');
  }
  if (NON_GENERATIVE.has(architecture) || metadata.general?.type === 'mmproj') {
    throw new EngineError(
      'unsupported_model',
      `This "${architecture}" model cannot generate text (it is an encoder, embedding model or projector).`,
    );
  }

  const arch = (info.architectureMetadata ?? {}) as Record<string, unknown>;
  const tensors = info.fullTensorInfo ?? info.tensorInfo;
  let parameters: number | null = null;
  let dominantTensorType: string | null = null;
  if (tensors && tensors.length > 0) {
    const byType = new Map<number, number>();
    parameters = 0;
    for (const t of tensors) {
      const count = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
      parameters += count;
      byType.set(t.ggmlType, (byType.get(t.ggmlType) ?? 0) + count);
    }
    const ggmlTypes = (llama as unknown as Record<string, Record<number, string>>)['GgmlType'] ?? {};
    const top = [...byType.entries()].sort((a, b) => b[1] - a[1])[0];
    if (top) dominantTensorType = ggmlTypes[top[0]] ?? String(top[0]);
  }
  const fileTypes = (llama as unknown as Record<string, Record<number, string>>)['GgufFileType'] ?? {};
  const fileTypeNumber = metadata.general?.file_type;
  const chatTemplate = metadata.tokenizer?.chat_template;

  return {
    path: filePath,
    sizeBytes: size,
    ggufVersion: info.version,
    architecture,
    name: metadata.general?.name ?? null,
    parameters,
    fileType: typeof fileTypeNumber === 'number' ? (fileTypes[fileTypeNumber] ?? String(fileTypeNumber)) : null,
    dominantTensorType,
    contextLength: asNumber(arch['context_length']),
    layers: asNumber(arch['block_count']),
    embeddingLength: asNumber(arch['embedding_length']),
    vocabSize: metadata.tokenizer?.ggml?.tokens?.length ?? asNumber(arch['vocab_size']),
    hasChatTemplate: typeof chatTemplate === 'string' && chatTemplate.length > 0,
  };
}

/** The keys of a LoRA adapter's header, unchecked (adapter-info.ts judges them). */
export interface AdapterHeader {
  readonly path: string;
  readonly architecture: string | null;
  readonly generalType: string | null;
  readonly adapterType: string | null;
  readonly alpha: number | null;
  readonly name: string | null;
}

/** Reads an adapter's header, bounds-checked like a model's. Throws EngineError: not_found or not_gguf. */
export async function readAdapterHeader(filePath: string): Promise<AdapterHeader> {
  const { magic, size } = await readMagic(filePath);
  if (size === 0 || magic !== GGUF_MAGIC) throw new EngineError('not_gguf', 'This is not a GGUF file.');
  await checkGgufBounds(filePath);
  const llama = await loadLlamaModule();
  let metadata: Record<string, unknown>;
  try {
    const info = await llama.readGgufFileInfo(filePath, { sourceType: 'filesystem', readTensorInfo: false, logWarnings: false });
    metadata = info.metadata as unknown as Record<string, unknown>;
  } catch (err) {
    throw new EngineError('not_gguf', `The GGUF header is damaged or truncated: ${(err as Error).message}`, { cause: err });
  }
  const general = (metadata['general'] ?? {}) as Record<string, unknown>;
  const adapter = (metadata['adapter'] ?? {}) as { type?: unknown; lora?: { alpha?: unknown } };
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    path: filePath,
    architecture: text(general['architecture']),
    generalType: text(general['type']),
    adapterType: text(adapter.type),
    alpha: asNumber(adapter.lora?.alpha),
    name: text(general['name']),
  };
}
