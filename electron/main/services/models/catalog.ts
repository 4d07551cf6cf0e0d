// Recommended instruct models in the sizes people run on laptops and desktops. Plain data: the
// app never contacts these URLs unless the user asks for a download. Quantization: on CPUs with
// AMX or AVX-512, Q8_0 evaluates prompts 3-5x faster than Q4_K_M (long documents are mostly
// prompt); Q4_K_M is ~40% smaller, for machines short of RAM.
//
// Pins. A pinned entry downloads from `resolve/<commit>/`, which cannot change, and must match
// the exact size and the SHA-256 of the file's Git LFS object at that commit. Every pin below
// was copied from public records that agree with each other (other projects' catalogs and
// verified-download scripts citing the same commit, size and LFS SHA-256); none was guessed.
// Entries without such a record are kept unpinned: they point at the moving `main`, are not
// downloadable by id, and the app offers them only through the confirmed URL download, which
// records the SHA-256 of the first complete download and holds later downloads to it.
import type { CatalogEntry, CatalogQuantization } from '../../../../shared/models';

const GB = 1_000_000_000;
const MB = 1_000_000;

const Q8_NOTE = 'Q8_0: near-lossless; fastest prompt processing on CPUs with AMX/AVX-512.';
const Q4_NOTE = 'Q4_K_M: smallest good-quality quantization; for machines with little RAM.';

interface Pin {
  /** The Hugging Face commit the file is taken from. */
  readonly revision: string;
  readonly bytes: number;
  /** The publisher's Git LFS SHA-256 of the file. */
  readonly sha256: string;
}

export function huggingFaceUrl(repo: string, file: string, revision = 'main'): string {
  return `https://huggingface.co/${repo}/resolve/${revision}/${file}`;
}

// What llama.cpp runs each family as (the GGUF's general.architecture); every one of them is
// loaded and generated from in tests/integration/model-families.test.ts.
const ARCHITECTURE_OF_FAMILY: Readonly<Record<string, string>> = {
  'qwen2.5': 'qwen2',
  'llama3.1': 'llama',
  'llama3.2': 'llama',
  'llama3.1-minitron': 'llama',
  smollm2: 'llama',
  danube3: 'llama',
  mistral: 'llama',
  gemma2: 'gemma2',
  phi3: 'phi3',
  rwkv7: 'rwkv7',
};

