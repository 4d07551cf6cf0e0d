// Which of the template's fields the Table shows: a checkbox per field in a disclosure, the
// choice remembered per template (grid-settings).
import type { GridPage } from '../../../../shared/extraction/api';

export function ColumnPicker({
  columns,
  hidden,
  onChange,
}: {
  readonly columns: GridPage['columns'];
  readonly hidden: readonly string[];
  readonly onChange: (hidden: string[]) => void;
}) {
  const shown = columns.filter((c) => !hidden.includes(c.key)).length;
  const toggle = (key: string, visible: boolean) => onChange(visible ? hidden.filter((k) => k !== key) : [...hidden, key]);
  return (
    <details className="grid-columns" data-testid="grid-columns">
      <summary className="btn btn--secondary btn--md grid-columns__summary">
        Columns ({shown} of {columns.length})
      </summary>
      <fieldset className="grid-columns__list">
        <legend className="visually-hidden">Fields shown in the table</legend>
        {columns.map((c) => (
          <label key={c.key} className="grid-columns__item">
            <input type="checkbox" checked={!hidden.includes(c.key)} onChange={(event) => toggle(c.key, event.target.checked)} data-testid="grid-column-toggle" data-field-key={c.key} />
            {c.label}
          </label>
        ))}
        <div className="grid-columns__actions">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => onChange([])} disabled={hidden.length === 0}>
            Show all
          </button>
        </div>
      </fieldset>
    </details>
  );
}
