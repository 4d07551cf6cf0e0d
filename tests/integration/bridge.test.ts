// The loopback bridge over the real backend: token (Authorization header only), Host and
// Origin checks, anti-framing headers, malformed URLs, the contract's calls with bytes in the
// wire codec, import progress over SSE, and a static folder that never serves what lies outside it. Raw requests use node:http, which sends the path and
// the Host header exactly as given (fetch would normalise both).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome, ImportProgress } from '../../shared/domain';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/page-csp';
import { SseParser } from '../../shared/sse';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { removeDir, tempDir } from '../helpers/temp-archive';

const SECRET = 'top-secret-outside-the-static-folder';

let root: string;
let backend: Backend;
let base: string;
let token: string;

beforeAll(async () => {
  root = tempDir('abstractor-bridge-');
  const staticDir = path.join(root, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Abstractor test page</title>');
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  backend = await startBackend({ archiveDir: path.join(root, 'archive'), entries: SOURCE_ENTRIES, version: '9.9.9-test', staticDir });
  base = backend.bridge.url;
  token = backend.bridge.token;
});

afterAll(async () => {
  await backend?.close();
  if (root) removeDir(root);
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with the path and headers exactly as given. */
function raw(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { port, hostname } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: pathname, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

/** A call as the renderer makes it: POST, bearer token, body in the wire codec. */
async function call(name: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(base + BRIDGE_PATHS.call(name), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: encodeWire(payload),
  });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? decodeWire(text) : text };
}

describe('bridge security', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(backend.bridge.pageUrl).hash).toBe(`#token=${token}`);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a call without a token, or with a wrong one, with 401', async () => {
    const url = base + BRIDGE_PATHS.call('app:info');
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
    const wrongSameLength = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const wrong of ['nope', wrongSameLength, `${token}0`, '']) {
      const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${wrong}` }, body: '{}' });
      expect(res.status, wrong).toBe(401);
    }
    expect((await fetch(`${base}${BRIDGE_PATHS.events}`)).status).toBe(401);
    expect((await fetch(`${base}${BRIDGE_PATHS.events}?token=${wrongSameLength}`)).status).toBe(401);
    for (const scheme of [`Basic ${token}`, `bearer ${token}`, `Bearer  ${token}`, token]) {
      const res = await fetch(url, { method: 'POST', headers: { Authorization: scheme }, body: '{}' });
      expect(res.status, scheme).toBe(401);
    }
  });

  it('refuses the right token anywhere but the Authorization header', async () => {
    const inQuery = await raw(`${BRIDGE_PATHS.call('app:info')}?token=${token}`, { method: 'POST', body: '{}' });
    expect(inQuery.status).toBe(401);
    expect(inQuery.body).not.toContain('archiveDir');
    expect((await raw(`${BRIDGE_PATHS.events}?token=${token}`)).status).toBe(401);
    expect((await raw(`${BRIDGE_PATHS.events}?access_token=${token}`)).status).toBe(401);
    expect((await raw(BRIDGE_PATHS.events, { headers: { Cookie: `token=${token}` } })).status).toBe(401);
    expect((await raw(`${BRIDGE_PATHS.call('app:info')}#token=${token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    // The same request with the header is served (so the refusals above are about the token's place).
    const ok = await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('forbids framing and sniffing on every answer, and sends the page its CSP with frame-ancestors', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const answers = {
      page: await raw('/'),
      asset: await raw('/index.html'),
      missing: await raw('/no-such-file.js'),
      call: await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: auth, body: '{}' }),
      refusedCall: await raw(BRIDGE_PATHS.call('documents:get'), { method: 'POST', headers: auth, body: '{"id":"x"}' }),
      noToken: await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', body: '{}' }),
      badHost: await raw('/', { headers: { Host: 'evil.example' } }),
      malformed: await raw('/%zz'),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers['x-frame-options'], what).toBe('DENY');
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['content-security-policy'], what).toMatch(/(^|; )frame-ancestors 'none'($|;)/);
    }
    const pagePolicy = answers.page.headers['content-security-policy']!;
    expect(pagePolicy).toBe(`${PAGE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(pagePolicy).toContain("script-src 'self'");
    expect(answers.call.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(answers.call.headers['cache-control']).toBe('no-store');
  });

  it('answers a malformed URL with 400, and stays up', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    for (const target of ['/%E0%A4%A', '/%zz', '/%', '/index.html%00', '/%00/../package.json', '/api/call/%ZZ', '/api/call/app%3Ainfo%', '/api/%']) {
      const res = await raw(target, { method: target.startsWith('/api/call/') ? 'POST' : 'GET', headers: auth, body: '{}' });
      expect(res.status, target).toBe(400);
      expect(res.body, target).not.toContain(SECRET);
    }
    // Not origin-form: absolute-form and asterisk-form targets are not ours to serve.
    expect((await raw(`http://127.0.0.1:${new URL(base).port}/`)).status).toBe(400);
    expect((await raw('*', { method: 'OPTIONS' })).status).toBe(400);
    // A request line Node's parser rejects (a raw control character in the target) never reaches
    // the handler: it still gets a 400 with the same headers.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(`GET /a\x01b HTTP/1.1\r\nHost: ${new URL(base).host}\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toMatch(/\r\nX-Frame-Options: DENY\r\n/);
    expect((await call('app:info', {})).status).toBe(200);
  });

  it('refuses a foreign Origin with 403, even with the right token', async () => {
    const headers = { Authorization: `Bearer ${token}`, Origin: 'http://evil.example', 'Content-Type': 'application/json' };
    const res = await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('archiveDir');
    // Its own origin is fine.
    const own = await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: { ...headers, Origin: base }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('treats http://localhost:PORT like 127.0.0.1 when the Host matches', async () => {
    const port = new URL(base).port;
    const send = (host: string, origin: string) =>
      raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: { Authorization: `Bearer ${token}`, Host: host, Origin: origin }, body: '{}' });
    expect((await send(`localhost:${port}`, `http://localhost:${port}`)).status).toBe(200);
    expect((await send(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status).toBe(200);
    // An origin that is not the host asked for is another site, even on this machine.
    expect((await send(`127.0.0.1:${port}`, `http://localhost:${port}`)).status).toBe(403);
    expect((await send(`localhost:${port}`, `http://localhost:${Number(port) + 1}`)).status).toBe(403);
    expect((await send(`localhost:${port}`, `https://localhost:${port}`)).status).toBe(403);
    expect((await send(`localhost:${port}`, 'null')).status).toBe(403);
  });

  it('refuses a Host header that is not its own with 403 (DNS rebinding)', async () => {
    const port = new URL(base).port;
    const headers = { Authorization: `Bearer ${token}` };
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) {
      const res = await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: { ...headers, Host: host }, body: '{}' });
      expect(res.status, host).toBe(403);
      const page = await raw('/', { headers: { Host: host } });
      expect(page.status, host).toBe(403);
    }
    const ok = await raw(BRIDGE_PATHS.call('app:info'), { method: 'POST', headers: { ...headers, Host: `localhost:${port}` }, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('serves the static page, and nothing outside its folder', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Abstractor test page');
    for (const attempt of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/static/../../package.json',
      '/..%5cpackage.json',
      '/%2e%2e%5cpackage.json',
      '//../package.json',
      '/./../package.json',
      '/%E0%A4%A', // malformed escape: refused, and the server lives on
    ]) {
      const res = await raw(attempt);
      expect(res.status, attempt).not.toBe(200);
      expect(res.body, attempt).not.toContain(SECRET);
    }
    expect((await raw('/index.html')).status).toBe(200);
  });

  it('does not serve the API or files for unknown methods and paths', async () => {
    expect((await raw('/no-such-file.js')).status).toBe(404);
    expect((await raw('/', { method: 'POST' })).status).toBe(404);
    const get = await fetch(base + BRIDGE_PATHS.call('app:info'), { headers: { Authorization: `Bearer ${token}` } });
    expect(get.status).toBe(404);
  });
});

