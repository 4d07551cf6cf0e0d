// The form of one template: name, title, domain, description, and its fields (add, remove,
// reorder; type; options for enums; columns for tables; section, instructions, required,
// synonyms).
// Read-only for a built-in. Validation is the backend's: its messages appear beside the
// inputs they are about.
import { useId, type ReactNode } from 'react';
import { DOMAINS } from '../../../../shared/domain';
import { FIELD_TYPES, SCALAR_TYPES, SECTION_MAX_LENGTH, type FieldType, type ScalarType } from '../../../../shared/extraction/templates';
import { Button } from '../../components/Button';
import { TrashIcon } from '../../components/icons';
import { DOMAIN_LABELS } from '../library/format';
import {
  columnDraft,
  errorsAt,
  fieldDraft,
  moveItem,
  nextKey,
  replaceAt,
  type ColumnDraft,
  type FieldDraft,
  type TemplateDraft,
  type ValidationErrors,
} from './template-draft';

export interface TemplateEditorProps {
  readonly draft: TemplateDraft;
  readonly readOnly: boolean;
  readonly errors: ValidationErrors;
  readonly onChange: (draft: TemplateDraft) => void;
}

const TYPE_LABELS: Readonly<Record<FieldType, string>> = {
  text: 'Text',
  date: 'Date',
  number: 'Number',
  money: 'Money',
  duration: 'Duration',
  boolean: 'Yes / No',
  enum: 'One of a list',
  list: 'List',
  table: 'Table',
};

export function TemplateEditor({ draft, readOnly, errors, onChange }: TemplateEditorProps) {
  const set = (patch: Partial<TemplateDraft>) => onChange({ ...draft, ...patch });
  const setField = (index: number, field: FieldDraft) => set({ fields: replaceAt(draft.fields, index, field) });
  // The sections already used, offered to each field so one heading is spelled one way.
  const sectionsId = useId();
  const sections = [...new Set(draft.fields.map((f) => f.section.trim()).filter(Boolean))];

  return (
    <fieldset className="template-editor" disabled={readOnly} data-testid="template-editor">
      <div className="template-editor__grid">
        <Input label="Name" hint="small letters, digits and dashes (it is also the file's name)" errors={errorsAt(errors, 'name')}>
          {(id) => <input id={id} className="field" value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="template-name" />}
        </Input>
        <Input label="Title" errors={errorsAt(errors, 'title')}>
          {(id) => <input id={id} className="field" value={draft.title} onChange={(e) => set({ title: e.target.value })} data-testid="template-title" />}
        </Input>
        <Input label="Domain" errors={errorsAt(errors, 'domain')}>
          {(id) => (
            <select id={id} className="field" value={draft.domain} onChange={(e) => set({ domain: e.target.value as TemplateDraft['domain'] })} data-testid="template-domain">
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {DOMAIN_LABELS[d]}
                </option>
              ))}
            </select>
          )}
        </Input>
        <Input label="Version" errors={errorsAt(errors, 'version')}>
          {(id) => (
            <input
              id={id}
              className="field"
              type="number"
              min={1}
              value={draft.version}
              onChange={(e) => set({ version: Math.max(1, Math.trunc(Number(e.target.value) || 1)) })}
            />
          )}
        </Input>
      </div>
      <Input label="Description" errors={errorsAt(errors, 'description')}>
        {(id) => <textarea id={id} className="field" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Input>

      <div className="template-editor__fields-head">
        <h3>Fields ({draft.fields.length})</h3>
        {readOnly ? null : (
          <Button
            size="sm"
            onClick={() => set({ fields: [...draft.fields, fieldDraft({ key: nextKey(draft.fields), label: `Field ${draft.fields.length + 1}` })] })}
            data-testid="template-add-field"
          >
            Add field
          </Button>
        )}
      </div>
      <Errors messages={errorsAt(errors, 'fields')} />
      <datalist id={sectionsId}>
        {sections.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <ol className="template-editor__fields">
        {draft.fields.map((field, index) => (
          <FieldCard
            key={field.uid}
            field={field}
            index={index}
            count={draft.fields.length}
            readOnly={readOnly}
            sectionsId={sectionsId}
            errors={errorsAt(errors, `fields.${index}`, true)}
            onChange={(next) => setField(index, next)}
            onMove={(delta) => set({ fields: moveItem(draft.fields, index, delta) })}
            onRemove={() => set({ fields: draft.fields.filter((_, i) => i !== index) })}
          />
        ))}
      </ol>
    </fieldset>
  );
}

interface FieldCardProps {
  readonly field: FieldDraft;
  readonly index: number;
  readonly count: number;
  readonly readOnly: boolean;
  /** The datalist of the template's sections. */
  readonly sectionsId: string;
  readonly errors: readonly string[];
  readonly onChange: (field: FieldDraft) => void;
  readonly onMove: (delta: -1 | 1) => void;
  readonly onRemove: () => void;
}

