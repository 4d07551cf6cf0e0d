// What this computer offers a model: RAM, cores, CPU features and GPU backends, and the
// quantization recommended from them.
import type { Hardware } from '../../../../shared/models';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import type { CallResult } from '../../ipc/use-call';
import { cpuFeatureList, formatGb, gpuInUseLabel } from './model-format';

export function HardwarePanel({ hardware }: { readonly hardware: CallResult<Hardware> }) {
  return (
    <section className="models-card hardware" aria-labelledby="hardware-title" data-testid="hardware">
      <h2 id="hardware-title" className="models-card__title">
        This computer
      </h2>
      {hardware.status === 'error' ? (
        <ErrorBanner title="The hardware could not be read." message={hardware.error} onRetry={hardware.reload} />
      ) : !hardware.data ? (
        <LoadingState label="Looking at the hardware…" />
      ) : (
        <HardwareFacts hw={hardware.data} />
      )}
    </section>
  );
}

function HardwareFacts({ hw }: { readonly hw: Hardware }) {
  return (
    <>
      <dl className="hardware__facts">
        <dt>Memory</dt>
        <dd>
          {formatGb(hw.totalRamBytes)} total, {formatGb(hw.freeRamBytes)} available
        </dd>
        <dt>Processor</dt>
        <dd>
          {hw.cpuModel || 'Unknown'} · {hw.logicalCores} cores
        </dd>
        <dt>CPU features</dt>
        <dd>{cpuFeatureList(hw.cpuFeatures)}</dd>
        <dt>GPU backends</dt>
        <dd>{hw.gpu.candidates.length > 0 ? hw.gpu.candidates.join(', ') : 'None found'}</dd>
        <dt>In use</dt>
        <dd>{gpuInUseLabel(hw.gpu.inUse)}</dd>
        <dt>System</dt>
        <dd>
          {hw.platform} · {hw.arch}
        </dd>
      </dl>
      {hw.gpu.note ? <p className="hardware__note">{hw.gpu.note}</p> : null}
      <div className="hardware__recommendation">
        <span className="hardware__recommendation-label">Recommended quantization</span>
        <strong data-testid="recommended-quantization">{hw.recommendedQuantization}</strong>
        <span className="hardware__reason">{hw.recommendationReason}</span>
      </div>
    </>
  );
}
