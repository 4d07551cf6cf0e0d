// Extraction runs: a template over one document. The document becomes numbered lines; when
// it fits the context the prompt prefix is ALL lines, evaluated once, and each field is one
// question after it. When it does not, each field's passages are chosen by BM25 over its
// label, synonyms and instructions, the union is cut into passes that fit, and each field is
// asked in the passes holding its passages; passes' answers are merged (alternatives kept).
// Output is grammar-constrained to cite only ids the pass showed, then verified and stored.
// Runs wait their turn for the model in the one line in front of it (runs/model-scheduler.ts).
// Plain Node: no electron, no node-llama-cpp (the engine host owns it).
import type { ExtractionProgress, FieldResult } from '../../../../shared/extraction/api';
import type { Template, TemplateField } from '../../../../shared/extraction/templates';
import { AppError } from '../../../../shared/errors';
import type { ModelWait, RunInfo, RunStatus } from '../../../../shared/summaries';
import type { Archive } from '../archive/archive';
import type { Db } from '../../db/open';
import type { EventBus } from '../events';
import { adapterNames } from '../models/adapter-library';
import type { RunStore } from '../runs/run-store';
import { documentBudget } from '../runs/context-budget';
import type { ModelRunOptions, RunAccount, RunEnd } from '../runs/execute-run';
import { memoizedGenerate } from '../runs/generation-memo';
import type { ModelScheduler, ModelSession, ScheduledRun } from '../runs/model-scheduler';
import type { FieldStore } from './field-store';
import { candidateFromAnswer, emptyCandidate, mergeCandidates, type Merged } from './grounding';
import { numberLines, renderLine, type NumberedLine } from './numbered-text';
import { buildMessages, definitionsBlock, fieldQuestion, fieldSchema, maxAnswerChars, PROMPT_VERSION } from './prompt';
import { definitionsUsed, documentDefinitions } from '../../../../shared/definitions/find';
import { LineIndex, selectPassages } from './retrieval';
import type { TemplateLibrary } from './template-library';

export interface ExtractionSettings {
  /** Upper bound on the context a run uses, within the one the model was loaded with. */
  readonly maxContextSize: number;
  /** Output limit per field question (lowered further to what the field's grammar can produce). */
  readonly maxOutputTokens: number;
  readonly maxListItems: number;
  readonly maxEvidence: number;
  /** Caps every string value's length (tests, benchmarks); templates' own limits apply otherwise. */
  readonly maxValueChars?: number;
  /** Document tokens retrieval gathers for one field when the document does not fit. */
  readonly perFieldTokens: number;
  /** A field is asked in at most this many passes (the ones holding most of its passages). */
  readonly maxPassesPerField: number;
  readonly maxLineChars: number;
  readonly temperature: number;
  /** Caps the document tokens per pass below what the context allows (tests, benchmarks). */
  readonly passTokens?: number;
}

/** The definitions a passage uses go in the prompt up to this many tokens / characters. */
const DEFINITION_TOKENS = 400;
const DEFINITION_CHARS = 1600;

export const DEFAULT_EXTRACTION_SETTINGS: ExtractionSettings = {
  maxContextSize: 16_384,
  maxOutputTokens: 384,
  maxListItems: 12,
  maxEvidence: 3,
  perFieldTokens: 1200,
  maxPassesPerField: 2,
  maxLineChars: 320,
  temperature: 0,
};

export type ExtractionEvent =
  | ({ readonly type: 'progress' } & Omit<ExtractionProgress, 'runId' | 'documentId' | 'template'>)
  | { readonly type: 'tokens'; readonly field: string; readonly text: string }
  | { readonly type: 'done'; readonly status: RunStatus };

export interface ExtractOptions extends ModelRunOptions {
  readonly settings?: Partial<ExtractionSettings>;
  readonly onEvent?: (event: ExtractionEvent) => void;
}

export interface ExtractorDeps {
  readonly db: Db;
  readonly archive: Archive;
  readonly scheduler: ModelScheduler;
  readonly templates: TemplateLibrary;
  readonly fields: FieldStore;
  readonly runs: RunStore<Record<string, unknown>>;
  readonly events?: EventBus;
  readonly settings?: Partial<ExtractionSettings>;
}

