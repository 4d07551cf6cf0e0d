// Summary runs: picks the profile and model, sizes the context, chunks the document by the
// model's own token counts, summarizes in one pass or map-reduce, checks every citation, and
// stores each run (history kept) with its model, prompt version, settings, tokens and timings.
// Runs wait their turn for the model in the one line in front of it (runs/model-scheduler.ts).
// Plain Node: no electron, no node-llama-cpp (the engine host owns it).
import { AppError } from '../../../../shared/errors';
import {
  type ModelWait,
  type RunInfo,
  type RunStatus,
  type SummaryChunk,
  type SummaryOutput,
  type SummaryPass,
  type SummaryPhase,
  type SummaryProfile,
  type SummaryRun,
  type SummarySection,
} from '../../../../shared/summaries';
import type { Archive } from '../archive/archive';
import type { EventBus } from '../events';
import { adapterNames } from '../models/adapter-library';
import { citedPagesOf, mergeAnswers, readAnswer, renderNotes, type PassAnswer } from './answer';
import { chunkPages, pack, renderChunk, type TokenCounter } from './chunker';
import { checkSections, faithfulnessOf } from './faithfulness';
import {
  buildMessages,
  buildSummarySchema,
  defaultProfileFor,
  instructionFor,
  PROMPT_VERSION,
  PROFILES,
  type PassKind,
} from './profiles';
import type { RunStore } from '../runs/run-store';
import { documentBudget } from '../runs/context-budget';
import type { ModelRunOptions, RunAccount, RunEnd } from '../runs/execute-run';
import { memoizedGenerate, type Generate } from '../runs/generation-memo';
import type { ModelScheduler, ModelSession, ScheduledRun } from '../runs/model-scheduler';

export interface SummarySettings {
  /** Upper bound on the context a run uses, within the one the model was loaded with. */
  readonly maxContextSize: number;
  /** Output limit of a one-pass summary and of each merge pass. */
  readonly maxOutputTokens: number;
  /** Output limit of each map pass over a chunk. */
  readonly mapOutputTokens: number;
  /** Per section and pass. */
  readonly maxBullets: number;
  readonly maxBulletChars: number;
  readonly maxPagesPerBullet: number;
  readonly temperature: number;
  /** Caps the document tokens per chunk below what the context allows (tests, benchmarks). */
  readonly chunkTokens?: number;
}

export const DEFAULT_SUMMARY_SETTINGS: SummarySettings = {
  maxContextSize: 16_384,
  maxOutputTokens: 1024,
  mapOutputTokens: 512,
  maxBullets: 6,
  maxBulletChars: 300,
  maxPagesPerBullet: 4,
  temperature: 0,
};

export type SummaryEvent =
  | {
      readonly type: 'progress';
      readonly phase: SummaryPhase;
      readonly chunk: number;
      readonly chunks: number;
      readonly pagesRead: number;
      readonly pagesTotal: number;
    }
  | { readonly type: 'tokens'; readonly text: string }
  | { readonly type: 'done'; readonly status: RunStatus };

export interface SummarizeOptions extends ModelRunOptions {
  /** Defaults from the document's domain. */
  readonly profile?: SummaryProfile;
  readonly settings?: Partial<SummarySettings>;
  readonly onEvent?: (event: SummaryEvent) => void;
}

export interface SummarizerDeps {
  readonly archive: Archive;
  readonly runs: RunStore<SummaryOutput>;
  readonly scheduler: ModelScheduler;
  readonly events?: EventBus;
  readonly settings?: Partial<SummarySettings>;
}

interface Notes {
  readonly first: number;
  readonly last: number;
  readonly sections: SummarySection[];
}

export class Summarizer {
  private readonly defaults: SummarySettings;

  constructor(private readonly deps: SummarizerDeps) {
    this.defaults = { ...DEFAULT_SUMMARY_SETTINGS, ...deps.settings };
  }

  /** Queues a run and returns its id at once; `done` settles with the stored run, never rejects. */
  start(documentId: number, options: SummarizeOptions = {}): { runId: number; done: Promise<SummaryRun> } {
    const doc = this.deps.archive.getDocument(documentId);
    if (doc.status !== 'ready') {
      throw new AppError('invalid_request', `Document ${documentId} is not ready to summarize (it is ${doc.status}).`);
    }
    const profile = options.profile ?? defaultProfileFor(doc.domain);
    if (!Object.hasOwn(PROFILES, profile)) throw new AppError('invalid_request', `Unknown summary profile "${profile}".`);
    const settings: SummarySettings = { ...this.defaults, ...options.settings };
    const runId = this.deps.runs.create({
      documentId,
      profile,
      promptVersion: PROMPT_VERSION,
      settings: { ...settings },
      pagesTotal: doc.pageCount,
    }, options.resumeRunId);
    const run = new RunContext(this.deps, runId, documentId, doc.pageCount, profile, settings, options);
    const { done } = this.deps.scheduler.start(this.deps.runs, { runId, documentId, title: doc.title }, options, run);
    return { runId, done: done.then(() => this.deps.runs.get(runId)) };
  }

