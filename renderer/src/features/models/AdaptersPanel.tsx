// Domain adapters on the Models screen: the LoRA adapters in the library and, for each summary
// profile and extraction template, which one its runs use. Adapters are added from the command
// line (models adapters add); here they are chosen.
import { useState } from 'react';
import type { AdapterChoice, AdapterTarget } from '../../../../shared/models';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { formatBytes } from '../library/format';

const DEFAULT = '__default__';
const NONE = '__none__';

const targetKey = (t: AdapterTarget): string => ('template' in t ? `template:${t.template}` : `profile:${t.profile}`);
const targetLabel = (t: AdapterTarget): string => ('template' in t ? `Extraction: ${t.template}` : `Summaries: ${t.profile}`);

function selectedValue(choice: AdapterChoice): string {
  if (choice.source !== 'chosen') return DEFAULT;
  return choice.adapter ?? NONE;
}

export function AdaptersPanel() {
  const notify = useToast();
  const [version, setVersion] = useState(0);
  const adapters = useCall('models:adapters', {}, `adapters:${version}`);

  async function choose(choice: AdapterChoice, value: string) {
    const selection = value === DEFAULT ? { kind: 'default' as const } : value === NONE ? { kind: 'none' as const } : { kind: 'adapter' as const, name: value };
    try {
      await call('models:chooseAdapter', { target: choice.target, selection });
      setVersion((v) => v + 1);
    } catch (err) {
      notify(`Could not choose the adapter: ${errorMessage(err)}`, 'error');
    }
  }

  if (adapters.status === 'error') return <ErrorBanner title="The adapters could not be loaded." message={adapters.error} onRetry={adapters.reload} />;
  const data = adapters.data;
  if (!data || data.items.length === 0) return null; // nothing to choose from: the screen stays as it was
  return (
    <section className="models-card" aria-labelledby="adapters-title" data-testid="adapters-panel">
      <div className="models-card__header">
        <h2 id="adapters-title" className="models-card__title">
          Domain adapters
        </h2>
      </div>
      <ul className="models__list">
        {data.items.map((a) => (
          <li key={a.name}>
            <strong>{a.name}</strong> · {a.architecture} · {formatBytes(a.bytes)}
          </li>
        ))}
      </ul>
      <table className="adapters__choices">
        <tbody>
          {data.choices.map((choice) => (
            <tr key={targetKey(choice.target)}>
              <th scope="row">{targetLabel(choice.target)}</th>
              <td>
                <select
                  aria-label={`Adapter for ${targetLabel(choice.target)}`}
                  value={selectedValue(choice)}
                  onChange={(e) => void choose(choice, e.target.value)}
                >
                  <option value={DEFAULT}>{choice.source === 'template' ? `Template's own (${choice.adapter})` : 'Default (none)'}</option>
                  <option value={NONE}>None</option>
                  {data.items.map((a) => (
                    <option key={a.name} value={a.name}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