function entry(
  e: Omit<CatalogEntry, 'url' | 'notes' | 'pinned' | 'bytes' | 'sha256' | 'architecture'> & { repo: string; notes?: string; pin?: Pin },
): CatalogEntry {
  const { repo, notes, pin, ...rest } = e;
  const quantNote = e.quantization === 'Q8_0' ? Q8_NOTE : Q4_NOTE;
  const architecture = ARCHITECTURE_OF_FAMILY[e.family];
  if (!architecture) throw new Error(`catalog: no architecture for the family ${e.family}`);
  return Object.freeze({
    ...rest,
    architecture,
    approxBytes: Math.round(e.approxBytes),
    ramBytes: Math.round(e.ramBytes),
    url: huggingFaceUrl(repo, e.fileName, pin?.revision),
    pinned: pin !== undefined,
    ...(pin ? { bytes: pin.bytes, sha256: pin.sha256 } : {}),
    notes: notes ? `${notes} ${quantNote}` : quantNote,
  });
}

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  // ~0.5B: runs anywhere; fine for short summaries, weak at extraction.
  entry({
    id: 'qwen2.5-0.5b-instruct-q8_0',
    name: 'Qwen2.5 0.5B Instruct',
    family: 'qwen2.5',
    sizeClass: '0.5b',
    parameters: '0.5B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 676 * MB,
    ramBytes: 1.1 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    fileName: 'qwen2.5-0.5b-instruct-q8_0.gguf',
    pin: { revision: '9217f5db79a29953eb74d5343926648285ec7e67', bytes: 675_710_816, sha256: 'ca59ca7f13d0e15a8cfa77bd17e65d24f6844b554a7b6c12e07a5f89ff76844e' },
  }),
  entry({
    id: 'qwen2.5-0.5b-instruct-q4_k_m',
    name: 'Qwen2.5 0.5B Instruct',
    family: 'qwen2.5',
    sizeClass: '0.5b',
    parameters: '0.5B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 491 * MB,
    ramBytes: 0.9 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    fileName: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
    pin: { revision: '9217f5db79a29953eb74d5343926648285ec7e67', bytes: 491_400_032, sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db' },
  }),
  // 1-2B: the smallest that follow extraction instructions reasonably.
  entry({
    id: 'qwen2.5-1.5b-instruct-q8_0',
    name: 'Qwen2.5 1.5B Instruct',
    family: 'qwen2.5',
    sizeClass: '1-2b',
    parameters: '1.5B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 1.89 * GB,
    ramBytes: 2.5 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF',
    fileName: 'qwen2.5-1.5b-instruct-q8_0.gguf',
    pin: { revision: '91cad51170dc346986eccefdc2dd33a9da36ead9', bytes: 1_894_532_128, sha256: 'd7efb072e7724d25048a4fda0a3e10b04bdef5d06b1403a1c93bd9f1240a63c8' },
  }),
  entry({
    id: 'qwen2.5-1.5b-instruct-q4_k_m',
    name: 'Qwen2.5 1.5B Instruct',
    family: 'qwen2.5',
    sizeClass: '1-2b',
    parameters: '1.5B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 1.12 * GB,
    ramBytes: 1.7 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF',
    fileName: 'qwen2.5-1.5b-instruct-q4_k_m.gguf',
    pin: { revision: '91cad51170dc346986eccefdc2dd33a9da36ead9', bytes: 1_117_320_736, sha256: '6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e' },
  }),
  entry({
    id: 'llama-3.2-1b-instruct-q8_0',
    name: 'Llama 3.2 1B Instruct',
    family: 'llama3.2',
    sizeClass: '1-2b',
    parameters: '1.2B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 1.32 * GB,
    ramBytes: 1.9 * GB,
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
    fileName: 'Llama-3.2-1B-Instruct-Q8_0.gguf',
    pin: { revision: '067b946cf014b7c697f3654f621d577a3e3afd1c', bytes: 1_321_083_008, sha256: '432f310a77f4650a88d0fd59ecdd7cebed8d684bafea53cbff0473542964f0c3' },
  }),
  entry({
    id: 'llama-3.2-1b-instruct-q4_k_m',
    name: 'Llama 3.2 1B Instruct',
    family: 'llama3.2',
    sizeClass: '1-2b',
    parameters: '1.2B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 808 * MB,
    ramBytes: 1.4 * GB,
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF',
    fileName: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf',
    pin: { revision: '067b946cf014b7c697f3654f621d577a3e3afd1c', bytes: 807_694_464, sha256: '6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83' },
  }),
  entry({
    id: 'gemma-2-2b-it-q4_k_m',
    name: 'Gemma 2 2B Instruct',
    family: 'gemma2',
    sizeClass: '1-2b',
    parameters: '2.6B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 1.71 * GB,
    ramBytes: 2.9 * GB,
    contextLength: 8192,
    license: 'Gemma Terms of Use',
    repo: 'bartowski/gemma-2-2b-it-GGUF',
    fileName: 'gemma-2-2b-it-Q4_K_M.gguf',
    notes: 'Context window of 8K tokens.',
  }),
  // 3-4B: a good default on 16 GB machines.
  entry({
    id: 'qwen2.5-3b-instruct-q8_0',
    name: 'Qwen2.5 3B Instruct',
    family: 'qwen2.5',
    sizeClass: '3-4b',
    parameters: '3.1B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 3.62 * GB,
    ramBytes: 4.3 * GB,
    contextLength: 32768,
    license: 'Qwen Research License (non-commercial)',
    repo: 'Qwen/Qwen2.5-3B-Instruct-GGUF',
    fileName: 'qwen2.5-3b-instruct-q8_0.gguf',
  }),
  entry({
    id: 'qwen2.5-3b-instruct-q4_k_m',
    name: 'Qwen2.5 3B Instruct',
    family: 'qwen2.5',
    sizeClass: '3-4b',
    parameters: '3.1B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 2.1 * GB,
    ramBytes: 2.8 * GB,
    contextLength: 32768,
    license: 'Qwen Research License (non-commercial)',
    repo: 'Qwen/Qwen2.5-3B-Instruct-GGUF',
    fileName: 'qwen2.5-3b-instruct-q4_k_m.gguf',
    pin: { revision: '7dabda4d13d513e3e842b20f0d435c732f172cbe', bytes: 2_104_932_768, sha256: '626b4a6678b86442240e33df819e00132d3ba7dddfe1cdc4fbb18e0a9615c62d' },
  }),
  entry({
    id: 'llama-3.2-3b-instruct-q8_0',
    name: 'Llama 3.2 3B Instruct',
    family: 'llama3.2',
    sizeClass: '3-4b',
    parameters: '3.2B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 3.42 * GB,
    ramBytes: 4.7 * GB,
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
    fileName: 'Llama-3.2-3B-Instruct-Q8_0.gguf',
    pin: { revision: '5ab33fa94d1d04e903623ae72c95d1696f09f9e8', bytes: 3_421_899_296, sha256: 'b5607b5090a8280063fff2d706bb3408ca6542341b06aab39c3eca0a28575921' },
  }),
  entry({
    id: 'llama-3.2-3b-instruct-q4_k_m',
    name: 'Llama 3.2 3B Instruct',
    family: 'llama3.2',
    sizeClass: '3-4b',
    parameters: '3.2B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 2.02 * GB,
    ramBytes: 3.3 * GB,
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
    fileName: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
    pin: { revision: '5ab33fa94d1d04e903623ae72c95d1696f09f9e8', bytes: 2_019_377_696, sha256: '6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff' },
  }),
  entry({
    id: 'phi-3.5-mini-instruct-q4_k_m',
    name: 'Phi-3.5 mini Instruct',
    family: 'phi3',
    sizeClass: '3-4b',
    parameters: '3.8B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 2.39 * GB,
    ramBytes: 5.9 * GB,
    contextLength: 131072,
    license: 'MIT',
    repo: 'bartowski/Phi-3.5-mini-instruct-GGUF',
    fileName: 'Phi-3.5-mini-instruct-Q4_K_M.gguf',
    pin: { revision: 'b1693692c4758ac83f0d0e65aff9b4f945f29941', bytes: 2_393_232_672, sha256: 'e4165e3a71af97f1b4820da61079826d8752a2088e313af0c7d346796c38eff5' },
    notes: 'No grouped-query attention: its context costs about 3 GB of RAM at 8K tokens.',
  }),
  // 7-8B: best quality here; wants 8 GB or more of free RAM (or a GPU).
  entry({
    id: 'qwen2.5-7b-instruct-q4_k_m',
    name: 'Qwen2.5 7B Instruct',
    family: 'qwen2.5',
    sizeClass: '7-8b',
    parameters: '7.6B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 4.68 * GB,
    ramBytes: 5.5 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'bartowski/Qwen2.5-7B-Instruct-GGUF',
    fileName: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf',
    pin: { revision: '8911e8a47f92bac19d6f5c64a2e2095bd2f7d031', bytes: 4_683_074_240, sha256: '65b8fcd92af6b4fefa935c625d1ac27ea29dcb6ee14589c55a8f115ceaaa1423' },
  }),
  entry({
    id: 'qwen2.5-7b-instruct-q8_0',
    name: 'Qwen2.5 7B Instruct',
    family: 'qwen2.5',
    sizeClass: '7-8b',
    parameters: '7.6B',
    domain: 'general',
    quantization: 'Q8_0',
    approxBytes: 8.1 * GB,
    ramBytes: 8.9 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'bartowski/Qwen2.5-7B-Instruct-GGUF',
    fileName: 'Qwen2.5-7B-Instruct-Q8_0.gguf',
  }),
  entry({
    id: 'llama-3.1-8b-instruct-q4_k_m',
    name: 'Llama 3.1 8B Instruct',
    family: 'llama3.1',
    sizeClass: '7-8b',
    parameters: '8.0B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 4.92 * GB,
    ramBytes: 6.3 * GB,
    contextLength: 131072,
    license: 'Llama 3.1 Community License',
    repo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
    fileName: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
    pin: { revision: 'bf5b95e96dac0462e2a09145ec66cae9a3f12067', bytes: 4_920_739_232, sha256: '7b064f5842bf9532c91456deda288a1b672397a54fa729aa665952863033557c' },
  }),
  entry({
    id: 'biomistral-7b-q4_k_m',
    name: 'BioMistral 7B',
    family: 'mistral',
    sizeClass: '7-8b',
    parameters: '7.2B',
    domain: 'medical',
    quantization: 'Q4_K_M',
    approxBytes: 4.37 * GB,
    ramBytes: 5.8 * GB,
    contextLength: 32768,
    license: 'Apache-2.0',
    repo: 'tensorblock/BioMistral-7B-GGUF',
    fileName: 'BioMistral-7B-Q4_K_M.gguf',
    notes: 'Mistral 7B Instruct further trained on PubMed Central; a research model, not for clinical decisions. Trained on 2K-token sequences.',
  }),
  entry({
    id: 'saul-7b-instruct-q4_k_m',
    name: 'Saul 7B Instruct v1',
    family: 'mistral',
    sizeClass: '7-8b',
    parameters: '7.2B',
    domain: 'legal',
    quantization: 'Q4_K_M',
    approxBytes: 4.37 * GB,
    ramBytes: 5.8 * GB,
    contextLength: 32768,
    license: 'MIT',
    repo: 'MaziyarPanahi/Saul-Instruct-v1-GGUF',
    fileName: 'Saul-Instruct-v1.Q4_K_M.gguf',
    notes: 'Mistral 7B trained on English legal text (Equall); not legal advice.',
  }),
  // Small models practitioners pick beside the above. ramBytes: node-llama-cpp's own estimate
  // (weights + an 8K context on the CPU) on a model of the same shape, measured by
  // tests/integration/catalog-memory.test.ts (tests/fixtures/catalog-shapes.ts).
  entry({
    id: 'smollm2-1.7b-instruct-q4_k_m',
    name: 'SmolLM2 1.7B Instruct',
    family: 'smollm2',
    sizeClass: '1-2b',
    parameters: '1.7B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 1_055_609_824,
    ramBytes: 3.32 * GB,
    contextLength: 8192,
    license: 'Apache-2.0',
    repo: 'bartowski/SmolLM2-1.7B-Instruct-GGUF',
    fileName: 'SmolLM2-1.7B-Instruct-Q4_K_M.gguf',
    pin: { revision: '1f03464768bfcc0319fc50da8ff5fb20b6417ba2', bytes: 1_055_609_824, sha256: '77665ea4815999596525c636fbeb56ba8b080b46ae85efef4f0d986a139834d7' },
    notes: 'No grouped-query attention: its context costs about 1.6 GB of RAM at 8K tokens.',
  }),
  entry({
    id: 'llama-3.1-minitron-4b-width-q4_k_m',
    name: 'Llama-3.1-Minitron 4B Width',
    family: 'llama3.1-minitron',
    sizeClass: '3-4b',
    parameters: '4.5B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 2.77 * GB,
    ramBytes: 4.39 * GB,
    contextLength: 131072,
    license: 'NVIDIA Open Model License',
    repo: 'mradermacher/Llama-3.1-Minitron-4B-Width-Base-GGUF',
    fileName: 'Llama-3.1-Minitron-4B-Width-Base.Q4_K_M.gguf',
    // No public record of this file's commit, size and SHA-256 was found: unpinned.
    notes:
      'Llama 3.1 8B pruned and distilled by NVIDIA; a base model without chat tuning, so it relies on the answer grammar. Not pinned: no public record of the file\'s commit and checksum was found; approximate size from the model\'s shape.',
  }),
  entry({
    id: 'h2o-danube3-4b-chat-q4_k_m',
    name: 'H2O-Danube3 4B Chat',
    family: 'danube3',
    sizeClass: '3-4b',
    parameters: '4.0B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 2.39 * GB,
    ramBytes: 3.77 * GB,
    contextLength: 8192,
    license: 'Apache-2.0',
    repo: 'h2oai/h2o-danube3-4b-chat-GGUF',
    fileName: 'h2o-danube3-4b-chat-Q4_K_M.gguf',
    notes:
      'Its chat format has no system role: the instructions go into the first user turn. Not pinned: no public record of the file\'s commit and checksum was found; approximate size from the model\'s shape.',
  }),
  entry({
    id: 'rwkv7-g1-2.9b-q4_k_m',
    name: 'RWKV-7 G1 2.9B',
    family: 'rwkv7',
    sizeClass: '3-4b',
    parameters: '2.9B',
    domain: 'general',
    quantization: 'Q4_K_M',
    approxBytes: 1.88 * GB,
    ramBytes: 1.92 * GB,
    contextLength: 1_048_576,
    license: 'Apache-2.0',
    repo: 'zhiyuan8/RWKV-v7-2.9B-G1-GGUF',
    fileName: 'rwkv7-2.9b-g1-q4_k_m.gguf',
    notes:
      'A recurrent (RWKV-7) model: a fixed-size state instead of a KV cache, so memory does not grow with the document. Not pinned: no public record of the file\'s commit and checksum was found.',
  }),
]);

export function findCatalogEntry(id: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry | undefined {
  return catalog.find((e) => e.id === id);
}

/** Entries for this machine: the recommended quantization, and room in RAM to spare. */
export function isRecommended(entry: CatalogEntry, hardware: { totalRamBytes: number; recommendedQuantization: CatalogQuantization }): boolean {
  if (entry.quantization !== hardware.recommendedQuantization) return false;
  // The OS, the app and the PDFs need the rest.
  return entry.ramBytes <= hardware.totalRamBytes * 0.6;
}
