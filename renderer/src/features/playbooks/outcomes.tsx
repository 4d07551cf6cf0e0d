// How a playbook rule's outcome is shown: one word and a color, the same in the Table's
// column group, the Playbooks screen and the printable report.
import type { RuleResultData } from '../../../../shared/playbooks/api';
import './outcomes.css';

export type Outcome = RuleResultData['outcome'];

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  meets: 'Meets',
  deviates: 'Deviates',
  missing: 'Missing',
  needs_review: 'Needs review',
};

export function OutcomeChip({ outcome, title }: { readonly outcome: Outcome; readonly title?: string }) {
  return (
    <span className={`outcome outcome--${outcome}`} title={title} data-testid="playbook-outcome" data-outcome={outcome}>
      {OUTCOME_LABELS[outcome]}
    </span>
  );
}
