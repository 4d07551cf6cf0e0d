// The loopback bridge: the same dispatcher as IPC, served over HTTP (calls) and SSE
// (events) on 127.0.0.1 only, behind a random bearer token. For development and tests,
// so the real renderer runs in a plain browser; the app never starts it by default.
// Optionally serves the built renderer, so one origin carries page and API.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isEventName } from '../../../shared/contract';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../../shared/wire';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../services/events';

export interface BridgeOptions {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** Folder of the built renderer to serve at /, or none for an API-only bridge. */
  readonly staticDir?: string;
  readonly port?: number;
  /** Extra origins allowed to call (for example a Vite dev server). */
  readonly allowedOrigins?: readonly string[];
  readonly maxBodyBytes?: number;
}

export interface Bridge {
  readonly url: string;
  readonly token: string;
  /** The page URL with the token in the fragment, which never reaches a server log. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const streams = new Set<http.ServerResponse>();
  let origin = '';

  const tokenMatches = (given: string | null | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    // DNS rebinding: only our own host names may address us.
    const host = req.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) return deny(res, 403, 'Bad host');
    const requestOrigin = req.headers.origin;
    if (requestOrigin && requestOrigin !== origin && !options.allowedOrigins?.includes(requestOrigin)) {
      return deny(res, 403, 'Foreign origin');
    }
    if (url.pathname.startsWith('/api/')) {
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      if (!tokenMatches(bearer ?? url.searchParams.get('token'))) return deny(res, 401, 'Missing or wrong token');
      if (url.pathname === BRIDGE_PATHS.events && req.method === 'GET') return openEventStream(res);
      const prefix = BRIDGE_PATHS.call('');
      if (url.pathname.startsWith(prefix) && req.method === 'POST') {
        const name = decodeURIComponent(url.pathname.slice(prefix.length));
        const body = await readBody(req, maxBody);
        if (body === null) return deny(res, 413, 'Request too large');
        let payload: unknown;
        try {
          payload = body.length ? decodeWire(body) : {};
        } catch {
          return sendJson(res, { ok: false, error: { code: 'invalid_request', message: 'The request body is not valid JSON.' } });
        }
        return sendJson(res, await options.dispatch(name, payload));
      }
      return deny(res, 404, 'No such endpoint');
    }
    if (options.staticDir && req.method === 'GET') return serveStatic(options.staticDir, url.pathname, res);
    return deny(res, 404, 'Not found');
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = options.events.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    const frame = `event: ${name}\ndata: ${encodeWire(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    token,
    pageUrl: `${origin}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function deny(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(encodeWire(value));
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function serveStatic(root: string, pathname: string, res: http.ServerResponse): Promise<void> {
  const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const file = path.resolve(root, `.${rel}`);
  // Path traversal: nothing outside the renderer folder is served.
  if (!file.startsWith(path.resolve(root) + path.sep)) return deny(res, 403, 'Forbidden');
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  } catch {
    deny(res, 404, 'Not found');
  }
}
