// The raw JSON the model writes while a summary runs, folded away as "Model output". Tokens
// are buffered and applied once per animation frame, and only this component re-renders.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAbstractorEvent } from '../../ipc/api';
import { TextBuffer } from './summary-state';

export function ModelOutput({ runId }: { readonly runId: number }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const buffer = useRef(new TextBuffer());
  const scheduled = useRef(false);
  const pre = useRef<HTMLPreElement>(null);

  const flush = useCallback(() => {
    scheduled.current = false;
    const more = buffer.current.take();
    if (more !== null) setText((prev) => prev + more);
  }, []);

  useAbstractorEvent('summaries:tokens', (event) => {
    if (event.runId !== runId) return;
    buffer.current.push(event.text);
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(flush);
    // rAF pauses in a hidden window; the timeout keeps the text current anyway.
    setTimeout(() => scheduled.current && flush(), 250);
  });

  // Follow the end of the text while it grows, unless the person scrolled up to read.
  useEffect(() => {
    const element = pre.current;
    if (!element || !open) return;
    const nearEnd = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    if (nearEnd) element.scrollTop = element.scrollHeight;
  }, [text, open]);

  return (
    <details className="model-output" open={open} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="summary-output">
      <summary className="model-output__summary">
        Model output
        <span className="model-output__count">{text.length > 0 ? ` · ${text.length.toLocaleString()} characters` : ' · waiting…'}</span>
      </summary>
      {open ? (
        <pre ref={pre} className="model-output__text" aria-live="off">
          {text || '…'}
        </pre>
      ) : null}
    </details>
  );
}
