// A field's value as the Extract tab shows it: scalars formatted by type, lists as a small
// list with each item's status, tables as a small table (columns from the template). Clinical
// items carry their assertion status as a badge a person can change; a negated or family
// item is struck through, set apart from the patient's findings. A medication's sig is shown
// as read (SigView), with the parts no rule read marked.
import { ASSERTION_LABELS } from '../../../../shared/clinical/assertion';
import type { FieldItem, FieldResult, FieldValueData, ItemAssertion } from '../../../../shared/extraction/api';
import { isPatientsItem } from '../../../../shared/extraction/assertion';
import { hasSig, itemSig } from '../../../../shared/extraction/sig';
import type { TableColumn, TemplateField } from '../../../../shared/extraction/templates';
import { SigView } from './SigView';
import { formatScalar, isEmptyValue } from './extraction-state';

export interface FieldValueProps {
  readonly field: Pick<FieldResult, 'type' | 'value' | 'items' | 'review'>;
  readonly columns?: readonly TableColumn[];
  /** The template field, when known: a medication field (`sig: true`) shows each item's sig as read. */
  readonly definition?: TemplateField;
  /** A person sets an item's assertion status; absent when the badge is read-only. */
  readonly onAssertion?: (item: number, label: ItemAssertion['label']) => void;
}

type Scalar = string | number | boolean | null;

export function FieldValue({ field, columns, definition, onAssertion }: FieldValueProps) {
  const sigOf = (value: FieldItem['value']) => (definition && hasSig(definition) ? itemSig(definition, value) : null);
  const medication = definition !== undefined && hasSig(definition);
  const badge = (i: number) => <AssertionBadge item={field.items?.[i]} onChange={onAssertion ? (label) => onAssertion(i, label) : undefined} />;
  const { type, value } = field;
  if (isEmptyValue(value)) {
    return (
      <span className="field-value field-value--empty" data-testid="field-value">
        {field.review === 'cleared' ? 'cleared' : '—'}
      </span>
    );
  }
  if (type === 'list' && Array.isArray(value)) {
    return (
      <ul className="field-value field-value--list" data-testid="field-value">
        {(value as readonly unknown[]).map((item, i) => (
          <li key={i} className={itemClass(field.items?.[i])} title={field.items?.[i] ? `${field.items[i]!.status}` : undefined}>
            <span className="field-value__text">{typeof item === 'string' ? item : JSON.stringify(item)}</span>
            {badge(i)}
            {typeof item === 'string' && medication ? <SigView sig={sigOf(item)!} /> : null}
          </li>
        ))}
      </ul>
    );
  }
  if (type === 'table' && Array.isArray(value)) {
    const rows = value as ReadonlyArray<Record<string, Scalar>>;
    const keys = columns?.map((c) => c.key) ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const labels = new Map(columns?.map((c) => [c.key, c.label]));
    const withAssertion = field.items?.some((i) => i.assertion) ?? false;
    return (
      <div className="field-value field-value--table" data-testid="field-value">
        <table>
          <thead>
            <tr>
              {keys.map((k) => (
                <th key={k} scope="col">
                  {labels.get(k) ?? k}
                </th>
              ))}
              {medication ? <th scope="col">Sig as read</th> : null}
              {withAssertion ? <th scope="col">Assertion</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} className={itemClass(field.items?.[i])}>
                {keys.map((k) => (
                  <td key={k}>{formatScalar(row[k] ?? null)}</td>
                ))}
                {medication ? <td>{<SigView sig={sigOf(row as FieldItem['value'])!} />}</td> : null}
                {withAssertion ? <td>{badge(i)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <span className="field-value" data-testid="field-value">
      {scalarText(value)}
    </span>
  );
}

function scalarText(value: FieldValueData): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
  return formatScalar(value);
}

function itemClass(item: FieldItem | undefined): string {
  if (!item) return 'field-value__item';
  const apart = isPatientsItem(item) ? '' : ' field-value__item--set-apart';
  return `field-value__item field-value__item--${item.status}${apart}`;
}

const ASSERTION_TEXT: Readonly<Record<ItemAssertion['label'], string>> = {
  affirmed: 'present',
  negated: 'not present',
  possible: 'possible',
  hypothetical: 'hypothetical',
  historical: 'history',
  family: 'family member',
};

/** The assertion status of an item: a badge, or a small select when a person may change it. */
function AssertionBadge({ item, onChange }: { item: FieldItem | undefined; onChange: ((label: ItemAssertion['label']) => void) | undefined }) {
  const a = item?.assertion;
  if (!a) return null;
  const title = a.source === 'user' ? 'Set by a person' : a.cue ? `From "${a.cue}"` : 'No negation, uncertainty, history or family member found';
  const className = `assertion-badge assertion-badge--${a.label}`;
  if (!onChange) {
    return (
      <span className={className} title={title} data-testid="assertion-badge" data-assertion={a.label}>
        {ASSERTION_TEXT[a.label]}
      </span>
    );
  }
  return (
    <select
      className={className}
      title={title}
      value={a.label}
      aria-label="Assertion status"
      data-testid="assertion-badge"
      data-assertion={a.label}
      onChange={(event) => onChange(event.target.value as ItemAssertion['label'])}
    >
      {ASSERTION_LABELS.map((label) => (
        <option key={label} value={label}>
          {ASSERTION_TEXT[label]}
        </option>
      ))}
    </select>
  );
}