/** One generation: which field, in which pass, with what it cost. */
export interface QuestionRecord {
  readonly field: string;
  readonly pass: number;
  readonly tokensIn: number;
  readonly tokensCached: number;
  readonly tokensOut: number;
  readonly prefillMs: number;
  readonly totalMs: number;
  readonly truncated: boolean;
}

export interface ExtractionRunOutput {
  readonly mode: 'single' | 'retrieval';
  readonly contextSize: number;
  /** Document tokens a pass's prefix may hold. */
  readonly passBudget: number;
  readonly lines: number;
  /** Tokens of all numbered lines: the whole document as the model would see it. */
  readonly documentTokens: number;
  /** Tokens of the passages actually given, summed over passes. */
  readonly passageTokens: number;
  readonly passes: ReadonlyArray<{
    readonly lines: number;
    readonly tokens: number;
    readonly pages: readonly number[];
    readonly fields: readonly string[];
    /** Defined terms whose definitions the pass's prompt carried. */
    readonly definedTerms: readonly string[];
  }>;
  readonly questions: readonly QuestionRecord[];
  /** Prompt tokens evaluated (not taken from the cache) plus output tokens. */
  readonly tokensEvaluated: number;
  readonly tokensCached: number;
  readonly outputTokens: number;
  /** tokensEvaluated / (passageTokens + outputTokens): 1 means the document was read once. */
  readonly rereadFactor: number;
  /** Fields whose answer was cut off by the output limit (stored as not found). */
  readonly truncatedFields: readonly string[];
  readonly promptOverhead: number;
}

export interface ExtractionResult {
  readonly run: RunInfo;
  readonly output: ExtractionRunOutput | null;
  readonly fields: FieldResult[];
}

export class Extractor {
  private readonly defaults: ExtractionSettings;

  constructor(private readonly deps: ExtractorDeps) {
    this.defaults = { ...DEFAULT_EXTRACTION_SETTINGS, ...deps.settings };
  }

  /** Queues a run and returns its id at once; `done` settles with the stored result, never rejects. */
  start(documentId: number, templateName: string, options: ExtractOptions = {}): { runId: number; done: Promise<ExtractionResult> } {
    const doc = this.deps.archive.getDocument(documentId);
    if (doc.status !== 'ready') throw new AppError('invalid_request', `Document ${documentId} is not ready (it is ${doc.status}).`);
    const template = this.deps.templates.get(templateName);
    const settings: ExtractionSettings = { ...this.defaults, ...options.settings };
    const runId = this.deps.runs.create({
      documentId,
      profile: template.name,
      promptVersion: PROMPT_VERSION,
      settings: { ...settings, templateVersion: template.version },
      pagesTotal: doc.pageCount,
    }, options.resumeRunId);
    const run = new Run(this.deps, runId, documentId, template, settings, options);
    const { done } = this.deps.scheduler.start(this.deps.runs, { runId, documentId, title: doc.title }, options, run);
    return { runId, done: done.then(() => this.result(runId)) };
  }

  extract(documentId: number, templateName: string, options: ExtractOptions = {}): Promise<ExtractionResult> {
    return this.start(documentId, templateName, options).done;
  }

  cancel(runId: number): boolean {
    return this.deps.scheduler.cancel('extraction', runId);
  }

  result(runId: number): ExtractionResult {
    const { output, ...info } = this.deps.runs.get(runId);
    const template = this.deps.templates.get(info.profile);
    return { run: info, output: output as ExtractionRunOutput | null, fields: this.deps.fields.get(info.documentId, template) };
  }
}

interface Pass {
  readonly lines: readonly NumberedLine[];
  readonly tokens: number;
  readonly fields: TemplateField[];
}

class Run implements ScheduledRun<Record<string, unknown>> {
  private tokensIn = 0;
  private tokensOut = 0;
  private done = 0;
  private total = 0;
  private pass = 0;
  private passes = 0;
  private phase: ExtractionProgress['phase'] = 'queued';
  private field: string | null = null;
  private wait: ModelWait | null = null;
  /** The model's line, set when the run gets its turn. */
  private session: ModelSession | undefined;
  private pagesRead = new Set<number>();
  private readonly timings: Record<string, number> = {};
  private settingsUsed: Record<string, unknown>;

