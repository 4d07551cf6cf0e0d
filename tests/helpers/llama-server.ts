// Starts the llama-server that `npm run server:build` built (scripts/llama-server-location.ts)
// on 127.0.0.1 at a free port, with a model and a number of slots, and stops it. For the
// integration tests and bench:server; callers skip with `findLlamaServer().missing` when it is
// not built.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { findLlamaServer } from '../../scripts/llama-server-location';

export { findLlamaServer };

export interface RunningLlamaServer {
  readonly url: string;
  readonly pid: number;
  /** The server's log so far (for a failure message). */
  log(): string;
  stop(): Promise<void>;
}

export interface LlamaServerOptions {
  readonly binary: string;
  readonly model: string;
  readonly slots: number;
  /** Total context; each slot gets ctx / slots. */
  readonly contextSize: number;
  readonly threads: number;
  readonly startTimeoutMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startLlamaServer(options: LlamaServerOptions): Promise<RunningLlamaServer> {
  const port = await freePort();
  const args = [
    '--model', options.model,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--parallel', String(options.slots),
    '--ctx-size', String(options.contextSize),
    '--threads', String(options.threads),
    '--threads-batch', String(options.threads),
    '--no-webui',
    '--no-warmup',
    // Each slot keeps its own KV cache (the prefix of the document it served last).
    '--no-kv-unified',
    '--cache-ram', '0',
  ];
  const child: ChildProcess = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let alive = true;
  void exited.then(() => (alive = false));
  for (;;) {
    if (!alive) throw new Error(`llama-server exited while starting:\n${log.slice(-3000)}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`llama-server did not become healthy:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    log: () => log,
    async stop() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
