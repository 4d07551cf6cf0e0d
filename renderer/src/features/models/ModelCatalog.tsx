// The recommended models, grouped by size, each with what it costs (download, RAM), its
// license and domain, and a Download button that becomes a live progress bar.
import type { CatalogItem as CatalogEntry, Hardware } from '../../../../shared/models';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { CheckIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { LoadingState } from '../../components/Spinner';
import type { CallResult } from '../../ipc/use-call';
import { formatBytes } from '../library/format';
import { etaSeconds, formatDuration, fraction, isActive, type DownloadEntry } from './download-state';

const MODEL_DOMAINS: Readonly<Record<CatalogEntry['domain'], string>> = { general: 'General', medical: 'Medical', legal: 'Legal' };
import { formatGb, groupCatalog } from './model-format';
import { useDownloads, useModels } from './ModelsProvider';
import './ModelCatalog.css';

export interface ModelCatalogProps {
  readonly catalog: CallResult<{ readonly items: readonly CatalogEntry[] }>;
  readonly hardware: Hardware | null;
}

export function ModelCatalog({ catalog, hardware }: ModelCatalogProps) {
  return (
    <section className="models-card catalog" aria-labelledby="catalog-title">
      <div className="models-card__header">
        <h2 id="catalog-title" className="models-card__title">
          Download a recommended model
        </h2>
      </div>
      <p className="models-card__intro">
        Downloads come straight from the model's publisher and are checked before use. A stopped download resumes where it
        left off.
        {hardware ? ` For this computer, ${hardware.recommendedQuantization} files are recommended.` : null}
      </p>
      {catalog.status === 'error' ? (
        <ErrorBanner title="The catalog could not be loaded." message={catalog.error} onRetry={catalog.reload} />
      ) : !catalog.data ? (
        <LoadingState label="Loading the catalog…" />
      ) : (
        groupCatalog(catalog.data.items).map((group) => (
          <div key={group.sizeClass} className="catalog__group" data-size-class={group.sizeClass}>
            <h3 className="catalog__group-title">
              {group.label} <span className="catalog__group-hint">{group.hint}</span>
            </h3>
            <ul className="catalog__list">
              {group.items.map((item) => (
                <CatalogItem key={item.id} item={item} hardware={hardware} />
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

function CatalogItem({ item, hardware }: { readonly item: CatalogEntry; readonly hardware: Hardware | null }) {
  const downloads = useDownloads();
  const models = useModels();
  const entry = downloads.get(item.id);
  const active = isActive(entry);
  const installed = item.installedModelId !== null && models.items.some((m) => m.id === item.installedModelId);
  const tooBig = hardware !== null && hardware.totalRamBytes > 0 && item.ramBytes > hardware.totalRamBytes;
  const partial = entry && (entry.state === 'cancelled' || entry.state === 'failed') && entry.downloadedBytes > 0;

  return (
    <li className="catalog-item" data-testid="catalog-item" data-catalog-id={item.id}>
      <div className="catalog-item__main">
        <div className="catalog-item__title">
          <strong>{item.name}</strong>
          <Badge tone={item.domain === 'general' ? 'neutral' : 'accent'}>{MODEL_DOMAINS[item.domain]}</Badge>
          {item.recommended ? <Badge tone="success">Recommended</Badge> : null}
          {installed ? (
            <Badge tone="success">
              <CheckIcon /> Installed
            </Badge>
          ) : null}
        </div>
        <dl className="catalog-item__facts">
          <div>
            <dt>Parameters</dt>
            <dd>{item.parameters}</dd>
          </div>
          <div>
            <dt>Download</dt>
            <dd>{formatBytes(item.bytes ?? item.approxBytes)}</dd>
          </div>
          <div>
            <dt>RAM needed</dt>
            <dd className={tooBig ? 'catalog-item__warn' : undefined}>~{formatGb(item.ramBytes)}</dd>
          </div>
          <div>
            <dt>Quantization</dt>
            <dd>{item.quantization}</dd>
          </div>
          <div>
            <dt>License</dt>
            <dd>{item.license}</dd>
          </div>
        </dl>
        {item.notes ? <p className="catalog-item__notes">{item.notes}</p> : null}
        <p className="catalog-item__source" data-testid="catalog-source">
          {item.pinned ? (
            <>
              Pinned to a commit and checked against the publisher's SHA-256 <code title={item.sha256}>{item.sha256?.slice(0, 12)}…</code>
            </>
          ) : item.recordedSha256 ? (
            <>
              Not pinned: later downloads must match the first one, SHA-256 <code title={item.recordedSha256}>{item.recordedSha256.slice(0, 12)}…</code>
            </>
          ) : (
            <>Not pinned: downloads the publisher's latest file after you confirm; its SHA-256 is recorded for next time.</>
          )}
        </p>
        {tooBig ? <p className="catalog-item__warn">This computer has {formatGb(hardware.totalRamBytes)} of RAM: this model will not fit.</p> : null}
        {entry && (active || entry.state === 'failed' || entry.state === 'cancelled') ? <DownloadStatus entry={entry} /> : null}
      </div>
      <div className="catalog-item__actions">
        {installed ? null : active ? (
          <Button size="sm" onClick={() => models.cancelDownload(item.id)} disabled={entry?.state === 'verifying'} data-testid="download-cancel">
            Cancel
          </Button>
        ) : (
          <Button size="sm" variant="primary" onClick={() => models.download(item)} data-testid="download-start">
            {partial ? 'Resume download' : entry?.state === 'failed' ? 'Try again' : 'Download'}
          </Button>
        )}
      </div>
    </li>
  );
}

/** A download's progress bar and line of text (also the welcome's model card). */
export function DownloadStatus({ entry }: { readonly entry: DownloadEntry }) {
  const value = fraction(entry);
  const percent = value === null ? null : Math.floor(value * 100);
  const eta = etaSeconds(entry);
  let text: string;
  switch (entry.state) {
    case 'connecting':
      text = entry.downloadedBytes > 0 ? `Resuming at ${formatBytes(entry.downloadedBytes)}…` : 'Connecting…';
      break;
    case 'downloading':
      text = [
        `${formatBytes(entry.downloadedBytes)}${entry.totalBytes > 0 ? ` of ${formatBytes(entry.totalBytes)}` : ''}`,
        percent === null ? null : `${percent}%`,
        entry.speed === null ? null : `${formatBytes(entry.speed)}/s`,
        eta === null ? null : `${formatDuration(eta)} left`,
      ]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'verifying':
      text = 'Checking the file…';
      break;
    case 'cancelled':
      text = entry.downloadedBytes > 0 ? `Stopped at ${formatBytes(entry.downloadedBytes)}. Download again to resume.` : 'Download cancelled.';
      break;
    case 'failed':
      text = `Download failed: ${entry.error?.message ?? 'unknown error'}`;
      break;
    case 'done':
      text = 'Downloaded.';
      break;
    default:
      text = entry.state satisfies never;
  }
  return (
    <div className={`catalog-item__download catalog-item__download--${entry.state}`} data-testid="download-progress" data-state={entry.state}>
      {isActive(entry) ? (
        <ProgressBar value={entry.state === 'downloading' ? value : null} label="Download progress" />
      ) : null}
      <span className="catalog-item__download-text" role={entry.state === 'failed' ? 'alert' : undefined}>
        {text}
      </span>
    </div>
  );
}