  constructor(
    private readonly deps: ExtractorDeps,
    private readonly runId: number,
    private readonly documentId: number,
    private readonly template: Template,
    private readonly settings: ExtractionSettings,
    private readonly options: ExtractOptions,
  ) {
    this.settingsUsed = { ...settings, templateVersion: template.version };
  }

  progress(phase: ExtractionProgress['phase'], force = false, field: string | null = null): void {
    this.phase = phase;
    this.field = field;
    const emit = (): void => {
      const p = { phase, done: this.done, total: this.total, pass: this.pass, passes: this.passes, field, wait: this.wait };
      this.deps.events?.emit('extraction:progress', { runId: this.runId, documentId: this.documentId, template: this.template.name, ...p });
      this.options.onEvent?.({ type: 'progress', ...p });
    };
    if (this.session) this.session.progress(emit, force);
    else emit();
  }

  /** The scheduler says the run waits for the model (or no longer does). */
  waiting(wait: ModelWait | null): void {
    this.wait = wait;
    this.progress(this.phase, true, this.field);
  }

  account(): RunAccount<Record<string, unknown>> {
    return {
      tokens: { input: this.tokensIn, output: this.tokensOut },
      timings: this.timings,
      pagesRead: this.pagesRead.size,
      settings: this.settingsUsed,
    };
  }

  end(status: RunEnd): void {
    this.wait = null;
    this.progress('finished', true);
    this.deps.events?.emit('extraction:done', { runId: this.runId, documentId: this.documentId, status });
    this.options.onEvent?.({ type: 'done', status });
  }

  private checkCancelled(): void {
    this.session!.checkCancelled();
  }

  async body(session: ModelSession): Promise<Record<string, unknown>> {
    return { ...(await this.run(session)) };
  }

