// The extraction feature as one service (Services.extraction): templates, runs, stored
// values and review, the grid and exports. Handlers and the CLI call this; it wires the
// parts together and adds nothing of its own. Plain Node, no electron.
import type { AuditEntry, ExportDeidOptions, FieldResult, FieldValueData, Grid, GridPage, ItemAssertion } from '../../../../shared/extraction/api';
import type { RunInfo } from '../../../../shared/summaries';
import type { Archive } from '../archive/archive';
import type { Db } from '../../db/open';
import type { EventBus } from '../events';
import type { ModelScheduler } from '../runs/model-scheduler';
import { AppError } from '../../../../shared/errors';
import { RunStore } from '../runs/run-store';
import { DEFAULT_EXTRACTION_SETTINGS, Extractor, type ExtractionSettings, type ExtractOptions, type ExtractionResult } from './extractor';
import { deidentifyDocuments } from './deid-export';
import { toCsv, toJson, type ExportDocument } from './export';
import { FieldStore } from './field-store';
import { numberLines } from './numbered-text';
import { TemplateLibrary } from './template-library';
import { toJsonl, trainingSet, type TrainingSet } from './training-export';

export interface ExtractionServiceDeps {
  readonly db: Db;
  readonly archive: Archive;
  readonly scheduler: ModelScheduler;
  readonly events?: EventBus;
  /** Folder of the built-in templates (resources/templates). */
  readonly templatesDir: string;
  readonly settings?: Partial<ExtractionSettings>;
  readonly now?: () => Date;
}

export class ExtractionService {
  readonly templates: TemplateLibrary;
  readonly fields: FieldStore;
  readonly runs: RunStore<Record<string, unknown>>;
  readonly extractor: Extractor;
  private readonly now: () => Date;
  private readonly archive: Archive;
  private readonly settings: ExtractionSettings;

  constructor(deps: ExtractionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.archive = deps.archive;
    this.settings = { ...DEFAULT_EXTRACTION_SETTINGS, ...deps.settings };
    this.templates = new TemplateLibrary(deps.db, deps.templatesDir, this.now);
    this.fields = new FieldStore(deps.db, deps.archive, this.now);
    this.runs = new RunStore(deps.db, { kind: 'extraction', parseOutput: (json) => json as Record<string, unknown>, now: this.now });
    this.extractor = new Extractor({
      db: deps.db,
      archive: deps.archive,
      scheduler: deps.scheduler,
      templates: this.templates,
      fields: this.fields,
      runs: this.runs,
      ...(deps.events ? { events: deps.events } : {}),
      ...(deps.settings ? { settings: deps.settings } : {}),
    });
  }

  start(documentId: number, template: string, options?: ExtractOptions): { runId: number; done: Promise<ExtractionResult> } {
    return this.extractor.start(documentId, template, options);
  }

  extract(documentId: number, template: string, options?: ExtractOptions): Promise<ExtractionResult> {
    return this.extractor.extract(documentId, template, options);
  }

  cancel(runId: number): boolean {
    return this.extractor.cancel(runId);
  }

  get(documentId: number, template: string): { fields: FieldResult[]; run: RunInfo | null } {
    const t = this.templates.get(template);
    return { fields: this.fields.get(documentId, t), run: this.runs.latest(documentId, t.name) };
  }

  edit(documentId: number, template: string, field: string, value: FieldValueData): FieldResult {
    return this.fields.edit(documentId, this.templates.get(template), field, value);
  }

  setAssertion(documentId: number, template: string, field: string, item: number, label: ItemAssertion['label']): FieldResult {
    return this.fields.setAssertion(documentId, this.templates.get(template), field, item, label);
  }

  confirm(documentId: number, template: string, field: string): FieldResult {
    return this.fields.confirm(documentId, this.templates.get(template), field);
  }

  clear(documentId: number, template: string, field: string): FieldResult {
    return this.fields.clear(documentId, this.templates.get(template), field);
  }

  addFromSelection(
    documentId: number,
    template: string,
    field: string,
    selection: { page: number; start: number; end: number; value?: string | number | boolean | null },
  ): FieldResult {
    return this.fields.addFromSelection(documentId, this.templates.get(template), field, selection);
  }

  acceptSuggestion(documentId: number, template: string, field: string): FieldResult {
    return this.fields.acceptSuggestion(documentId, this.templates.get(template), field);
  }

  audit(documentId: number, template?: string, field?: string): AuditEntry[] {
    return this.fields.auditLog(documentId, template, field);
  }

  grid(template: string, documentIds?: readonly number[]): Grid {
    return this.fields.grid(this.templates.get(template), documentIds);
  }

  /**
   * One page of the Table (field-store gridPage). Without a template: the one with the most
   * runs in the archive, or the first listed when nothing has run yet.
   */
  gridPage(template: string | undefined, page: { after: number | null; limit: number }): Omit<GridPage, 'rows'> & { rows: Grid['rows'] } {
    const listed = this.templates.list().map((t) => t.name);
    const name = template ?? this.fields.mostUsedTemplate((n) => listed.includes(n)) ?? listed[0];
    if (name === undefined) throw new AppError('not_found', 'There is no template.');
    return this.fields.gridPage(this.templates.get(name), page);
  }

  /** With `deidentify`, every value and quote goes through the Safe Harbor de-identifier (deid-export.ts). */
  export(
    template: string,
    format: 'csv' | 'json',
    documentIds?: readonly number[],
    deidentify?: ExportDeidOptions,
  ): { fileName: string; text: string; data: Uint8Array } {
    const t = this.templates.get(template);
    const grid = this.fields.grid(t, documentIds);
    const all: ExportDocument[] = grid.rows.map((r) => ({ documentId: r.documentId, title: r.title, fields: this.fields.get(r.documentId, t) }));
    const docs = deidentify ? deidentifyDocuments(all, deidentify) : all;
    const text = format === 'csv' ? toCsv(t, docs) : toJson(t, docs, this.now());
    const stamp = this.now().toISOString().slice(0, 10);
    return { fileName: `${t.name}-${deidentify ? 'deidentified-' : ''}${stamp}.${format}`, text, data: new TextEncoder().encode(text) };
  }

  /**
   * The reviewed (confirmed or edited) values as a JSONL fine-tuning set: the engine's own
   * prompts over the document numbered as extraction numbers it, answers with evidence ids.
   */
  exportTraining(template: string, documentIds?: readonly number[]): { fileName: string; text: string; set: TrainingSet } {
    const t = this.templates.get(template);
    const grid = this.fields.grid(t, documentIds);
    const documents = grid.rows.map((r) => ({
      documentId: r.documentId,
      lines: numberLines(this.archive.iteratePages(r.documentId), { maxLineChars: this.settings.maxLineChars }),
      fields: this.fields.get(r.documentId, t),
    }));
    const set = trainingSet(t, documents, { maxEvidence: this.settings.maxEvidence });
    const stamp = this.now().toISOString().slice(0, 10);
    return { fileName: `${t.name}-training-${stamp}.jsonl`, text: toJsonl(set.examples), set };
  }
}
