// A determinate or indeterminate progress bar with proper ARIA values.
import './ProgressBar.css';

export interface ProgressBarProps {
  /** 0..1, or null for "working, amount unknown". */
  readonly value: number | null;
  readonly label: string;
  readonly tone?: 'accent' | 'success' | 'danger';
  /** 0..value: the share of the work that ended in failure, drawn apart in the danger colour. */
  readonly failed?: number;
  /** The value in words, when a percent alone would mislead ("2 of 3 done, 1 failed"). */
  readonly valueText?: string;
}

const clamp = (n: number) => Math.min(1, Math.max(0, Number.isFinite(n) ? n : 0));

export function ProgressBar({ value, label, tone = 'accent', failed = 0, valueText }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(clamp(value) * 100);
  const failedPercent = percent === null ? 0 : Math.min(percent, Math.round(clamp(failed) * 100));
  return (
    <div
      className={`progress progress--${tone}${percent === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress__fill" style={percent === null ? undefined : { width: `${percent - failedPercent}%` }} />
      {failedPercent > 0 ? <div className="progress__failed" style={{ width: `${failedPercent}%` }} data-testid="progress-failed" /> : null}
    </div>
  );
}
