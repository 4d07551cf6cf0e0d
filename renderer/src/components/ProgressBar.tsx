// A determinate or indeterminate progress bar with proper ARIA values.
import './ProgressBar.css';

export interface ProgressBarProps {
  /** 0..1, or null for "working, amount unknown". */
  readonly value: number | null;
  readonly label: string;
  readonly tone?: 'accent' | 'success' | 'danger';
}

export function ProgressBar({ value, label, tone = 'accent' }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress progress--${tone}${percent === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
