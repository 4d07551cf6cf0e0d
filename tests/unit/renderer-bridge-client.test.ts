// The browser's bridge client: the wire codec on calls, envelopes for every failure, the
// SSE event stream over fetch, and the token taken from the URL fragment.
import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { SseParser, sseComment, sseFrame } from '../../shared/sse';
import { createBridgeClient, envelopeFromResponse, type FetchInit, type FetchLike } from '../../renderer/src/ipc/bridge-client';
import { takeBridgeToken, tokenFromHash, TOKEN_STORAGE_KEY } from '../../renderer/src/ipc/bridge-token';

/** An event stream the test writes to: the body of one GET /api/events. */
class FakeStream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body = new ReadableStream<Uint8Array>({ start: (c) => void (this.controller = c) });
  constructor(readonly init: FetchInit) {}
  write(text: string) {
    this.controller.enqueue(new TextEncoder().encode(text));
  }
  /** The server ends the stream (a restart, a dropped connection). */
  end() {
    this.controller.close();
  }
  get aborted() {
    return this.init.signal?.aborted ?? false;
  }
}

/** fetch that answers GET /api/events with a new FakeStream (or `status`), and calls with `call`. */
function streamingFetch(status: () => number = () => 200) {
  const streams: FakeStream[] = [];
  const fetch = vi.fn<FetchLike>((url, init) => {
    if (url !== BRIDGE_PATHS.events) return respond(200, '');
    const stream = new FakeStream(init);
    streams.push(stream);
    const code = status();
    return Promise.resolve({ ok: code === 200, status: code, body: code === 200 ? stream.body : null, text: () => Promise.resolve('') });
  });
  return { fetch, streams };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await tick();
  expect(condition()).toBe(true);
}

function respond(status: number, body: string): ReturnType<FetchLike> {
  return Promise.resolve({ ok: status >= 200 && status < 300, status, body: null, text: () => Promise.resolve(body) });
}