  /** Runs the summary to the end and returns the stored run (status done, failed or cancelled). */
  summarize(documentId: number, options: SummarizeOptions = {}): Promise<SummaryRun> {
    return this.start(documentId, options).done;
  }

  /** Stops a queued or running run; it ends 'cancelled'. False when it is not in progress. */
  cancel(runId: number): boolean {
    return this.deps.scheduler.cancel('summary', runId);
  }

  get(runId: number): SummaryRun {
    return this.deps.runs.get(runId);
  }

  list(documentId: number): RunInfo[] {
    this.deps.archive.getDocument(documentId);
    return this.deps.runs.list(documentId);
  }
}

/** One run from queued to stored. */
class RunContext implements ScheduledRun<SummaryOutput> {
  private pagesRead = new Set<number>();
  private tokensIn = 0;
  private tokensOut = 0;
  private chunk = 0;
  private chunks = 0;
  private readonly passes: SummaryPass[] = [];
  private readonly timings: Record<string, number> = {};
  private settingsUsed: Record<string, unknown>;
  private phase: SummaryPhase = 'queued';
  private wait: ModelWait | null = null;
  /** The model's line, set when the run gets its turn. */
  private session: ModelSession | undefined;
  /** The session's generate, answered from the job's steps when resuming (set once the model is known). */
  private generate: Generate = () => Promise.reject(new Error('generate before the model was resolved'));

  constructor(
    private readonly deps: SummarizerDeps,
    private readonly runId: number,
    private readonly documentId: number,
    private readonly pagesTotal: number,
    private readonly profile: SummaryProfile,
    private readonly settings: SummarySettings,
    private readonly options: SummarizeOptions,
  ) {
    this.settingsUsed = { ...settings };
  }

  emitProgress(phase: SummaryPhase): void {
    this.phase = phase;
    const progress = {
      phase,
      chunk: this.chunk,
      chunks: this.chunks,
      pagesRead: this.pagesRead.size,
      pagesTotal: this.pagesTotal,
      wait: this.wait,
    };
    this.deps.events?.emit('summaries:progress', { runId: this.runId, ...progress });
    this.options.onEvent?.({ type: 'progress', ...progress });
  }

  /** The scheduler says the run waits for the model (or no longer does). */
  waiting(wait: ModelWait | null): void {
    this.wait = wait;
    this.emitProgress(this.phase);
  }

  account(): RunAccount<SummaryOutput> {
    return {
      tokens: { input: this.tokensIn, output: this.tokensOut },
      timings: this.timings,
      pagesRead: this.pagesRead.size,
      settings: this.settingsUsed,
    };
  }

  end(status: RunEnd): void {
    this.wait = null;
    this.emitProgress('finished');
    this.deps.events?.emit('summaries:done', { runId: this.runId, status });
    this.options.onEvent?.({ type: 'done', status });
  }

  private checkCancelled(): void {
    this.session!.checkCancelled();
  }

