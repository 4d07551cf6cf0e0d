// What a run waiting for the model tells the person: whose run holds the model and the run's
// place in line. Shown only while the scheduler says it waits, never guessed from a phase.
// Shared by the summary and extraction panels. No DOM, no React.
import type { ModelWait } from '../../../../shared/summaries';

const ORDINALS = ['next', 'second', 'third', 'fourth', 'fifth'];

/** "Waiting for the summary of “Lease” (next in line)". */
export function waitLabel(wait: ModelWait): string {
  const { behind, position } = wait;
  const what = behind.kind === 'summary' ? 'the summary of' : 'the extraction from';
  const place = ORDINALS[position - 1] ?? `${position}th`;
  const yielding = behind.priority === 'interactive' ? ', which a person asked for' : '';
  return `Waiting for ${what} “${behind.title}”${yielding} (${place} in line)`;
}
