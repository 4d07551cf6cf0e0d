// The inline editor of one field, by type: a text box for text, dates, money and durations,
// a number box, Yes/No for booleans, the options for enums, one item a line for lists and
// JSON rows for tables. Enter (Ctrl+Enter in a multi-line box) saves, Escape cancels.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FieldResult, FieldValueData } from '../../../../shared/extraction/api';
import type { TemplateField } from '../../../../shared/extraction/templates';
import { Button } from '../../components/Button';
import { editText, parseEdit } from './extraction-state';

export interface FieldEditorProps {
  readonly field: FieldResult;
  readonly definition: TemplateField | undefined;
  readonly busy: boolean;
  readonly onSave: (value: FieldValueData) => void;
  readonly onCancel: () => void;
}

export function FieldEditor({ field, definition, busy, onSave, onCancel }: FieldEditorProps) {
  const [text, setText] = useState(() => editText(field.type, field.value));
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>(null);
  useEffect(() => {
    input.current?.focus();
    if (input.current instanceof HTMLInputElement) input.current.select();
  }, []);

  function save() {
    const parsed = parseEdit(field.type, text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    onSave(parsed.value);
  }

  function onKey(event: KeyboardEvent) {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && (field.type !== 'list' && field.type !== 'table' ? true : event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  }

  const common = {
    ref: input,
    className: 'field field-editor__input',
    disabled: busy,
    'aria-label': `New value of ${field.label}`,
    'aria-invalid': error !== null,
    onKeyDown: onKey,
    'data-testid': 'field-edit-input',
  };
  const options = definition?.type === 'enum' ? definition.options : null;

  return (
    <div className="field-editor" onClick={(event) => event.stopPropagation()}>
      {field.type === 'boolean' ? (
        <select {...common} value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">(empty)</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      ) : options ? (
        <select {...common} value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">(empty)</option>
          {options.includes(text) || text === '' ? null : <option value={text}>{text}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : field.type === 'list' || field.type === 'table' ? (
        <textarea
          {...common}
          rows={field.type === 'table' ? 6 : 4}
          value={text}
          spellCheck={field.type === 'list'}
          onChange={(e) => setText(e.target.value)}
          placeholder={field.type === 'list' ? 'One item a line' : '[{"column": "value"}]'}
        />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={PLACEHOLDERS[field.type] ?? ''}
        />
      )}
      {error ? (
        <p className="field-editor__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field-editor__actions">
        <Button size="sm" variant="primary" onClick={save} disabled={busy} data-testid="field-save">
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <span className="field-editor__hint">{field.type === 'list' || field.type === 'table' ? 'Ctrl+Enter saves' : 'Enter saves'} · Esc cancels</span>
      </div>
    </div>
  );
}

const PLACEHOLDERS: Partial<Record<FieldResult['type'], string>> = {
  date: 'e.g. 2021-01-05 or January 5, 2021',
  money: 'e.g. USD 1,200.00',
  duration: 'e.g. 30 days',
  number: 'e.g. 12',
};