  async body(session: ModelSession): Promise<SummaryOutput> {
    this.session = session;
    const { runs, archive } = this.deps;
    const { settings, profile } = this;
    this.emitProgress('loading');
    let t = performance.now();
    const { model, info } = await session.load(this.options.modelPath, { profile });
    runs.setModel(this.runId, { sha256: model.sha256, name: model.name });
    this.generate = memoizedGenerate(session.generate, this.options.steps, model.sha256);
    this.timings['loadMs'] = Math.round(performance.now() - t);
    this.checkCancelled();

    this.emitProgress('reading');
    t = performance.now();
    const pages = [...archive.iteratePages(this.documentId)];
    const cache = new Map<string, number>();
    const count: TokenCounter = async (texts) => {
      const missing = [...new Set(texts.filter((x) => !cache.has(x)))];
      if (missing.length > 0) {
        const { counts } = await session.countTokens(missing);
        missing.forEach((x, i) => cache.set(x, counts[i]!));
      }
      return texts.map((x) => cache.get(x)!);
    };
    const overhead = async (kind: PassKind): Promise<number> =>
      (await session.countTokens([], buildMessages('', instructionFor(profile, kind)))).promptTokens ?? 0;
    const ctx = Math.min(info.contextSize, settings.maxContextSize);
    const singleOverhead = await overhead('single');
    // An output limit the context cannot hold is lowered to half of what is left, so the document gets the other half.
    const outputCap = Math.floor((ctx - singleOverhead) / 2);
    const maxOutputTokens = Math.min(settings.maxOutputTokens, outputCap);
    const mapOutputTokens = Math.min(settings.mapOutputTokens, outputCap);
    const budgetFor = (promptOverhead: number, outputTokens: number): number =>
      Math.min(documentBudget(ctx, promptOverhead, outputTokens), settings.chunkTokens ?? Number.POSITIVE_INFINITY);
    if (budgetFor(singleOverhead, maxOutputTokens) < 1 || outputCap < 16) {
      throw new AppError('context_overflow', `The model's context (${ctx} tokens) leaves no room for the document.`);
    }
    this.effective = { maxOutputTokens, mapOutputTokens };
    const singleBudget = budgetFor(singleOverhead, maxOutputTokens);
    let mode: SummaryOutput['mode'] = 'single';
    let chunkBudget = singleBudget;
    let promptOverhead = singleOverhead;
    let singleOutput = maxOutputTokens;
    let plan = await chunkPages(pages, { budget: singleBudget, count });
    if (plan.chunks.length > 1 && mapOutputTokens < maxOutputTokens) {
      // One pass with a map-sized answer beats a map pass plus a merge pass over the same text.
      const shorter = budgetFor(singleOverhead, mapOutputTokens);
      const fitted = await chunkPages(pages, { budget: shorter, count });
      if (fitted.chunks.length === 1) {
        plan = fitted;
        chunkBudget = shorter;
        singleOutput = mapOutputTokens;
      }
    }
    if (plan.chunks.length > 1) {
      mode = 'map-reduce';
      promptOverhead = await overhead('map');
      chunkBudget = budgetFor(promptOverhead, mapOutputTokens);
      plan = await chunkPages(pages, { budget: chunkBudget, count });
    }
    this.timings['countMs'] = Math.round(performance.now() - t);
    this.settingsUsed = { ...this.settingsUsed, maxOutputTokens, mapOutputTokens, contextSize: ctx, threads: info.threads, ...adapterNames(info.adapters) };
    this.chunks = plan.chunks.length + (mode === 'map-reduce' ? 1 : 0);
    const chunkRecords: SummaryChunk[] = plan.chunks.map((c) => ({ index: c.index, pages: [...c.pages], tokens: c.tokens }));

    this.emitProgress('summarizing');
    t = performance.now();
    const answers: PassAnswer[] = [];
    for (const chunk of plan.chunks) {
      this.checkCancelled();
      this.chunk = chunk.index + 1;
      this.emitProgress('summarizing');
      const kind = mode === 'single' ? 'single' : 'map';
      const outTokens = mode === 'single' ? singleOutput : mapOutputTokens;
      answers.push(await this.pass(kind, renderChunk(chunk), chunk.pages, outTokens));
      chunk.pages.forEach((p) => this.pagesRead.add(p));
      runs.setProgress(this.runId, { pagesRead: this.pagesRead.size, tokensInput: this.tokensIn, tokensOutput: this.tokensOut });
      this.emitProgress('summarizing');
    }
    this.timings[mode === 'single' ? 'summarizeMs' : 'mapMs'] = Math.round(performance.now() - t);

    let sections: SummarySection[];
    if (mode === 'single') {
      sections = mergeAnswers(profile, answers);
    } else {
      t = performance.now();
      this.emitProgress('merging');
      sections = await this.reduce(
        answers.map((a, i) => {
          const chunkPagesList = plan.chunks[i]!.pages;
          return { first: chunkPagesList[0]!, last: chunkPagesList.at(-1)!, sections: mergeAnswers(profile, [a]) };
        }),
        count,
        await overhead('reduce'),
        budgetFor,
      );
      this.timings['reduceMs'] = Math.round(performance.now() - t);
    }
    const passTotals = this.passes.reduce(
      (acc, p) => ({ prefill: acc.prefill + p.prefillMs, total: acc.total + p.totalMs, cached: acc.cached + p.tokensCached }),
      { prefill: 0, total: 0, cached: 0 },
    );
    this.timings['prefillMs'] = passTotals.prefill;
    this.timings['generateMs'] = passTotals.total - passTotals.prefill;
    this.timings['tokensCached'] = passTotals.cached;
    // Every bullet's dates, numbers and drug names checked against the pages it cites.
    const pageTexts = new Map(pages.map((p) => [p.number, p.text]));
    sections = checkSections(sections, (p) => pageTexts.get(p) ?? '');
    return {
      mode,
      sections,
      faithfulness: faithfulnessOf(sections),
      citedPages: citedPagesOf(sections),
      chunks: chunkRecords,
      chunkBudget,
      pagesWithoutText: [...plan.pagesWithoutText],
      passes: this.passes,
      promptOverhead,
      droppedBullets: answers.reduce((n, a) => n + a.dropped, 0) + this.reduceDropped,
    };
  }

