// A field's value as the Extract tab shows it: scalars formatted by type, lists as a small
// list with each item's status, tables as a small table (columns from the template).
import type { FieldItem, FieldResult, FieldValueData } from '../../../../shared/extraction/api';
import type { TableColumn } from '../../../../shared/extraction/templates';
import { formatScalar, isEmptyValue } from './extraction-state';

export interface FieldValueProps {
  readonly field: Pick<FieldResult, 'type' | 'value' | 'items' | 'review'>;
  readonly columns?: readonly TableColumn[];
}

type Scalar = string | number | boolean | null;

export function FieldValue({ field, columns }: FieldValueProps) {
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
            {typeof item === 'string' ? item : JSON.stringify(item)}
          </li>
        ))}
      </ul>
    );
  }
  if (type === 'table' && Array.isArray(value)) {
    const rows = value as ReadonlyArray<Record<string, Scalar>>;
    const keys = columns?.map((c) => c.key) ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const labels = new Map(columns?.map((c) => [c.key, c.label]));
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
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} className={itemClass(field.items?.[i])}>
                {keys.map((k) => (
                  <td key={k}>{formatScalar(row[k] ?? null)}</td>
                ))}
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
  return item ? `field-value__item field-value__item--${item.status}` : 'field-value__item';
}