function FieldCard({ field, index, count, readOnly, sectionsId, errors, onChange, onMove, onRemove }: FieldCardProps) {
  const set = (patch: Partial<FieldDraft>) => onChange({ ...field, ...patch });
  return (
    <li className={`template-field${errors.length > 0 ? ' template-field--invalid' : ''}`} data-testid="template-field" data-field-key={field.key}>
      <div className="template-field__head">
        <span className="template-field__index">{index + 1}</span>
        <input className="field template-field__label" aria-label="Label" value={field.label} onChange={(e) => set({ label: e.target.value })} placeholder="Label" />
        <input className="field template-field__key" aria-label="Key" value={field.key} onChange={(e) => set({ key: e.target.value })} placeholder="key, e.g. governing_law" spellCheck={false} />
        <select
          className="field template-field__type"
          aria-label="Type"
          value={field.type}
          onChange={(e) => {
            const type = e.target.value as FieldType;
            set({ type, columns: type === 'table' && field.columns.length === 0 ? [columnDraft({ key: 'item', label: 'Item' })] : field.columns });
          }}
        >
          {FIELD_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <label className="template-field__required">
          <input type="checkbox" checked={field.required} onChange={(e) => set({ required: e.target.checked })} /> required
        </label>
        {readOnly ? null : (
          <span className="template-field__tools">
            <Button size="sm" variant="ghost" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move ${field.label || 'field'} up`} title="Move up">
              ↑
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move ${field.label || 'field'} down`} title="Move down">
              ↓
            </Button>
            <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={onRemove} aria-label={`Remove ${field.label || 'field'}`} title="Remove" />
          </span>
        )}
      </div>
      <Errors messages={errors} />
      <div className="template-field__body">
        <Input label="Section" hint="the heading it is listed under when reviewing; empty for “Other fields”">
          {(id) => (
            <input
              id={id}
              className="field template-field__section"
              list={sectionsId}
              maxLength={SECTION_MAX_LENGTH}
              value={field.section}
              onChange={(e) => set({ section: e.target.value })}
              placeholder="Patient, Term & renewal…"
              data-testid="template-section"
            />
          )}
        </Input>
        <Input label="Instructions" hint="what the model should look for">
          {(id) => <textarea id={id} className="field" rows={3} value={field.instructions} onChange={(e) => set({ instructions: e.target.value })} data-testid="template-instructions" />}
        </Input>
        <div className="template-field__row">
          <Input label="Synonyms" hint="search words, one a line">
            {(id) => <textarea id={id} className="field" rows={2} value={field.synonymsText} onChange={(e) => set({ synonymsText: e.target.value })} />}
          </Input>
          {field.type === 'enum' ? (
            <Input label="Options" hint="one a line, at least 2">
              {(id) => <textarea id={id} className="field" rows={3} value={field.optionsText} onChange={(e) => set({ optionsText: e.target.value })} data-testid="template-options" />}
            </Input>
          ) : field.type === 'text' || field.type === 'list' ? (
            <Input label="Max length" hint="characters; empty for the default">
              {(id) => <input id={id} className="field" inputMode="numeric" value={field.maxLength} onChange={(e) => set({ maxLength: e.target.value })} />}
            </Input>
          ) : null}
        </div>
        {field.type === 'table' ? (
          <Columns columns={field.columns} readOnly={readOnly} onChange={(columns) => set({ columns })} />
        ) : null}
      </div>
    </li>
  );
}

function Columns({ columns, readOnly, onChange }: { readonly columns: readonly ColumnDraft[]; readonly readOnly: boolean; readonly onChange: (c: ColumnDraft[]) => void }) {
  return (
    <div className="template-columns">
      <div className="template-columns__head">
        <span>Columns</span>
        {readOnly ? null : (
          <Button size="sm" variant="ghost" onClick={() => onChange([...columns, columnDraft({ key: nextKey(columns, 'column'), label: `Column ${columns.length + 1}` })])}>
            Add column
          </Button>
        )}
      </div>
      {columns.map((column, i) => {
        const set = (patch: Partial<ColumnDraft>) => onChange(replaceAt(columns, i, { ...column, ...patch }));
        return (
          <div key={column.uid} className="template-columns__row">
            <input className="field" aria-label="Column label" value={column.label} onChange={(e) => set({ label: e.target.value })} placeholder="Label" />
            <input className="field" aria-label="Column key" value={column.key} onChange={(e) => set({ key: e.target.value })} placeholder="key" spellCheck={false} />
            <select className="field" aria-label="Column type" value={column.type} onChange={(e) => set({ type: e.target.value as ScalarType })}>
              {SCALAR_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
            {column.type === 'enum' ? (
              <input
                className="field"
                aria-label="Column options"
                value={column.optionsText.split('\n').join(', ')}
                onChange={(e) => set({ optionsText: e.target.value.split(',').map((s) => s.trim()).join('\n') })}
                placeholder="option a, option b"
              />
            ) : (
              <input className="field" aria-label="Column instructions" value={column.instructions} onChange={(e) => set({ instructions: e.target.value })} placeholder="instructions (optional)" />
            )}
            {readOnly ? null : (
              <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => onChange(columns.filter((_, j) => j !== i))} aria-label="Remove column" disabled={columns.length <= 1} />
            )}
          </div>
        );
      })}
    </div>
  );
}

function Input({ label, hint, errors = [], children }: { readonly label: string; readonly hint?: string; readonly errors?: readonly string[]; readonly children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`template-input${errors.length > 0 ? ' template-input--invalid' : ''}`}>
      <label htmlFor={id} className="template-input__label">
        {label}
        {hint ? <span className="template-input__hint"> · {hint}</span> : null}
      </label>
      {children(id)}
      <Errors messages={errors} />
    </div>
  );
}

function Errors({ messages }: { readonly messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="template-errors" role="alert" data-testid="template-error">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