describe('bridge client calls', () => {
  it('POSTs the wire-encoded request with the bearer token and decodes bytes in the answer', async () => {
    const pdf = new Uint8Array([37, 80, 68, 70, 0, 255]);
    const fetch = vi.fn<FetchLike>(() => respond(200, encodeWire({ ok: true, data: { fileName: 'a.pdf', data: pdf } })));
    const client = createBridgeClient({ token: 'abc', fetch });

    const files = [{ key: 'k1', name: 'a.pdf', data: new Uint8Array([1, 2, 3]) }];
    await client.invoke('documents:import', { files });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(BRIDGE_PATHS.call('documents:import'));
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ Authorization: 'Bearer abc', 'Content-Type': 'application/json' });
    const sent = decodeWire(init.body ?? '') as { files: Array<{ data: Uint8Array }> };
    expect(sent.files[0]!.data).toBeInstanceOf(Uint8Array);
    expect([...sent.files[0]!.data]).toEqual([1, 2, 3]);

    const envelope = await client.invoke('documents:pdf', { id: 1 });
    expect(envelope.ok).toBe(true);
    if (envelope.ok) {
      expect(envelope.data.data).toBeInstanceOf(Uint8Array);
      expect([...envelope.data.data]).toEqual([...pdf]);
    }
  });

  it('passes error envelopes through with their code', async () => {
    const body = encodeWire({ ok: false, error: { code: 'not_found', message: 'No document with id 9.' } });
    const client = createBridgeClient({ token: 't', fetch: () => respond(200, body) });
    expect(await client.invoke('documents:get', { id: 9 })).toEqual({ ok: false, error: { code: 'not_found', message: 'No document with id 9.' } });
  });

  it('turns a refused token, an unknown endpoint or garbage into envelopes', () => {
    expect(envelopeFromResponse(401, 'Missing or wrong token')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(envelopeFromResponse(404, 'No such endpoint')).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(envelopeFromResponse(500, '<html>')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(envelopeFromResponse(200, '{"unexpected":true}')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('reports an unreachable backend as io_error instead of throwing', async () => {
    const client = createBridgeClient({
      token: 't',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expect(await client.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'io_error' } });
  });
});

describe('bridge client events', () => {
  it('reads one stream with the token in the header (never in the URL), decodes payloads, and unsubscribes', async () => {
    const { fetch, streams } = streamingFetch();
    const client = createBridgeClient({ token: 'tok en', fetch });
    const progress = vi.fn();
    const changed = vi.fn();
    const offProgress = client.on('import:progress', progress);
    client.on('documents:changed', changed);
    await until(() => streams.length === 1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(BRIDGE_PATHS.events);
    expect(init.headers).toMatchObject({ Authorization: 'Bearer tok en' });
    expect(url).not.toContain('token');

    const payload = { key: 'k', file: 'a.pdf', phase: 'reading', documentId: 3, page: 2, pageCount: 9, error: null };
    const frame = sseFrame('import:progress', encodeWire(payload));
    streams[0]!.write(`${sseComment('connected')}${frame.slice(0, 7)}`); // a frame split across chunks
    streams[0]!.write(frame.slice(7));
    await until(() => progress.mock.calls.length === 1);
    expect(progress).toHaveBeenCalledWith(payload);
    expect(changed).not.toHaveBeenCalled();

    offProgress();
    streams[0]!.write(frame);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    streams[0]!.write(sseFrame('documents:changed', 'not json'));
    await until(() => warn.mock.calls.length === 1);
    expect(progress).toHaveBeenCalledTimes(1);
    expect(changed).not.toHaveBeenCalled();
    warn.mockRestore();
    client.close();
  });

  it('reconnects after the stream drops and tells listeners that documents may have changed', async () => {
    const { fetch, streams } = streamingFetch();
    const client = createBridgeClient({ token: 't', fetch, reconnectDelayMs: 0 });
    const changed = vi.fn();
    client.on('documents:changed', changed);
    await until(() => streams.length === 1);
    expect(changed).not.toHaveBeenCalled();
    streams[0]!.end();
    await until(() => changed.mock.calls.length === 1);
    expect(changed).toHaveBeenCalledWith({ ids: [] });
    expect(streams).toHaveLength(2);
    streams[1]!.write(sseFrame('documents:changed', encodeWire({ ids: [4] })));
    await until(() => changed.mock.calls.length === 2);
    expect(changed).toHaveBeenLastCalledWith({ ids: [4] });
    client.close();
  });

  it('stops when the bridge refuses the token, instead of retrying forever', async () => {
    const { fetch } = streamingFetch(() => 401);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const client = createBridgeClient({ token: 'wrong', fetch, reconnectDelayMs: 0 });
    client.on('documents:changed', vi.fn());
    await until(() => error.mock.calls.length === 1);
    for (let i = 0; i < 10; i++) await tick();
    expect(fetch).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  it('closes the stream and reopens it on the next subscription', async () => {
    const { fetch, streams } = streamingFetch();
    const client = createBridgeClient({ token: 't', fetch });
    const listener = vi.fn();
    client.on('documents:changed', listener);
    await until(() => streams.length === 1);
    client.close();
    expect(streams[0]!.aborted).toBe(true);
    client.on('import:progress', vi.fn());
    await until(() => streams.length === 2);
    streams[1]!.write(sseFrame('documents:changed', encodeWire({ ids: [1] })));
    await until(() => listener.mock.calls.length === 1);
    expect(listener).toHaveBeenCalledWith({ ids: [1] });
    client.close();
  });
});

describe('SSE parser', () => {
  it('handles CRLF and CR line ends, comments, multi-line data and a default event name', () => {
    const events: Array<{ event: string; data: string }> = [];
    const parser = new SseParser((e) => events.push(e));
    for (const ch of ': hello\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: x\r\rid: 7\n\nevent: empty\n\n') parser.push(ch);
    expect(events).toEqual([
      { event: 'a', data: '1\n2' },
      { event: 'message', data: 'x' },
    ]);
  });
});

describe('bridge token', () => {
  function memoryStorage() {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  }

  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=ab12')).toBe('ab12');
    expect(tokenFromHash('token=ab12&x=1')).toBe('ab12');
    expect(tokenFromHash('#other=1')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('remembers the token, strips it from the URL, and finds it again after a reload', () => {
    const storage = memoryStorage();
    const stripHash = vi.fn();
    expect(takeBridgeToken({ hash: '#token=feed', storage, stripHash })).toBe('feed');
    expect(stripHash).toHaveBeenCalledTimes(1);
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe('feed');

    const again = vi.fn();
    expect(takeBridgeToken({ hash: '', storage, stripHash: again })).toBe('feed');
    expect(again).not.toHaveBeenCalled();
  });

  it('works without storage and returns null when there is no token anywhere', () => {
    expect(takeBridgeToken({ hash: '#token=x', storage: null, stripHash: () => {} })).toBe('x');
    expect(takeBridgeToken({ hash: '', storage: null, stripHash: () => {} })).toBeNull();
  });
});
