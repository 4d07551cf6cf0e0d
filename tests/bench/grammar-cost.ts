// What the extraction grammar costs at a real vocabulary size: the engine answering one field
// question (a value and up to 3 evidence ids among 120 numbered lines) with the field's grammar
// and without it, alternately, on a Qwen2.5-0.5B-shaped model with its 151,936-token vocabulary.
// grammar_ratio is per token of the answer (the wait a user sees: the answer's forced start is
// read with the prompt); grammar_ratio_per_sampled_token is per generated token (the whole-
// vocabulary grammar test; a random model's top token is never valid JSON, so every token pays it,
// where a real model's top token usually passes node-llama-cpp's one-token check). For scale, node-llama-cpp's own JSON-schema grammar on the same
// question, in this process (what the engine used before it wrote its own grammar).
import os from 'node:os';
import { getLlama, LlamaChat, LlamaLogLevel } from 'node-llama-cpp';
import type { TemplateField } from '../../shared/extraction/templates';
import { buildMessages, fieldQuestion, fieldSchema } from '../../electron/main/services/extraction/prompt';
import { EngineHost, type HostGenerateRequest } from '../../electron/main/services/llm/engine-host';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';

const FIELD: TemplateField = {
  key: 'effective_date',
  label: 'Effective date',
  type: 'date',
  instructions: 'The date the agreement takes effect.',
} as TemplateField;
const LINES = 120;

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const loadAverage = (): number[] => os.loadavg().map((l) => round(l));

function question(): { request: HostGenerateRequest; schema: Record<string, unknown> } {
  const ids = Array.from({ length: LINES }, (_, i) => `L${i + 1}`);
  const text = ids.map((id, i) => `[${id} p${Math.floor(i / 40) + 1}] Clause ${i + 1}: the supplier shall deliver the goods within ${i + 3} days of the order.`).join('\n');
  const schema = fieldSchema(FIELD, ids, { maxListItems: 3, maxEvidence: 3, maxValueChars: 40 }) as unknown as Record<string, unknown>;
  return { request: { messages: buildMessages(text, fieldQuestion(FIELD)), temperature: 0 }, schema };
}

type Timed = { tokensOut: number; tokensForced?: number; tokensIn: number; tokensCached: number; timings: { totalMs: number; firstTokenMs: number } };

/** Milliseconds per sampled token after the first (the prompt is not in it). */
function msPerToken(r: Timed): number {
  if (r.tokensOut < 3) throw new Error(`only ${r.tokensOut} tokens generated`);
  return (r.timings.totalMs - r.timings.firstTokenMs) / (r.tokensOut - 1);
}

/**
 * Milliseconds per token of the answer, from the request to its end: what a user waits for. The
 * question is already cached (a warm-up read it), so the request reads only the answer's forced
 * start, if any, and generates the rest.
 */
function msPerAnswerToken(r: Timed): number {
  if (r.tokensIn - r.tokensCached > (r.tokensForced ?? 0) + 8) throw new Error(`the question was not cached (${r.tokensCached} of ${r.tokensIn} tokens)`);
  return r.timings.totalMs / (r.tokensOut + (r.tokensForced ?? 0));
}

export interface GrammarCost {
  /** Per answer token, constrained ÷ free: what the grammar adds to an extraction's wait. */
  readonly grammar_ratio: number;
  readonly constrained_ms_per_answer_token: number;
  readonly unconstrained_ms_per_answer_token: number;
  /** Per sampled token: the cost of testing the whole vocabulary against the grammar. */
  readonly grammar_ratio_per_sampled_token: number;
  readonly constrained_ms_per_token: number;
  readonly unconstrained_ms_per_token: number;
  readonly constrained_tokens: number;
  /** Of the constrained answer, the tokens its schema fixes: read with the prompt. */
  readonly forced_tokens: number;
  readonly node_llama_cpp_json_grammar_ms_per_token: number | null;
  readonly vocabulary: number;
  readonly evidence_ids: number;
  readonly rounds: number;
  readonly load_average: { readonly start: number[]; readonly end: number[] };
}