  private reduceDropped = 0;
  private effective = { maxOutputTokens: 0, mapOutputTokens: 0 };

  /**
   * Merges map notes with the model, in groups that fit the context and again over the merged
   * groups until one remains. Falls back to the plain merge when the model adds nothing.
   */
  private async reduce(
    notes: readonly Notes[],
    count: TokenCounter,
    reduceOverhead: number,
    budgetFor: (overhead: number, output: number) => number,
  ): Promise<SummarySection[]> {
    const { profile } = this;
    let level = notes.filter((n) => n.sections.some((s) => s.bullets.length > 0));
    if (level.length === 0) return plainMergeOf(profile, level);
    const budget = budgetFor(reduceOverhead, this.effective.maxOutputTokens);
    for (;;) {
      const texts = level.map((n) => `${renderNotes(profile, n.sections, pageRange([n.first, n.last]))}\n\n`);
      const sizes = await count(texts);
      // Notes from one chunk too long to merge by model: nothing smaller to split them into.
      if (sizes.some((s) => s > budget)) return plainMergeOf(profile, level);
      const groups = pack(sizes, budget);
      if (groups.length > 1) this.chunks += groups.length;
      const next: Notes[] = [];
      for (const [from, to] of groups) {
        this.checkCancelled();
        this.chunk += 1;
        this.emitProgress('merging');
        const members = level.slice(from, to);
        const cited = citedPagesOf(members.flatMap((m) => m.sections));
        const answer = await this.pass('reduce', texts.slice(from, to).join('').trimEnd(), cited, this.effective.maxOutputTokens);
        this.reduceDropped += answer.dropped;
        const merged = mergeAnswers(profile, [answer]);
        // A merge that came back empty (cut off by the output limit) keeps its notes rather than losing them.
        const kept = merged.some((s) => s.bullets.length > 0) ? merged : plainMergeOf(profile, members);
        next.push({ first: members[0]!.first, last: members.at(-1)!.last, sections: kept });
      }
      if (next.length === 1) return next[0]!.sections;
      if (next.length >= level.length) return plainMergeOf(profile, next); // no progress: stop rather than loop
      level = next;
    }
  }

  private async pass(kind: PassKind, documentText: string, pages: readonly number[], maxTokens: number): Promise<PassAnswer> {
    const { settings, profile } = this;
    const schema = buildSummarySchema(profile, pages, {
      maxBullets: settings.maxBullets,
      maxChars: settings.maxBulletChars,
      maxPagesPerBullet: settings.maxPagesPerBullet,
    });
    const result = await this.generate(
      {
        messages: buildMessages(documentText, instructionFor(profile, kind)),
        jsonSchema: schema,
        maxTokens,
        temperature: settings.temperature,
      },
      {
        onTokens: (batch) => {
          this.deps.events?.emit('summaries:tokens', { runId: this.runId, text: batch.text });
          this.options.onEvent?.({ type: 'tokens', text: batch.text });
        },
      },
    );
    this.tokensIn += result.tokensIn;
    this.tokensOut += result.tokensOut;
    this.passes.push({
      kind,
      pages: [...pages],
      tokensIn: result.tokensIn,
      tokensCached: result.tokensCached,
      tokensOut: result.tokensOut,
      prefillMs: result.timings.prefillMs,
      totalMs: result.timings.totalMs,
      truncated: result.stopReason === 'max_tokens',
    });
    const answer = readAnswer(result.text, profile, pages);
    if (answer.invalidCitations > 0) {
      // The grammar allows only the given pages; anything else means the engine ignored it.
      throw new AppError('internal', `The model cited ${answer.invalidCitations} page(s) it was not given.`);
    }
    return answer;
  }
}

function plainMergeOf(profile: SummaryProfile, notes: ReadonlyArray<{ sections: SummarySection[] }>): SummarySection[] {
  return mergeAnswers(
    profile,
    notes.map((n) => ({ sections: new Map(n.sections.map((s) => [s.key, s.bullets])), dropped: 0, invalidCitations: 0 })),
  );
}

function pageRange(pages: readonly number[]): string {
  if (pages.length === 0) return 'no pages';
  const first = pages[0]!;
  const last = pages.at(-1)!;
  return first === last ? `page ${first}` : `pages ${first}–${last}`;
}
