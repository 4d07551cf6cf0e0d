// The loopback bridge: the same dispatcher as IPC, served over HTTP (calls) and SSE
// (events) on 127.0.0.1 only, behind a random bearer token sent in the Authorization header
// (the page gets it once, from its URL fragment). For development and tests, so the real
// renderer runs in a plain browser; the app never starts it by default.
// Optionally serves the built renderer, so one origin carries page and API.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isEventName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../../shared/page-csp';
import { sseComment, sseFrame } from '../../../shared/sse';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../../shared/wire';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../services/events';
import { httpStatusOf } from './http-status';

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

/** On every answer: no framing (clickjacking), no MIME sniffing, no referrer leaving the page. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The page's own policy, with what only a header can say. */
const PAGE_POLICY = `${PAGE_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const tokenMatches = (given: string | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // A request line Node cannot parse never reaches handle(): answer it with a plain 400.
  server.on('clientError', (_err, socket) => {
    const headers = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host names may address us.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return deny(res, 403, 'Bad host');
    // A page is same-origin when its origin is the host it asked for (127.0.0.1 or localhost).
    const requestOrigin = req.headers.origin;
    if (requestOrigin && requestOrigin !== `http://${host}` && !options.allowedOrigins?.includes(requestOrigin)) {
      return deny(res, 403, 'Foreign origin');
    }
    const pathname = requestPath(req.url);
    if (pathname === null) return deny(res, 400, 'Malformed URL');
    if (pathname.startsWith('/api/')) {
      // The token travels in the Authorization header only: never in a URL, where logs and history keep it.
      if (!tokenMatches(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1])) return deny(res, 401, 'Missing or wrong token');
      res.setHeader('Cache-Control', 'no-store');
      if (pathname === BRIDGE_PATHS.events && req.method === 'GET') return openEventStream(res);
      const prefix = BRIDGE_PATHS.call('');
      if (pathname.startsWith(prefix) && req.method === 'POST') {
        const name = pathname.slice(prefix.length);
        const body = await readBody(req, maxBody);
        if (body === null) return deny(res, 413, 'Request too large');
        let payload: unknown;
        try {
          payload = body.length ? decodeWire(body) : {};
        } catch {
          return sendEnvelope(res, { ok: false, error: { code: 'invalid_request', message: 'The request body is not valid JSON.' } });
        }
        return sendEnvelope(res, await options.dispatch(name, payload));
      }
      return deny(res, 404, 'No such endpoint');
    }
    if (options.staticDir && req.method === 'GET') return serveStatic(options.staticDir, pathname, res);
    return deny(res, 404, 'Not found');
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(sseComment('connected'));
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = options.events.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    const frame = sseFrame(name, encodeWire(payload));
    for (const res of streams) res.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

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

/**
 * The decoded path of a request target, or null when it is malformed: not origin-form
 * (`/…`), a bad `%` escape, or a NUL byte. The query string is ignored (nothing reads it).
 */
export function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null;
  const raw = target.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

function deny(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** The envelope is always the body; the status says what it holds (see http-status.ts). */
function sendEnvelope(res: http.ServerResponse, envelope: Envelope<unknown>): void {
  res.writeHead(httpStatusOf(envelope), { 'Content-Type': 'application/json' });
  res.end(encodeWire(envelope));
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
  const rel = pathname === '/' ? '/index.html' : pathname;
  const file = path.resolve(root, `.${rel}`);
  // Path traversal: nothing outside the renderer folder is served.
  if (!file.startsWith(path.resolve(root) + path.sep)) return deny(res, 403, 'Forbidden');
  try {
    const body = await fs.readFile(file);
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': PAGE_POLICY } : {}),
    });
    res.end(body);
  } catch {
    deny(res, 404, 'Not found');
  }
}
