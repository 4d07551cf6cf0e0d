// The welcome's model step: one card, the catalog entry recommended for this computer, with
// its download size, the memory it needs, its expected reading speed (measured, scaled from a
// measured model, or estimated, and saying which), and one click to download it with progress.
import type { Speed } from '../../../../shared/welcome';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { CheckIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useCall } from '../../ipc/use-call';
import { formatBytes } from '../library/format';
import { isActive } from '../models/download-state';
import { DownloadStatus } from '../models/ModelCatalog';
import { formatGb } from '../models/model-format';
import { useDownloads, useModels } from '../models/ModelsProvider';

const BASIS_LABELS: Readonly<Record<Speed['basis'], string>> = {
  measured: 'measured here',
  scaled: 'from a measured model',
  estimate: 'estimate',
};

export function ModelStep() {
  const models = useModels();
  const downloads = useDownloads();
  // Reloaded when the library changes: a finished download shows as installed.
  const recommendation = useCall('welcome:recommendation', {}, String(models.version));

  if (recommendation.status === 'error') {
    return <ErrorBanner title="The recommendation could not be worked out." message={recommendation.error} onRetry={recommendation.reload} />;
  }
  if (!recommendation.data) return <LoadingState label="Looking at this computer…" />;
  const { item, speed, reason, totalRamBytes } = recommendation.data;
  const active = models.active;

  if (!item) {
    return (
      <p className="dialog__text" data-testid="welcome-no-model">
        {reason}
      </p>
    );
  }
  const entry = downloads.get(item.id);
  const downloading = isActive(entry);
  const installed = item.installedModelId !== null && models.items.some((m) => m.id === item.installedModelId);
  const partial = entry && (entry.state === 'cancelled' || entry.state === 'failed') && entry.downloadedBytes > 0;

  return (
    <>
      <p className="dialog__text">
        The model reads your documents on this computer. This is the one we recommend here{active && active.catalogId !== item.id ? `; you are using ${active.name} now` : ''}.
      </p>
      <div className="welcome-model" data-testid="welcome-model" data-catalog-id={item.id}>
        <div className="welcome-model__title">
          <strong>{item.name}</strong>
          <Badge>{item.quantization}</Badge>
          {installed ? (
            <Badge tone="success">
              <CheckIcon /> Installed
            </Badge>
          ) : null}
        </div>
        <dl className="welcome-model__facts">
          <div>
            <dt>Download</dt>
            <dd data-testid="welcome-model-size">{formatBytes(item.bytes ?? item.approxBytes)}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd data-testid="welcome-model-memory">
              ~{formatGb(item.ramBytes)} of {formatGb(totalRamBytes)}
            </dd>
          </div>
          <div>
            <dt>Speed</dt>
            <dd data-testid="welcome-model-speed" data-basis={speed?.basis ?? 'unknown'}>
              {speed ? `~${speed.pagesPerMinute} pages a minute (${BASIS_LABELS[speed.basis]})` : 'unknown'}
            </dd>
          </div>
        </dl>
        {speed ? <p className="welcome-model__note">{speed.detail}</p> : null}
        <p className="welcome-model__note">{reason}</p>
        {entry && (downloading || entry.state === 'failed' || entry.state === 'cancelled') ? <DownloadStatus entry={entry} /> : null}
        <div className="welcome-model__actions">
          {installed ? (
            <span className="welcome-model__ready" data-testid="welcome-model-ready">
              Ready to use.
            </span>
          ) : downloading ? (
            <Button onClick={() => models.cancelDownload(item.id)} disabled={entry?.state === 'verifying'} data-testid="welcome-download-cancel">
              Cancel
            </Button>
          ) : (
            <Button variant="primary" onClick={() => models.download(item)} data-testid="welcome-download">
              {partial ? 'Resume download' : entry?.state === 'failed' ? 'Try again' : `Download (${formatBytes(item.bytes ?? item.approxBytes)})`}
            </Button>
          )}
        </div>
      </div>
      <p className="dialog__text">You can keep going while it downloads. Other models, and your own GGUF files, are on the Models screen.</p>
    </>
  );
}
