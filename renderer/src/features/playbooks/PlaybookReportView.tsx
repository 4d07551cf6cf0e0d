// One contract's playbook report: every rule with its outcome, the one-line explanation, the
// value it read and its evidence (page links into the reader, the quotes in full). "Print /
// Save as PDF" opens the system's print dialog (window.print: Electron's and the browser's
// both offer saving as PDF); the print styles leave only the report on the page.
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useToast } from '../../components/Toasts';
import { useCall } from '../../ipc/use-call';
import { OUTCOME_LABELS, OutcomeChip } from './outcomes';
import { formatDateTime } from '../library/format';
import './PlaybookReportView.css';

export function PlaybookReportView({ name, documentId }: { readonly name: string; readonly documentId: number }) {
  const navigation = useNavigation();
  const report = useCall('playbooks:run', { name, documentIds: [documentId] }, `${name}:${documentId}`);
  useAbstractorEvent('extraction:done', report.reload);
  const data = report.data;
  const doc = data?.documents[0];
  const notify = useToast();

  // Who printed which contract goes to the access log; the dialog opens either way.
  function print() {
    call('playbooks:printed', { name, documentId }).catch((err: unknown) => notify(`The print was not logged: ${errorMessage(err)}`, 'error'));
    window.print();
  }

  return (
    <main className="playbook-report" aria-labelledby="playbook-report-title" data-testid="playbook-report">
      <div className="playbook-report__actions">
        <Button onClick={() => navigation.back()}>Back</Button>
        <span className="playbook-report__spacer" />
        <Button variant="primary" onClick={print} disabled={!doc} data-testid="playbook-print">
          Print / Save as PDF
        </Button>
      </div>
      {report.status === 'error' ? <ErrorBanner title="The report could not be made." message={report.error} onRetry={report.reload} /> : null}
      {!data || !doc ? (
        report.status === 'loading' ? <LoadingState label="Checking the contract…" /> : null
      ) : (
        <article className="playbook-report__page">
          <header className="playbook-report__head">
            <h1 id="playbook-report-title">{doc.title}</h1>
            <p>
              Playbook: <strong>{data.playbook.title}</strong> ({data.playbook.name}, v{data.playbook.version}, template {data.playbook.template}) · checked{' '}
              {formatDateTime(data.at)}
            </p>
            <p className="playbook-report__counts" data-testid="playbook-report-counts">
              {(['deviates', 'needs_review', 'missing', 'meets'] as const).map((o) => `${doc.counts[o]} ${OUTCOME_LABELS[o].toLowerCase()}`).join(' · ')}
            </p>
          </header>
          <table className="playbook-report__table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {doc.results.map((r) => (
                <tr key={r.rule} data-testid="playbook-report-row" data-rule={r.rule} data-outcome={r.outcome}>
                  <th scope="row">
                    {r.title}
                    <span className="playbook-report__field">{r.field}</span>
                  </th>
                  <td>
                    <OutcomeChip outcome={r.outcome} />
                  </td>
                  <td>
                    {r.explanation}
                    {r.value !== null ? (
                      <span className="playbook-report__value">
                        Value: <q>{r.value}</q>
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {r.evidence.length === 0 ? (
                      <span className="playbook-report__none">No quote</span>
                    ) : (
                      <ul className="playbook-report__evidence">
                        {r.evidence.map((e, i) => (
                          <li key={i} data-testid="playbook-report-evidence">
                            <button
                              type="button"
                              className="playbook-report__page-link"
                              onClick={() => navigation.navigate({ view: 'document', documentId, page: e.page, highlight: null })}
                            >
                              p. {e.page}
                            </button>{' '}
                            <q>{e.quote}</q>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      )}
    </main>
  );
}
