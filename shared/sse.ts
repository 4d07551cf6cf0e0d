// Server-Sent Events framing for the bridge's event stream: the server writes frames with
// sseFrame, the browser client reads them with an SseParser over a fetch body (EventSource
// cannot send the Authorization header, and the token never goes in a URL). Pure: no Node, no DOM.

/** One event as a frame: its name, its data on one line (wire JSON has no raw line breaks). */
export function sseFrame(name: string, data: string): string {
  return `event: ${name}\ndata: ${data.replace(/\r?\n/g, '\ndata: ')}\n\n`;
}

/** A comment frame: keeps a connection alive, and tells a reader that the stream is open. */
export function sseComment(text: string): string {
  return `: ${text.replace(/\r?\n/g, ' ')}\n\n`;
}

export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Incremental parser (the WHATWG event-stream rules that the bridge uses): feed text chunks
 * as they arrive, get each complete event once. Comments are dropped; `event` defaults to
 * "message"; multiple data lines are joined with line breaks.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.lineEnd()) >= 0) {
      const line = this.buffer.slice(0, end);
      const skip = this.buffer.charAt(end) === '\r' && this.buffer.charAt(end + 1) === '\n' ? 2 : 1;
      this.buffer = this.buffer.slice(end + skip);
      this.line(line);
    }
  }

  private lineEnd(): number {
    const n = this.buffer.indexOf('\n');
    const r = this.buffer.indexOf('\r');
    // A lone CR at the very end may be the first half of CRLF: wait for the next chunk.
    if (r >= 0 && (n < 0 || r < n)) return r === this.buffer.length - 1 ? -1 : r;
    return n;
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