  private async run(session: ModelSession): Promise<ExtractionRunOutput> {
    this.session = session;
    const { runs, archive, fields: store } = this.deps;
    const { settings, template } = this;
    this.progress('loading', true);
    let t = performance.now();
    const { model, info } = await session.load(this.options.modelPath, { template: template.name, templateAdapter: template.adapter });
    runs.setModel(this.runId, { sha256: model.sha256, name: model.name });
    const generate = memoizedGenerate(session.generate, this.options.steps, model.sha256);
    this.timings['loadMs'] = Math.round(performance.now() - t);
    this.checkCancelled();

    this.progress('reading', true);
    t = performance.now();
    const lines = numberLines(archive.iteratePages(this.documentId), { maxLineChars: settings.maxLineChars });
    const rendered = lines.map((l) => `${renderLine(l)}\n`);
    const counts = rendered.length > 0 ? (await session.countTokens(rendered)).counts : [];
    const questions = template.fields.map(fieldQuestion);
    const questionTokens = (await session.countTokens(questions)).counts;
    const overhead = (await session.countTokens([], buildMessages('', ''))).promptTokens ?? 0;
    const ctx = Math.min(info.contextSize, settings.maxContextSize);
    const outputCap = (field: TemplateField, ids: readonly string[]): number =>
      Math.max(16, Math.min(settings.maxOutputTokens, maxAnswerChars(fieldSchema(field, ids, settings))));
    // The largest question and answer any field needs, with ids as long as the longest line id.
    const sampleIds = lines.length > 0 ? [lines.at(-1)!.id] : ['L1'];
    const largestTurn = Math.max(0, ...template.fields.map((f, i) => (questionTokens[i] ?? 0) + outputCap(f, sampleIds)));
    let budget = documentBudget(ctx, overhead, largestTurn);
    // Room for the definitions a passage uses, taken from the document's share (a fifth at most).
    const definitions = documentDefinitions(archive.iteratePages(this.documentId));
    const definitionTokens = definitions.length === 0 ? 0 : Math.min(DEFINITION_TOKENS, Math.floor(budget / 5));
    budget -= definitionTokens;
    if (settings.passTokens !== undefined) budget = Math.min(budget, settings.passTokens);
    if (budget < 16) {
      throw new AppError('context_overflow', `The model's context (${ctx} tokens) leaves no room for the document next to the field questions.`);
    }
    const documentTokens = counts.reduce((a, b) => a + b, 0);
    this.timings['countMs'] = Math.round(performance.now() - t);

    t = performance.now();
    let mode: ExtractionRunOutput['mode'] = 'single';
    let plan: Pass[];
    if (documentTokens <= budget) {
      plan = [{ lines, tokens: documentTokens, fields: [...template.fields] }];
    } else {
      mode = 'retrieval';
      this.progress('retrieving', true);
      plan = this.planPasses(lines, counts, budget);
    }
    this.timings['planMs'] = Math.round(performance.now() - t);
    this.passes = plan.length;
    this.total = plan.reduce((n, p) => n + p.fields.length, 0);
    this.settingsUsed = { ...this.settingsUsed, contextSize: ctx, threads: info.threads, passBudget: budget, ...adapterNames(info.adapters) };

    this.progress('extracting', true);
    t = performance.now();
    const pages = store.pageSource(this.documentId);
    const answers = new Map<string, ReturnType<typeof candidateFromAnswer>[]>();
    const records: QuestionRecord[] = [];
    const truncated = new Set<string>();
    const termsByPass: string[][] = [];
    for (const [p, pass] of plan.entries()) {
      this.pass = p + 1;
      const ids = pass.lines.map((l) => l.id);
      const byId = new Map(pass.lines.map((l) => [l.id, l]));
      const documentText = pass.lines.map(renderLine).join('\n');
      const { block: definedTerms, terms } = await this.definitionsFor(session, documentText, definitions, definitionTokens);
      termsByPass.push(terms);
      for (const field of pass.fields) {
        this.checkCancelled();
        this.progress('extracting', false, field.key);
        const schema = fieldSchema(field, ids, settings);
        const result = await generate(
          {
            messages: buildMessages(documentText, questions[template.fields.indexOf(field)]!, definedTerms),
            jsonSchema: schema as unknown as Record<string, unknown>,
            maxTokens: outputCap(field, ids),
            temperature: settings.temperature,
          },
          {
            onTokens: (batch) => {
              this.deps.events?.emit('extraction:tokens', { runId: this.runId, field: field.key, text: batch.text });
              this.options.onEvent?.({ type: 'tokens', field: field.key, text: batch.text });
            },
          },
        );
        this.tokensIn += result.tokensIn;
        this.tokensOut += result.tokensOut;
        let candidate = emptyCandidate(this.runId);
        let cut = result.stopReason === 'max_tokens';
        try {
          const parsed = JSON.parse(result.text) as Record<string, unknown>;
          candidate = candidateFromAnswer(field, parsed[field.key], byId, pages, this.runId);
          cut = false;
        } catch (err) {
          // Cut off by the output limit: nothing trustworthy to keep. Anything else is a bug
          // (the grammar makes the JSON valid and the ids real), so it fails the run.
          if (!cut) throw err;
        }
        if (cut) truncated.add(field.key);
        answers.set(field.key, [...(answers.get(field.key) ?? []), candidate]);
        records.push({
          field: field.key,
          pass: p + 1,
          tokensIn: result.tokensIn,
          tokensCached: result.tokensCached,
          tokensOut: result.tokensOut,
          prefillMs: result.timings.prefillMs,
          totalMs: result.timings.totalMs,
          truncated: cut,
        });
        this.done += 1;
      }
      for (const line of pass.lines) this.pagesRead.add(line.page);
    }
    this.timings['extractMs'] = Math.round(performance.now() - t);
    this.progress('extracting', true);

    const merged = new Map<string, Merged>();
    for (const field of template.fields) merged.set(field.key, mergeCandidates(field, answers.get(field.key) ?? [], this.runId));
    store.applyRun(this.documentId, template, this.runId, merged);

    const evaluated = records.reduce((n, r) => n + (r.tokensIn - r.tokensCached) + r.tokensOut, 0);
    const cached = records.reduce((n, r) => n + r.tokensCached, 0);
    const passageTokens = plan.reduce((n, p) => n + p.tokens, 0);
    this.timings['prefillMs'] = records.reduce((n, r) => n + r.prefillMs, 0);
    this.timings['generateMs'] = records.reduce((n, r) => n + r.totalMs - r.prefillMs, 0);
    this.timings['tokensCached'] = cached;
    return {
      mode,
      contextSize: ctx,
      passBudget: budget,
      lines: lines.length,
      documentTokens,
      passageTokens,
      passes: plan.map((p, i) => ({
        lines: p.lines.length,
        tokens: p.tokens,
        pages: [...new Set(p.lines.map((l) => l.page))],
        fields: p.fields.map((f) => f.key),
        definedTerms: termsByPass[i] ?? [],
      })),
      questions: records,
      tokensEvaluated: evaluated,
      tokensCached: cached,
      outputTokens: this.tokensOut,
      rereadFactor: passageTokens + this.tokensOut > 0 ? Math.round((evaluated / (passageTokens + this.tokensOut)) * 1000) / 1000 : 0,
      truncatedFields: [...truncated],
      promptOverhead: overhead,
    };
  }

