// The review keys, listed when the user presses "?" in the field list (or its link).
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';

export const REVIEW_SHORTCUTS: ReadonlyArray<readonly [keys: string, action: string]> = [
  ['n / p', 'Next / previous field that needs review'],
  ['↓ ↑ or j / k', 'Next / previous field'],
  ['Home / End', 'First / last field'],
  ['c', 'Confirm the value'],
  ['e', 'Edit the value'],
  ['Delete', 'Clear the value'],
  ['a', 'Add the text selected on the page'],
  ['Enter', 'Jump to the evidence (again: the next piece)'],
  ['?', 'Show these keys'],
];

export function ShortcutsDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="Review keys" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      <p>In the field list:</p>
      <table className="shortcuts" data-testid="shortcuts">
        <tbody>
          {REVIEW_SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
