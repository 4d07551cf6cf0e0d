// The one model recommended for this computer, as a card: its download size, the memory it
// needs, its expected reading speed (measured, scaled from a measured model, or estimated, and
// saying which) and one click to download it with progress. The welcome's model step and the
// Models screen both lead with it. `idPrefix` names its test ids (recommended-model, …).
import type { Speed } from '../../../../shared/welcome';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { CheckIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useCall } from '../../ipc/use-call';
import { formatBytes } from '../library/format';
import { isActive } from './download-state';
import { DownloadStatus } from './ModelCatalog';
import { formatGb } from './model-format';
import { useDownloads, useModels } from './ModelsProvider';
import './RecommendedModelCard.css';

const BASIS_LABELS: Readonly<Record<Speed['basis'], string>> = {
  measured: 'measured here',
  scaled: 'from a measured model',
  estimate: 'estimate',
};

export function RecommendedModelCard({ idPrefix }: { readonly idPrefix: string }) {
  const models = useModels();
  const downloads = useDownloads();
  // Reloaded when the library changes: a finished download shows as installed.
  const recommendation = useCall('welcome:recommendation', {}, String(models.version));

  if (recommendation.status === 'error') {
    return <ErrorBanner title="The recommendation could not be worked out." message={recommendation.error} onRetry={recommendation.reload} />;
  }
  if (!recommendation.data) return <LoadingState label="Looking at this computer…" />;
  const { item, speed, reason, totalRamBytes } = recommendation.data;

  if (!item) {
    return (
      <p className="dialog__text" data-testid={`${idPrefix}-no-model`}>
        {reason}
      </p>
    );
  }
  const entry = downloads.get(item.id);
  const downloading = isActive(entry);
  const installed = item.installedModelId !== null && models.items.some((m) => m.id === item.installedModelId);
  const partial = entry && (entry.state === 'cancelled' || entry.state === 'failed') && entry.downloadedBytes > 0;

  return (
    <div className="recommended-model" data-testid={`${idPrefix}-model`} data-catalog-id={item.id}>
      <div className="recommended-model__title">
        <strong>{item.name}</strong>
        <Badge>{item.quantization}</Badge>
        {installed ? (
          <Badge tone="success">
            <CheckIcon /> Installed
          </Badge>
        ) : null}
      </div>
      {models.active && models.active.catalogId !== item.id ? <p className="recommended-model__note">You are using {models.active.name} now.</p> : null}
      <dl className="recommended-model__facts">
        <div>
          <dt>Download</dt>
          <dd data-testid={`${idPrefix}-model-size`}>{formatBytes(item.bytes ?? item.approxBytes)}</dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd data-testid={`${idPrefix}-model-memory`}>
            ~{formatGb(item.ramBytes)} of {formatGb(totalRamBytes)}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd data-testid={`${idPrefix}-model-speed`} data-basis={speed?.basis ?? 'unknown'}>
            {speed ? `~${speed.pagesPerMinute} pages a minute (${BASIS_LABELS[speed.basis]})` : 'unknown'}
          </dd>
        </div>
      </dl>
      {speed ? <p className="recommended-model__note">{speed.detail}</p> : null}
      <p className="recommended-model__note">{reason}</p>
      {entry && (downloading || entry.state === 'failed' || entry.state === 'cancelled') ? <DownloadStatus entry={entry} /> : null}
      <div className="recommended-model__actions">
        {installed ? (
          <span className="recommended-model__ready" data-testid={`${idPrefix}-model-ready`}>
            Ready to use.
          </span>
        ) : downloading ? (
          <Button onClick={() => models.cancelDownload(item.id)} disabled={entry?.state === 'verifying'} data-testid={`${idPrefix}-download-cancel`}>
            Cancel
          </Button>
        ) : (
          <Button variant="primary" onClick={() => models.download(item)} data-testid={`${idPrefix}-download`}>
            {partial ? 'Resume download' : entry?.state === 'failed' ? 'Try again' : `Download (${formatBytes(item.bytes ?? item.approxBytes)})`}
          </Button>
        )}
      </div>
    </div>
  );
}
