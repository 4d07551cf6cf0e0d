// An inline error with an optional retry: errors are shown where they happened, never
// as a blank panel.
import { Button } from './Button';
import { AlertIcon } from './icons';
import './ErrorBanner.css';

export interface ErrorBannerProps {
  readonly title: string;
  readonly message?: string;
  readonly onRetry?: () => void;
  readonly onDismiss?: () => void;
}

export function ErrorBanner({ title, message, onRetry, onDismiss }: ErrorBannerProps) {
  return (
    <div className="error-banner" role="alert">
      <span className="error-banner__icon" aria-hidden="true">
        <AlertIcon />
      </span>
      <div className="error-banner__text">
        <strong>{title}</strong>
        {message ? <span className="error-banner__message">{message}</span> : null}
      </div>
      <div className="error-banner__actions">
        {onRetry ? (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
        {onDismiss ? (
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        ) : null}
      </div>
    </div>
  );
}
