// The streaming indicator of a running extraction: which field the model is answering and
// the tail of what it writes. Tokens are buffered and applied once per animation frame, and
// only this component re-renders on them.
import { useCallback, useRef, useState } from 'react';
import { useAbstractorEvent } from '../../ipc/api';
import { TextBuffer } from '../summaries/summary-state';

const TAIL = 160;

export function StreamingOutput({ runId, labelOf }: { readonly runId: number; readonly labelOf: (key: string) => string }) {
  const [state, setState] = useState<{ field: string | null; tail: string; chars: number }>({ field: null, tail: '', chars: 0 });
  const buffer = useRef(new TextBuffer());
  const field = useRef<string | null>(null);
  const scheduled = useRef(false);

  const flush = useCallback(() => {
    scheduled.current = false;
    const more = buffer.current.take();
    if (more === null) return;
    const key = field.current;
    setState((prev) => {
      const sameField = prev.field === key;
      const tail = ((sameField ? prev.tail : '') + more).slice(-TAIL);
      return { field: key, tail, chars: prev.chars + more.length };
    });
  }, []);

  useAbstractorEvent('extraction:tokens', (event) => {
    if (event.runId !== runId) return;
    if (field.current !== event.field) {
      // A new field: show what was buffered for the old one first.
      flush();
      field.current = event.field;
    }
    buffer.current.push(event.text);
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(flush);
    // rAF pauses in a hidden window; the timeout keeps the text current anyway.
    setTimeout(() => scheduled.current && flush(), 250);
  });

  return (
    <div className="extract-stream" data-testid="extract-stream" data-streaming={state.chars > 0 ? 'true' : 'false'}>
      <span className={`extract-stream__dot${state.chars > 0 ? ' extract-stream__dot--on' : ''}`} aria-hidden="true" />
      <span className="extract-stream__field">{state.field ? labelOf(state.field) : 'Waiting for the model…'}</span>
      {state.chars > 0 ? <span className="extract-stream__count">{state.chars.toLocaleString()} characters so far</span> : null}
      {state.tail ? (
        <code className="extract-stream__tail" aria-live="off">
          {state.tail}
        </code>
      ) : null}
    </div>
  );
}
