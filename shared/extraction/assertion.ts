// Assertion status on extracted clinical items: which text of an item is the finding, and
// which items are the patient's. Shared by the store, the export and the renderer.
// Shared: no Node, no DOM.
import { NOT_THE_PATIENTS, type FieldItem } from './api';
import type { TemplateField } from './templates';

/** The finding an item names: a list item's text, or a table row's first column. */
export function assertionTarget(field: TemplateField, value: FieldItem['value']): string {
  if (typeof value === 'string') return value;
  const first = field.type === 'table' ? field.columns[0]?.key : undefined;
  const cell = first !== undefined ? value[first] : undefined;
  return cell === null || cell === undefined ? '' : String(cell);
}

/** Whether an item may be shown as the patient's problem, medication or allergy. */
export function isPatientsItem(item: Pick<FieldItem, 'assertion'>): boolean {
  return !item.assertion || !NOT_THE_PATIENTS.has(item.assertion.label);
}
