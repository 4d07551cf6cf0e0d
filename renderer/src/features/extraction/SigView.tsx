// A medication item's sig as read by shared/clinical/sig: its normalized parts in one line
// (strength, quantity, frequency, route, PRN and reason, duration, indication) and the parts
// no rule read, marked so a reviewer checks them against the page.
import type { Sig } from '../../../../shared/clinical/sig';
import { sigLine } from '../../../../shared/extraction/sig';

export function SigView({ sig }: { sig: Sig }) {
  const read = sigLine({ ...sig, unparsed: [] });
  return (
    <span className="sig-view" data-testid="sig-view" title={`Read from "${sig.raw}"${sig.notes.length ? `\n${sig.notes.join('\n')}` : ''}`}>
      <span className="sig-view__read">{read || '—'}</span>
      {sig.unparsed.map((u, i) => (
        <mark key={i} className="sig-view__unread" data-testid="sig-unread" title="Not read: check it on the page">
          {u}
        </mark>
      ))}
    </span>
  );
}
