// A one-time tip for the review loop a new user would not guess: select words on the page, then
// add them to a field. Dismissed for good (a display preference, kept in local storage).
import { useState } from 'react';
import { Button } from '../../components/Button';
import { CloseIcon } from '../../components/icons';

const STORAGE_KEY = 'abstractor.hint.select-then-add';

function dismissed(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'dismissed';
  } catch {
    return false;
  }
}

export function SelectAddHint() {
  const [hidden, setHidden] = useState(dismissed);
  if (hidden) return null;
  return (
    <div className="select-add-hint" role="note" data-testid="select-add-hint">
      <p>
        <strong>Tip:</strong> the model missed something? Select the words on the page, focus the field and press <kbd>a</kbd> (or “Add from
        selection”). The value keeps its page and quote. Press <kbd>?</kbd> in the list for every key.
      </p>
      <Button
        size="sm"
        variant="ghost"
        icon={<CloseIcon />}
        aria-label="Dismiss the tip"
        onClick={() => {
          try {
            window.localStorage.setItem(STORAGE_KEY, 'dismissed');
          } catch {
            // Not kept across restarts; hidden for now.
          }
          setHidden(true);
        }}
        data-testid="select-add-hint-dismiss"
      />
    </div>
  );
}
