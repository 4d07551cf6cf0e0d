// A fine-tuning set from what people reviewed: every confirmed or edited value becomes one chat
// example, the prompt exactly as the engine builds it (prompt.ts over the numbered document)
// and the answer in the JSON the engine's grammar asks for, evidence ids first. A department
// can fine-tune or distil its own small model on it elsewhere and bring the adapter back.
// Pure: no Node, no database, no engine.
import type { Evidence, FieldResult, ReviewState } from '../../../../shared/extraction/api';
import type { Template, TemplateField } from '../../../../shared/extraction/templates';
import { ROW_EVIDENCE_KEY } from '../../../../shared/extraction/templates';
import type { ChatMessage } from '../llm/engine-protocol';
import { renderLines, type NumberedLine } from './numbered-text';
import { buildMessages, fieldQuestion, PROMPT_VERSION } from './prompt';

/** The values people vouched for: a reviewer confirmed the model's value or typed their own. */
const REVIEWED: ReadonlySet<ReviewState> = new Set<ReviewState>(['confirmed', 'edited']);

export interface TrainingDocument {
  readonly documentId: number;
  /** The document numbered as the engine numbers it for extraction. */
  readonly lines: readonly NumberedLine[];
  readonly fields: readonly FieldResult[];
}

export interface TrainingExample {
  /** system, user (document then question), assistant (the reviewed answer). */
  readonly messages: readonly ChatMessage[];
  readonly metadata: {
    readonly template: string;
    readonly templateVersion: number;
    readonly promptVersion: string;
    readonly documentId: number;
    readonly field: string;
    readonly review: ReviewState;
  };
}

export interface TrainingSet {
  readonly examples: readonly TrainingExample[];
  /** Reviewed values left out, with why (a value whose evidence no longer maps to a line). */
  readonly skipped: ReadonlyArray<{ readonly documentId: number; readonly field: string; readonly reason: string }>;
}

/** The ids of the numbered lines an evidence range overlaps, in document order, at most `max`. */
function lineIds(evidence: readonly Evidence[], lines: readonly NumberedLine[], max: number): string[] {
  const ids = new Set<string>();
  for (const e of evidence) {
    for (const line of lines) {
      if (line.page === e.page && line.start < Math.max(e.end, e.start + 1) && e.start < line.end) ids.add(line.id);
    }
  }
  const order = new Map(lines.map((l) => [l.id, l.index]));
  return [...ids].sort((a, b) => order.get(a)! - order.get(b)!).slice(0, max);
}

/**
 * The answer JSON for one field, shaped as output-schema.ts shapes it: a scalar is
 * `{ evidence, value }`, a list `[{ evidence, value }]`, a table `[{ evidence, ...cells }]`.
 * Undefined when a value has no line to cite: the grammar would never let the model write it.
 */
function answerFor(field: TemplateField, result: FieldResult, lines: readonly NumberedLine[], maxEvidence: number): unknown {
  if (field.type === 'list' || field.type === 'table') {
    const items = result.items ?? [];
    const out = [];
    for (const item of items) {
      const evidence = lineIds(item.evidence, lines, maxEvidence);
      if (evidence.length === 0) return undefined;
      out.push(field.type === 'list' ? { evidence, value: item.value } : { [ROW_EVIDENCE_KEY]: evidence, ...(item.value as object) });
    }
    return out;
  }
  const evidence = lineIds(result.evidence, lines, maxEvidence);
  // Cited evidence forces a value and none forces null: a reviewed "not found" teaches that too.
  if ((result.value === null) !== (evidence.length === 0)) return undefined;
  return { evidence, value: result.value };
}

export function trainingSet(
  template: Template,
  documents: readonly TrainingDocument[],
  options: { readonly maxEvidence: number },
): TrainingSet {
  const examples: TrainingExample[] = [];
  const skipped: Array<{ documentId: number; field: string; reason: string }> = [];
  for (const doc of documents) {
    const documentText = renderLines(doc.lines);
    const byKey = new Map(doc.fields.map((f) => [f.key, f]));
    for (const field of template.fields) {
      const result = byKey.get(field.key);
      if (!result || !REVIEWED.has(result.review)) continue;
      const answer = answerFor(field, result, doc.lines, options.maxEvidence);
      if (answer === undefined) {
        skipped.push({ documentId: doc.documentId, field: field.key, reason: 'the value cites no line of the document text' });
        continue;
      }
      examples.push({
        messages: [
          ...buildMessages(documentText, fieldQuestion(field)),
          { role: 'assistant', content: JSON.stringify({ [field.key]: answer }) },
        ],
        metadata: {
          template: template.name,
          templateVersion: template.version,
          promptVersion: PROMPT_VERSION,
          documentId: doc.documentId,
          field: field.key,
          review: result.review,
        },
      });
    }
  }
  return { examples, skipped };
}

/** One example per line (the chat fine-tuning format most trainers read). */
export function toJsonl(examples: readonly TrainingExample[]): string {
  return examples.map((e) => `${JSON.stringify(e)}\n`).join('');
}
