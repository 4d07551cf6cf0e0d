// One field of the Extract tab: label, value and status badge; when focused, its evidence
// chips (p. 3, p. 7; marked when the cited page was OCR'd with low confidence), a pending
// suggestion, alternatives from other passes, the review actions and the history. Clicking
// the row focuses it and jumps to its evidence.
import type { MouseEvent } from 'react';
import type { FieldResult, FieldValueData, ItemAssertion } from '../../../../shared/extraction/api';
import type { TemplateField } from '../../../../shared/extraction/templates';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { AlertIcon, CheckIcon, CloseIcon } from '../../components/icons';
import { formatPages } from '../library/format';
import { evidenceOcrWarning } from '../reader/ocr-quality';
import { BADGE_HINTS, BADGE_LABELS, badgeTone, fieldBadge, fieldEvidence, formatValue, needsReview } from './extraction-state';
import { FieldAudit } from './FieldAudit';
import { FieldEditor } from './FieldEditor';
import { FieldValue } from './FieldValue';

export interface FieldRowProps {
  readonly documentId: number;
  readonly template: string;
  readonly field: FieldResult;
  readonly definition: TemplateField | undefined;
  readonly focused: boolean;
  /** The evidence item shown on the page, when this field's evidence is. */
  readonly activeEvidence: number | null;
  readonly editing: boolean;
  readonly busy: boolean;
  /** A selection is waiting to be added. */
  readonly canAdd: boolean;
  readonly onFocus: () => void;
  readonly onJump: (evidenceIndex: number) => void;
  readonly onEdit: () => void;
  readonly onCancelEdit: () => void;
  readonly onSave: (value: FieldValueData) => void;
  readonly onConfirm: () => void;
  readonly onAssertion: (item: number, label: ItemAssertion['label']) => void;
  readonly onClear: () => void;
  readonly onAdd: () => void;
  readonly onAccept: () => void;
  readonly onDismiss: () => void;
}