describe('bridge calls', () => {
  it('answers app:info with the bridge transport', async () => {
    const res = await call('app:info', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      data: { transport: 'bridge', version: '9.9.9-test', archiveDir: backend.services.layout.root, documentCount: expect.any(Number), encrypted: false },
    });
  });

  it('answers an unknown call with unknown_call', async () => {
    const res = await call('documents:frobnicate', {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('answers an invalid payload or body with invalid_request and 400, and no stack', async () => {
    const res = await call('documents:get', { id: 'seven' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |\.ts:\d+/);

    const bad = await fetch(base + BRIDGE_PATHS.call('documents:get'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{"id": 1',
    });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    // JSON nested deeper than the decoder's stack: refused as a bad body, and the server lives on.
    const deep = await fetch(base + BRIDGE_PATHS.call('templates:save'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: `{"template":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
    });
    expect(deep.status).toBe(400);
    expect(await deep.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    // Bytes must arrive as bytes: a plain array is not a PDF.
    const notBytes = await call('documents:import', { files: [{ key: 'k', name: 'x.pdf', data: [37, 80, 68, 70] }] });
    expect(notBytes.body).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers a call for a missing document with not_found', async () => {
    const missing = await call('documents:get', { id: 999_999 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('imports bytes sent with encodeWire and streams progress over SSE', async () => {
    const events: Array<{ event: string; data: unknown }> = [];
    const abort = new AbortController();
    const stream = await fetch(`${base}${BRIDGE_PATHS.events}`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let sawDone: () => void = () => {};
    const done = new Promise<void>((resolve) => (sawDone = resolve));
    let connected: () => void = () => {};
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const parser = new SseParser(({ event, data }) => {
      const payload = decodeWire(data);
      events.push({ event, data: payload });
      if (event === 'import:progress' && (payload as ImportProgress).key === 'bridge-file' && (payload as ImportProgress).phase === 'done') sawDone();
    });
    const pump = (async () => {
      try {
        const first = await reader.read(); // the ": connected" comment: the stream is open
        if (first.value) parser.push(decoder.decode(first.value, { stream: true }));
        connected();
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) return;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted at the end of the test
      }
    })();
    await ready;

    const data = largePdf(12, { linesPerPage: 6 });
    const res = await call('documents:import', { files: [{ key: 'bridge-file', name: 'over-the-bridge.pdf', data }] });
    expect(res.status).toBe(200);
    const envelope = res.body as { ok: boolean; data: { outcomes: ImportOutcome[] } };
    expect(envelope.ok).toBe(true);
    const [outcome] = envelope.data.outcomes;
    expect(outcome).toMatchObject({ kind: 'imported', file: 'over-the-bridge.pdf', document: { pageCount: 12, status: 'ready' } });
    if (outcome?.kind !== 'imported') return;

    await done;
    abort.abort();
    await pump;

    const progress = events
      .filter((e) => e.event === 'import:progress')
      .map((e) => e.data as ImportProgress)
      .filter((p) => p.key === 'bridge-file');
    expect(progress[0]?.phase).toBe('queued');
    expect(progress.filter((p) => p.phase === 'reading' && p.page > 0).map((p) => p.page)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    expect(progress.at(-1)).toMatchObject({ phase: 'done', page: 12, pageCount: 12, documentId: outcome.document.id });
    expect(events).toContainEqual({ event: 'documents:changed', data: { ids: [outcome.document.id] } });

    // The stored PDF comes back as the same bytes, and its pages are readable.
    const pdf = await call('documents:pdf', { id: outcome.document.id });
    const pdfData = (pdf.body as { data: { data: Uint8Array; fileName: string } }).data;
    expect(pdfData.fileName).toBe('over-the-bridge.pdf');
    expect(pdfData.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(pdfData.data), Buffer.from(data))).toBe(0);
    const page = await call('documents:page', { id: outcome.document.id, page: 7 });
    expect(page.body).toMatchObject({ ok: true, data: { documentId: outcome.document.id, number: 7 } });
    expect((page.body as { data: { text: string } }).data.text).toContain('marker0007');
    const hits = await call('search:query', { query: 'marker0007' });
    expect(hits.body).toMatchObject({ ok: true, data: { hits: [{ documentId: outcome.document.id, page: 7 }] } });
  });

  it('reports a bad file as a failed outcome, not as a failed call', async () => {
    const res = await call('documents:import', {
      files: [
        { key: 'good', name: 'good.pdf', data: textPdf({ pages: [['Bridge batch good file']] }) },
        { key: 'bad', name: 'bad.pdf', data: new Uint8Array(0) },
      ],
    });
    expect(res.body).toMatchObject({
      ok: true,
      data: { outcomes: [{ kind: 'imported', file: 'good.pdf' }, { kind: 'failed', file: 'bad.pdf', error: { code: 'empty_file' } }] },
    });
  });
});