  /**
   * Retrieval: each field's best passages within its budget; their union, in document order,
   * cut into passes that fit; each field asked in the passes holding most of its passages.
   * A line is in exactly one pass, so no passage is evaluated twice.
   */
  /** The definitions block for one passage, cut (least used first) to `maxTokens`. */
  private async definitionsFor(
    session: ModelSession,
    passage: string,
    definitions: ReturnType<typeof documentDefinitions>,
    maxTokens: number,
  ): Promise<{ block: string; terms: string[] }> {
    if (maxTokens <= 0) return { block: '', terms: [] };
    const used = definitionsUsed(passage, definitions, DEFINITION_CHARS);
    while (used.length > 0) {
      const block = definitionsBlock(used);
      const tokens = (await session.countTokens([block])).counts[0] ?? Infinity;
      if (tokens <= maxTokens) return { block, terms: used.map((d) => d.term) };
      used.pop();
    }
    return { block: '', terms: [] };
  }

  private planPasses(lines: readonly NumberedLine[], counts: readonly number[], budget: number): Pass[] {
    const { settings, template } = this;
    const index = new LineIndex(this.deps.db, lines);
    const chosen = new Map<string, { lines: number[]; weight: Map<number, number> }>();
    try {
      for (const field of template.fields) {
        const ranked = index.rank(field);
        const picked = selectPassages(ranked, counts, { budget: Math.min(settings.perFieldTokens, budget) });
        const weight = new Map(ranked.map((r) => [r.index, r.score]));
        chosen.set(field.key, { lines: picked, weight });
      }
    } finally {
      index.dispose();
    }
    const union = [...new Set([...chosen.values()].flatMap((c) => c.lines))].sort((a, b) => a - b);
    const groups: number[][] = [];
    let current: number[] = [];
    let used = 0;
    for (const i of union) {
      const t = counts[i] ?? 0;
      if (current.length > 0 && used + t > budget) {
        groups.push(current);
        current = [];
        used = 0;
      }
      current.push(i);
      used += t;
    }
    if (current.length > 0) groups.push(current);

    const passFields: TemplateField[][] = groups.map(() => []);
    for (const field of template.fields) {
      const { lines: mine, weight } = chosen.get(field.key)!;
      const mineSet = new Set(mine);
      // A pass's weight for the field: its BM25 mass there, plus a little for merely holding its lines.
      const scored = groups
        .map((g, gi) => ({ gi, score: g.reduce((s, i) => s + (mineSet.has(i) ? 0.01 + (weight.get(i) ?? 0) : 0), 0) }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.gi - b.gi)
        .slice(0, settings.maxPassesPerField);
      if (scored.length === 0 && groups.length > 0) scored.push({ gi: 0, score: 0 });
      for (const { gi } of scored) passFields[gi]!.push(field);
    }
    return groups
      .map((g, gi) => ({ lines: g.map((i) => lines[i]!), tokens: g.reduce((s, i) => s + (counts[i] ?? 0), 0), fields: passFields[gi]! }))
      .filter((p) => p.fields.length > 0);
  }
}