export function FieldRow(props: FieldRowProps) {
  const { field, definition, focused, activeEvidence, editing, busy } = props;
  const badge = fieldBadge(field);
  const evidence = fieldEvidence(field);
  const lowOcr = evidence.some((e) => evidenceOcrWarning(e) !== null);
  const columns = definition?.type === 'table' ? definition.columns : undefined;

  function onClick(event: MouseEvent<HTMLLIElement>) {
    // Controls inside the row do their own thing.
    if (event.target instanceof Element && event.target.closest('button, input, select, textarea, details, a')) return;
    if (window.getSelection()?.isCollapsed === false && event.currentTarget.contains(window.getSelection()?.anchorNode ?? null)) return;
    props.onFocus();
    if (evidence.length > 0) props.onJump(activeEvidence ?? 0);
  }

  return (
    <li
      className={`field-row${focused ? ' field-row--focused' : ''}`}
      aria-current={focused ? 'true' : undefined}
      tabIndex={focused ? 0 : -1}
      onClick={onClick}
      onFocus={(event) => event.target === event.currentTarget && !focused && props.onFocus()}
      data-testid="field-row"
      data-field-key={field.key}
      data-status={badge}
      data-grounding={field.status}
      data-review={field.review}
      data-needs-review={needsReview(field)}
    >
      <div className="field-row__head">
        <span className="field-row__label">
          {field.label}
          {field.required ? (
            <span className="field-row__required" title="Required field" role="img" aria-label="required">
              *
            </span>
          ) : null}
        </span>
        <span className="field-row__badges">
          {lowOcr ? (
            <span data-testid="field-low-ocr">
              <Badge tone="warning" title="Its evidence is on a page OCR read with low confidence: check the value against the page.">
                <AlertIcon />
                low OCR
              </Badge>
            </span>
          ) : null}
          {field.suggestion ? (
            <Badge tone="warning" title="The model proposed a different value on a re-run">
              suggestion
            </Badge>
          ) : null}
          {field.review !== 'none' && field.review !== 'cleared' && field.status !== 'not_found' ? (
            <span className={`field-row__dot field-row__dot--${field.status}`} title={`Grounding: ${BADGE_LABELS[field.status]}`} />
          ) : null}
          <span className="status-badge" data-testid="field-status" data-badge={badge}>
            {/* Never extracted nor reviewed: "not found" would claim a search that never ran. */}
            {field.updatedAt === null ? (
              <Badge title="Run the template to extract this field.">Not extracted</Badge>
            ) : (
              <Badge tone={badgeTone(badge)} title={BADGE_HINTS[badge]}>
                {BADGE_LABELS[badge]}
              </Badge>
            )}
          </span>
        </span>
      </div>
      {editing ? (
        <FieldEditor field={field} definition={definition} busy={busy} onSave={props.onSave} onCancel={props.onCancelEdit} />
      ) : (
        <FieldValue field={field} columns={columns} definition={definition} onAssertion={props.busy ? undefined : props.onAssertion} />
      )}
      {evidence.length > 0 ? (
        <div className="field-row__evidence" aria-label="Evidence">
          {evidence.map((e, i) => {
            const warning = evidenceOcrWarning(e);
            return (
              <button
                key={`${e.page}-${e.start}-${i}`}
                type="button"
                className={`evidence-chip${activeEvidence === i ? ' evidence-chip--active' : ''}${warning ? ' evidence-chip--low-ocr' : ''}`}
                onClick={() => {
                  props.onFocus();
                  props.onJump(i);
                }}
                title={warning ? `“${e.quote}”\n${warning}` : `“${e.quote}”`}
                aria-pressed={activeEvidence === i}
                tabIndex={focused ? 0 : -1}
                data-testid="evidence-chip"
                data-low-ocr={warning ? 'true' : undefined}
              >
                {warning ? <span role="img" aria-label="low OCR confidence">⚠ </span> : null}
                {formatPages([e.page])}
              </button>
            );
          })}
        </div>
      ) : null}
      {focused ? (
        <div className="field-row__detail">
          {activeEvidence !== null && evidence[activeEvidence] ? (
            <blockquote className="field-row__quote">“{evidence[activeEvidence]!.quote}”</blockquote>
          ) : null}
          {field.suggestion ? (
            <div className="field-row__suggestion" data-testid="field-suggestion">
              <span>
                The model now suggests <strong>{formatValue(field.type, field.suggestion.value) || 'no value'}</strong>
                {field.suggestion.evidence[0] ? ` (${formatPages([field.suggestion.evidence[0].page])})` : ''}.
              </span>
              <span className="field-row__suggestion-actions">
                <Button size="sm" icon={<CheckIcon />} onClick={props.onAccept} disabled={busy} data-testid="suggestion-accept">
                  Accept
                </Button>
                <Button size="sm" variant="ghost" icon={<CloseIcon />} onClick={props.onDismiss} disabled={busy} title="Keep the current value (confirms it)" data-testid="suggestion-dismiss">
                  Dismiss
                </Button>
              </span>
            </div>
          ) : null}
          {field.alternatives.length > 0 ? (
            <div className="field-row__alternatives" data-testid="field-alternatives">
              <span className="field-row__alternatives-title">Other passes found</span>
              <ul>
                {field.alternatives.map((alt, i) => (
                  <li key={i}>
                    {formatValue(field.type, alt.value) || '—'}
                    {alt.evidence[0] ? <span className="field-row__alt-page"> {formatPages([alt.evidence[0].page])}</span> : null}
                    <span className="field-row__alt-status"> · {BADGE_LABELS[alt.status]}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {editing ? null : (
            <div className="field-row__actions">
              <Button size="sm" onClick={props.onEdit} disabled={busy} title="Edit (e)" data-testid="field-edit">
                Edit
              </Button>
              <Button
                size="sm"
                onClick={props.onConfirm}
                disabled={busy || field.review === 'confirmed' || (field.value === null && field.review === 'none')}
                title="Confirm (c)"
                data-testid="field-confirm"
              >
                Confirm
              </Button>
              <Button size="sm" onClick={props.onClear} disabled={busy || field.review === 'cleared'} title="Clear (Delete)" data-testid="field-clear">
                Clear
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={props.onAdd}
                disabled={busy || !props.canAdd}
                title={props.canAdd ? 'Add the selected text to this field (a)' : 'Select text on the page or in the Text tab first'}
                data-testid="field-add-selection"
              >
                Add from selection
              </Button>
            </div>
          )}
          <FieldAudit documentId={props.documentId} template={props.template} field={field} />
        </div>
      ) : null}
    </li>
  );
}
