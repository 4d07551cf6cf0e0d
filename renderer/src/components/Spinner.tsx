// A small activity indicator with an accessible label.
import './Spinner.css';

export function Spinner({ label = 'Loading', size = 16 }: { readonly label?: string; readonly size?: number }) {
  return (
    <span className="spinner" role="status" aria-label={label} style={{ width: size, height: size }}>
      <span className="spinner__ring" aria-hidden="true" />
    </span>
  );
}

/** A centered spinner with a caption, for a panel that is still loading. */
export function LoadingState({ label }: { readonly label: string }) {
  return (
    <div className="loading-state">
      <Spinner label={label} size={22} />
      <span className="loading-state__label">{label}</span>
    </div>
  );
}
