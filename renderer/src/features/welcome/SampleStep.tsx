// The welcome's last step: the two sample documents shipped with the app. "Try a summary" or
// "Try an extraction" imports the sample (by id: the page names no path) and opens it in the
// reader on that tab, where one click starts the model.
import { useState } from 'react';
import { SAMPLE_DOCUMENTS, type SampleDocument } from '../../../../shared/welcome';
import { useNavigation } from '../../app/Navigation';
import type { ReaderPanel } from '../../app/routes';
import { Button } from '../../components/Button';
import { call, errorMessage } from '../../ipc/api';
import { useModels } from '../models/ModelsProvider';

export function SampleStep({ onOpened }: { readonly onOpened: () => void }) {
  const navigation = useNavigation();
  const models = useModels();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(sample: SampleDocument, panel: Extract<ReaderPanel, 'summary' | 'extract'>) {
    setBusy(`${sample.id}:${panel}`);
    setError(null);
    try {
      const { document } = await call('welcome:importSample', { sample: sample.id });
      onOpened();
      navigation.navigate({
        view: 'document',
        documentId: document.id,
        page: 1,
        highlight: null,
        panel,
        ...(panel === 'extract' ? { extract: { template: sample.template, field: null } } : {}),
      });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(null);
    }
  }

  return (
    <>
      <p className="dialog__text">
        Two short documents written for trying Abstractor, with made-up parties and a fictional patient. Import one and ask the model for a summary or
        its fields: each answer points to the page and words it came from.
      </p>
      {models.status === 'ready' && !models.active ? (
        <p className="welcome__hint" data-testid="welcome-sample-needs-model">
          A summary needs a model: download the one from the previous step first (you can open the sample meanwhile).
        </p>
      ) : null}
      <ul className="welcome-samples">
        {SAMPLE_DOCUMENTS.map((sample) => (
          <li key={sample.id} className="welcome-sample" data-testid="welcome-sample" data-sample={sample.id}>
            <strong>{sample.title}</strong>
            <p className="welcome-sample__text">{sample.description}</p>
            <div className="welcome-sample__actions">
              <Button size="sm" variant="primary" disabled={busy !== null} onClick={() => void open(sample, 'summary')} data-testid="welcome-sample-summary">
                {busy === `${sample.id}:summary` ? 'Importing…' : 'Try a summary'}
              </Button>
              <Button size="sm" disabled={busy !== null} onClick={() => void open(sample, 'extract')} data-testid="welcome-sample-extract">
                {busy === `${sample.id}:extract` ? 'Importing…' : 'Try an extraction'}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="dialog__error" role="alert" data-testid="welcome-sample-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