export async function grammarCost(o: {
  readonly modelPath: string;
  /** The model's vocabulary size, reported beside the figures. */
  readonly vocabulary: number;
  readonly threads: number;
  readonly rounds: number;
  readonly maxTokens: number;
  readonly baseline: boolean;
  readonly log: (line: string) => void;
}): Promise<GrammarCost> {
  const start = loadAverage();
  const { request, schema } = question();
  const engine = new EngineHost({ entry: SOURCE_ENTRIES.engine, threads: o.threads, gpu: false });
  const constrained: number[] = [];
  const free: number[] = [];
  const constrainedAnswer: number[] = [];
  const freeAnswer: number[] = [];
  let constrainedTokens = 0;
  let forcedTokens = 0;
  try {
    await engine.loadModel(o.modelPath, { contextSize: 8192 });
    await engine.generate({ ...request, maxTokens: 1 }); // reads the question once, for every round
    for (let r = 1; r <= o.rounds; r += 1) {
      const a = await engine.generate({ ...request, maxTokens: o.maxTokens });
      free.push(msPerToken(a));
      freeAnswer.push(msPerAnswerToken(a));
      const b = await engine.generate({ ...request, jsonSchema: schema, maxTokens: o.maxTokens });
      constrained.push(msPerToken(b));
      constrainedAnswer.push(msPerAnswerToken(b));
      constrainedTokens = b.tokensOut;
      forcedTokens = b.tokensForced ?? 0;
      o.log(
        `round ${r}: free ${free.at(-1)!.toFixed(1)} ms/token, ${freeAnswer.at(-1)!.toFixed(1)} per answer token (${a.tokensOut} tokens); ` +
          `grammar ${constrained.at(-1)!.toFixed(1)} ms/token, ${constrainedAnswer.at(-1)!.toFixed(1)} per answer token (${forcedTokens} forced + ${b.tokensOut} tokens: ${b.text}) (load ${loadAverage()})`,
      );
    }
  } finally {
    await engine.dispose();
  }
  let baseline: number | null = null;
  if (o.baseline) {
    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, maxThreads: o.threads, progressLogs: false, logLevel: LlamaLogLevel.warn });
    try {
      const model = await llama.loadModel({ modelPath: o.modelPath });
      const context = await model.createContext({ contextSize: { max: 8192 }, threads: o.threads, flashAttention: true });
      const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: 'auto' });
      const grammar = await llama.createGrammarForJsonSchema(schema as never);
      const history = [
        { type: 'system' as const, text: request.messages![0]!.content },
        { type: 'user' as const, text: request.messages![1]!.content },
        { type: 'model' as const, response: [] },
      ];
      let first = 0;
      let count = 0;
      await chat.generateResponse(history, {
        grammar,
        maxTokens: o.maxTokens,
        temperature: 0,
        onToken: (tokens) => {
          count += tokens.length;
          if (first === 0) first = performance.now();
        },
      });
      baseline = (performance.now() - first) / Math.max(1, count - 1);
      o.log(`node-llama-cpp's JSON-schema grammar: ${baseline.toFixed(1)} ms/token (${count} tokens) (load ${loadAverage()})`);
      await context.dispose();
      await model.dispose();
    } finally {
      await llama.dispose();
    }
  }
  const bestConstrained = Math.min(...constrained);
  const bestFree = Math.min(...free);
  const bestConstrainedAnswer = Math.min(...constrainedAnswer);
  const bestFreeAnswer = Math.min(...freeAnswer);
  return {
    grammar_ratio: round(bestConstrainedAnswer / bestFreeAnswer, 3),
    constrained_ms_per_answer_token: round(bestConstrainedAnswer, 1),
    unconstrained_ms_per_answer_token: round(bestFreeAnswer, 1),
    grammar_ratio_per_sampled_token: round(bestConstrained / bestFree, 3),
    constrained_ms_per_token: round(bestConstrained, 1),
    unconstrained_ms_per_token: round(bestFree, 1),
    constrained_tokens: constrainedTokens,
    forced_tokens: forcedTokens,
    node_llama_cpp_json_grammar_ms_per_token: baseline === null ? null : round(baseline, 1),
    vocabulary: o.vocabulary,
    evidence_ids: LINES,
    rounds: o.rounds,
    load_average: { start, end: loadAverage() },
  };
}
