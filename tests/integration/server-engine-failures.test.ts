// The inference-server engine against a real loopback HTTP server that misbehaves on purpose:
// busy (429/503, with and without Retry-After), down, silent, redirecting to another host,
// refusing the key, streaming garbage, stopping mid-answer, answering outside the schema.
// Each failure has its code; retries happen only where they can help; a redirect is never
// followed. The real llama-server runs in inference-server.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/main/services/llm/engine-error';
import { ServerEngine } from '../../electron/main/services/llm/server/server-engine';
import type { HostGenerateRequest } from '../../electron/main/services/llm/engine-host';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface Loopback {
  url: string;
  /** Requests seen, as "METHOD path". */
  readonly seen: string[];
  /** Answers for the generation endpoint (/completion), used in order (the last one repeats). */
  chat: Handler[];
  close(): Promise<void>;
}

function sse(res: http.ServerResponse, events: readonly unknown[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(`data: ${JSON.stringify(e)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** A finished answer as llama-server's /completion streams it. */
function answer(text: string): Handler {
  return (_req, res) =>
    sse(res, [
      { content: text, stop: false },
      { content: '', stop: true, stop_type: 'eos', tokens_cached: 4, timings: { cache_n: 4, prompt_n: 8, prompt_ms: 5, predicted_n: 3 } },
    ]);
}

async function loopback(): Promise<Loopback> {
  const state: Loopback = { url: '', seen: [], chat: [], close: async () => undefined };
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      state.seen.push(`${req.method} ${req.url}`);
      if (req.url === '/props') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ default_generation_settings: { n_ctx: 2048 }, model_path: '/models/tiny.gguf' }));
        return;
      }
      if (req.url === '/apply-template') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ prompt: `<|user|>${body}<|assistant|>` }));
        return;
      }
      if (req.url === '/completion') {
        const handler = state.chat[Math.min(calls, state.chat.length - 1)]!;
        calls += 1;
        handler(req, res, body);
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 20 };
const REQUEST: HostGenerateRequest = { messages: [{ role: 'user', content: 'Which party?' }], maxTokens: 16 };
const SCHEMA = { type: 'object', properties: { party: { type: 'string', maxLength: 20 } }, required: ['party'], additionalProperties: false };

function engineFor(url: string, extra: Partial<ConstructorParameters<typeof ServerEngine>[0]> = {}): ServerEngine {
  return new ServerEngine({ type: 'llama-server', url, model: '', slots: 2, retry: FAST_RETRY, headersTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...extra });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err instanceof EngineError ? err.code : `not an EngineError: ${String(err)}`;
  }
}

describe('server engine failures (loopback)', () => {
  let server: Loopback;
  let other: Loopback;
  beforeAll(async () => {
    other = await loopback();
  });
  afterAll(async () => {
    await other.close();
  });
  afterEach(async () => {
    await server?.close();
  });

  it('retries 503 and 429 with backoff, then answers; the run sees one whole answer', async () => {
    server = await loopback();
    server.chat = [
      (_q, res) => res.writeHead(503, { 'retry-after': '0' }).end('{"error":{"message":"loading model"}}'),
      (_q, res) => res.writeHead(429).end(),
      answer('{"party":"Acme"}'),
    ];
    const engine = engineFor(server.url);
    const result = await engine.generate({ ...REQUEST, jsonSchema: SCHEMA });
    expect(JSON.parse(result.text)).toEqual({ party: 'Acme' });
    expect(result.stopReason).toBe('eos');
    expect(result.tokensCached).toBe(4);
    expect(result.tokensIn).toBe(12);
    expect(server.seen.filter((s) => s.startsWith('POST /completion'))).toHaveLength(3);
  });

  it('gives up on a server that stays busy: server_busy after the retry budget', async () => {
    server = await loopback();
    server.chat = [(_q, res) => res.writeHead(503).end()];
    expect(await codeOf(engineFor(server.url).generate(REQUEST))).toBe('server_busy');
    expect(server.seen.filter((s) => s.startsWith('POST /completion'))).toHaveLength(FAST_RETRY.attempts);
  });

  it('a server that is down: server_unreachable', async () => {
    server = await loopback();
    const url = server.url;
    await server.close();
    expect(await codeOf(engineFor(url).generate(REQUEST))).toBe('server_unreachable');
  });

  it('a server that accepts and says nothing: timeout, retried, then given up', async () => {
    server = await loopback();
    server.chat = [() => undefined]; // never answers
    const engine = engineFor(server.url, { headersTimeoutMs: 150, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(await codeOf(engine.generate(REQUEST))).toBe('timeout');
    expect(server.seen.filter((s) => s.startsWith('POST /completion'))).toHaveLength(2);
  });

  it('a stream that goes silent mid-answer: timeout', async () => {
    server = await loopback();
    server.chat = [
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify({ content: '{"pa', stop: false })}\n\n`);
      },
    ];
    const engine = engineFor(server.url, { idleTimeoutMs: 150, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(await codeOf(engine.generate(REQUEST))).toBe('timeout');
  });

  it('refused key: server_auth at once, no retry', async () => {
    server = await loopback();
    server.chat = [(_q, res) => res.writeHead(401).end()];
    expect(await codeOf(engineFor(server.url, { apiKey: 'wrong' }).generate(REQUEST))).toBe('server_auth');
    expect(server.seen.filter((s) => s.startsWith('POST /completion'))).toHaveLength(1);
  });

  it('a redirect to another host is refused and that host is never contacted', async () => {
    server = await loopback();
    server.chat = [(_q, res) => res.writeHead(307, { location: `${other.url}/completion` }).end()];
    const before = other.seen.length;
    expect(await codeOf(engineFor(server.url).generate(REQUEST))).toBe('server_redirect');
    expect(other.seen.length).toBe(before);
  });

  it('a stream that is not JSON: server_error', async () => {
    server = await loopback();
    server.chat = [(_q, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: {not json\n\n')];
    expect(await codeOf(engineFor(server.url).generate(REQUEST))).toBe('server_error');
  });

  it('a stream cut off before its end: server_error, never a partial answer', async () => {
    server = await loopback();
    server.chat = [
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`data: ${JSON.stringify({ content: '{"party":"Ac', stop: false })}\n\n`);
      },
    ];
    expect(await codeOf(engineFor(server.url).generate({ ...REQUEST, jsonSchema: SCHEMA }))).toBe('server_error');
  });

  it('an answer that breaks the schema: invalid_output (not JSON, wrong shape, too long)', async () => {
    server = await loopback();
    for (const text of ['Acme Corp', '{"name":"Acme"}', '{"party":"a name far longer than twenty characters"}']) {
      server.chat = [answer(text)];
      expect(await codeOf(engineFor(server.url).generate({ ...REQUEST, jsonSchema: SCHEMA }))).toBe('invalid_output');
    }
  });

  it('only the entered host: a base URL path is kept, and the key goes in the header', async () => {
    server = await loopback();
    let auth: string | undefined;
    server.chat = [
      (req, res, body) => {
        auth = req.headers.authorization;
        expect(JSON.parse(body)).toMatchObject({ cache_prompt: true, id_slot: 0 });
        answer('{"party":"Acme"}')(req, res, body);
      },
    ];
    await engineFor(server.url, { apiKey: 'k-123' }).generate({ ...REQUEST, jsonSchema: SCHEMA }, { slotKey: 'run-1' });
    expect(auth).toBe('Bearer k-123');
    expect(server.seen.every((s) => /^(GET|POST) \//.test(s))).toBe(true);
  });
});
