// The browser's bridge client: the wire codec on calls, envelopes for every failure, the
// SSE event stream, and the token taken from the URL fragment.
import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import {
  createBridgeClient,
  envelopeFromResponse,
  type EventSourceLike,
  type FetchLike,
  type MessageEventLike,
} from '../../renderer/src/ipc/bridge-client';
import { takeBridgeToken, tokenFromHash, TOKEN_STORAGE_KEY } from '../../renderer/src/ipc/bridge-token';

class FakeEventSource implements EventSourceLike {
  readonly listeners = new Map<string, Set<(event: MessageEventLike) => void>>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEventLike) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: (event: MessageEventLike) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data?: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

function respond(status: number, body: string): ReturnType<FetchLike> {
  return Promise.resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(body) });
}

describe('bridge client calls', () => {
  it('POSTs the wire-encoded request with the bearer token and decodes bytes in the answer', async () => {
    const pdf = new Uint8Array([37, 80, 68, 70, 0, 255]);
    const fetch = vi.fn<FetchLike>(() => respond(200, encodeWire({ ok: true, data: { fileName: 'a.pdf', data: pdf } })));
    const client = createBridgeClient({ token: 'abc', fetch, createEventSource: (url) => new FakeEventSource(url) });

    const files = [{ key: 'k1', name: 'a.pdf', data: new Uint8Array([1, 2, 3]) }];
    await client.invoke('documents:import', { files });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(BRIDGE_PATHS.call('documents:import'));
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ Authorization: 'Bearer abc', 'Content-Type': 'application/json' });
    const sent = decodeWire(init.body) as { files: Array<{ data: Uint8Array }> };
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
    const client = createBridgeClient({ token: 't', fetch: () => respond(200, body), createEventSource: (u) => new FakeEventSource(u) });
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
      createEventSource: (u) => new FakeEventSource(u),
    });
    expect(await client.invoke('app:info', {})).toMatchObject({ ok: false, error: { code: 'io_error' } });
  });
});

describe('bridge client events', () => {
  it('opens one stream with the token, decodes payloads, and unsubscribes', () => {
    const sources: FakeEventSource[] = [];
    const client = createBridgeClient({
      token: 'tok en',
      fetch: () => respond(200, ''),
      createEventSource: (url) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source;
      },
    });
    const progress = vi.fn();
    const changed = vi.fn();
    const offProgress = client.on('import:progress', progress);
    client.on('documents:changed', changed);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe(`${BRIDGE_PATHS.events}?token=tok%20en`);

    const payload = { key: 'k', file: 'a.pdf', phase: 'reading', documentId: 3, page: 2, pageCount: 9, error: null };
    sources[0]!.emit('import:progress', encodeWire(payload));
    expect(progress).toHaveBeenCalledWith(payload);
    expect(changed).not.toHaveBeenCalled();

    offProgress();
    sources[0]!.emit('import:progress', encodeWire(payload));
    expect(progress).toHaveBeenCalledTimes(1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    sources[0]!.emit('documents:changed', 'not json');
    expect(changed).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('tells listeners that documents may have changed after the stream reconnects', () => {
    let source: FakeEventSource | null = null;
    const client = createBridgeClient({
      token: 't',
      fetch: () => respond(200, ''),
      createEventSource: (url) => (source = new FakeEventSource(url)),
    });
    const changed = vi.fn();
    client.on('documents:changed', changed);
    source!.emit('open');
    expect(changed).not.toHaveBeenCalled();
    source!.emit('error');
    source!.emit('open');
    expect(changed).toHaveBeenCalledWith({ ids: [] });
  });

  it('closes the stream and reopens it on the next subscription', () => {
    const sources: FakeEventSource[] = [];
    const client = createBridgeClient({
      token: 't',
      fetch: () => respond(200, ''),
      createEventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
    });
    const listener = vi.fn();
    client.on('documents:changed', listener);
    client.close();
    expect(sources[0]!.closed).toBe(true);
    client.on('import:progress', vi.fn());
    expect(sources).toHaveLength(2);
    sources[1]!.emit('documents:changed', encodeWire({ ids: [1] }));
    expect(listener).toHaveBeenCalledWith({ ids: [1] });
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
