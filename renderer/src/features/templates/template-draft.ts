// The template editor's working copy: a template as form state (options and synonyms as
// text, one a line), turned back into the JSON `templates:save` validates. Also maps the
// backend's validation messages ("fields[3] (allergy_status).options: …") to the form's
// fields. Pure: no DOM, no React.
import type { Template, TemplateField, FieldType, ScalarType } from '../../../../shared/extraction/templates';
import type { DocumentDomain } from '../../../../shared/domain';

export interface ColumnDraft {
  readonly uid: string;
  readonly key: string;
  readonly label: string;
  readonly type: ScalarType;
  readonly optionsText: string;
  readonly instructions: string;
}

export interface FieldDraft {
  readonly uid: string;
  readonly key: string;
  readonly label: string;
  /** The Extract panel's heading for it ("" = none: "Other fields"). */
  readonly section: string;
  readonly type: FieldType;
  readonly instructions: string;
  readonly required: boolean;
  readonly synonymsText: string;
  readonly optionsText: string;
  /** Text and list fields: the longest value, as typed ("" = the default). */
  readonly maxLength: string;
  readonly columns: readonly ColumnDraft[];
}

export interface TemplateDraft {
  readonly name: string;
  readonly title: string;
  readonly domain: DocumentDomain;
  readonly version: number;
  readonly description: string;
  readonly fields: readonly FieldDraft[];
}

let uidCounter = 0;
const uid = () => `u${++uidCounter}`;

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function columnDraft(column?: Partial<ColumnDraft>): ColumnDraft {
  return { uid: uid(), key: '', label: '', type: 'text', optionsText: '', instructions: '', ...column };
}

export function fieldDraft(field?: Partial<FieldDraft>): FieldDraft {
  return {
    uid: uid(),
    key: '',
    label: '',
    section: '',
    type: 'text',
    instructions: '',
    required: false,
    synonymsText: '',
    optionsText: '',
    maxLength: '',
    columns: [],
    ...field,
  };
}

export function fromTemplate(template: Template): TemplateDraft {
  return {
    name: template.name,
    title: template.title,
    domain: template.domain,
    version: template.version,
    description: template.description,
    fields: template.fields.map((f) =>
      fieldDraft({
        key: f.key,
        label: f.label,
        section: f.section ?? '',
        type: f.type,
        instructions: f.instructions,
        required: f.required,
        synonymsText: (f.synonyms ?? []).join('\n'),
        optionsText: f.type === 'enum' ? f.options.join('\n') : '',
        maxLength: (f.type === 'text' || f.type === 'list') && f.maxLength !== undefined ? String(f.maxLength) : '',
        columns:
          f.type === 'table'
            ? f.columns.map((c) =>
                columnDraft({
                  key: c.key,
                  label: c.label,
                  type: c.type,
                  optionsText: c.type === 'enum' ? c.options.join('\n') : '',
                  instructions: c.instructions ?? '',
                }),
              )
            : [],
      }),
    ),
  };
}

/** A new name like "nda-copy" (or "nda-copy-2") not yet taken. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = `${name}-copy`.slice(0, 60);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function copyDraft(template: Template, taken: ReadonlySet<string>): TemplateDraft {
  return { ...fromTemplate(template), name: copyName(template.name, taken), title: `${template.title} (copy)`, version: 1 };
}

export function emptyDraft(taken: ReadonlySet<string>, domain: DocumentDomain = 'other'): TemplateDraft {
  let name = 'my-template';
  for (let i = 2; taken.has(name); i++) name = `my-template-${i}`;
  return {
    name,
    title: 'My template',
    domain,
    version: 1,
    description: '',
    fields: [fieldDraft({ key: 'field_1', label: 'Field 1', instructions: 'What to look for.' })],
  };
}

/** The JSON `templates:save` receives; the backend validates it. */
export function toTemplateInput(draft: TemplateDraft): unknown {
  return {
    name: draft.name.trim(),
    title: draft.title,
    domain: draft.domain,
    version: draft.version,
    description: draft.description,
    fields: draft.fields.map((f) => {
      const base: Record<string, unknown> = { key: f.key.trim(), label: f.label, type: f.type, instructions: f.instructions, required: f.required };
      if (f.section.trim() !== '') base.section = f.section.trim();
      const synonyms = lines(f.synonymsText);
      if (synonyms.length > 0) base.synonyms = synonyms;
      if ((f.type === 'text' || f.type === 'list') && f.maxLength.trim() !== '') base.maxLength = Number(f.maxLength);
      if (f.type === 'enum') base.options = lines(f.optionsText);
      if (f.type === 'table') {
        base.columns = f.columns.map((c) => {
          const column: Record<string, unknown> = { key: c.key.trim(), label: c.label, type: c.type };
          if (c.instructions.trim() !== '') column.instructions = c.instructions;
          if (c.type === 'enum') column.options = lines(c.optionsText);
          return column;
        });
      }
      return base;
    }),
  };
}

export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= items.length) return [...items];
  const out = [...items];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

/** A key for a new field not yet used: field_2, field_3… */
export function nextKey(fields: readonly Pick<FieldDraft, 'key'>[], prefix = 'field'): string {
  const taken = new Set(fields.map((f) => f.key));
  for (let i = fields.length + 1; ; i++) if (!taken.has(`${prefix}_${i}`)) return `${prefix}_${i}`;
}

/** "fields[3] (allergy_status).options" -> "fields.3.options". */
export function normalizePath(path: string): string {
  return path
    .replace(/ \([^)]*\)/g, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}

export interface ValidationErrors {
  /** Path ("title", "fields.2.options", "fields.0.columns.1.key") -> messages. */
  readonly byPath: ReadonlyMap<string, readonly string[]>;
  /** Messages not tied to a path. */
  readonly general: readonly string[];
}

export const NO_ERRORS: ValidationErrors = { byPath: new Map(), general: [] };

/** Reads the backend's "The template is not valid:\n- path: message" into per-field errors. */
export function parseValidationErrors(message: string): ValidationErrors {
  const byPath = new Map<string, string[]>();
  const general: string[] = [];
  const items = message
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
  if (items.length === 0) return { byPath, general: [message] };
  for (const item of items) {
    const match = /^((?:[a-zA-Z]+)(?:\[\d+\](?: \([^)]*\))?|\.[a-zA-Z]+)*): (.*)$/s.exec(item);
    if (!match) {
      general.push(item);
      continue;
    }
    const path = normalizePath(match[1]!);
    byPath.set(path, [...(byPath.get(path) ?? []), match[2]!]);
  }
  return { byPath, general };
}

/** Messages at `path` exactly, each prefixed by the rest of its path when `nested`. */
export function errorsAt(errors: ValidationErrors, path: string, nested = false): string[] {
  const out: string[] = [];
  for (const [p, messages] of errors.byPath) {
    if (p === path) out.push(...messages);
    else if (nested && p.startsWith(`${path}.`)) out.push(...messages.map((m) => `${p.slice(path.length + 1)}: ${m}`));
  }
  return out;
}

/** Errors of one field's own inputs: key, label, instructions… (not its columns). */
export function fieldErrors(errors: ValidationErrors, index: number, prop: keyof TemplateField | 'columns' | ''): string[] {
  return prop === '' ? errorsAt(errors, `fields.${index}`) : errorsAt(errors, `fields.${index}.${prop}`, true);
}
