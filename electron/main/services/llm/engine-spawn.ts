// Starting the engine process: child_process.fork for Node (tests, CLI, dev) and an adapter
// for Electron's utilityProcess, both behind EngineChild. Plain Node: must not import electron
// (the utilityProcess shape is typed structurally) or node-llama-cpp.
import { fork } from 'node:child_process';
import type { EngineToHost, HostToEngine } from './engine-protocol';

/** The engine process as the host sees it; fork and Electron's utilityProcess both fit. */
export interface EngineChild {
  readonly pid: number | undefined;
  send(msg: HostToEngine): void;
  /** Ends the process at once (SIGKILL): used when it stops answering. */
  kill(): void;
  onMessage(listener: (msg: EngineToHost) => void): void;
  onExit(listener: (exit: { code: number | null; signal: string | null; detail?: string }) => void): void;
}

export type SpawnEngine = (entry: string) => EngineChild;

const logToStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/** child_process.fork, running .ts entries under tsx. */
export function forkEngine(entry: string, onLog: (line: string) => void = logToStderr): EngineChild {
  const execArgv = entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  const proc = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderrTail = '';
  const forward = (stream: NodeJS.ReadableStream | null, keepTail: boolean): void => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      if (keepTail) stderrTail = (stderrTail + chunk).slice(-2000);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLog(line);
    });
    stream?.on('end', () => partial && onLog(partial));
  };
  forward(proc.stdout, false);
  forward(proc.stderr, true);
  return {
    get pid() {
      return proc.pid;
    },
    send(msg) {
      if (proc.connected) proc.send(msg, (err) => void err); // a send racing an exit is handled by onExit
    },
    kill() {
      proc.kill('SIGKILL');
    },
    onMessage(listener) {
      proc.on('message', (msg) => listener(msg as EngineToHost));
    },
    onExit(listener) {
      let done = false;
      const once = (code: number | null, signal: string | null, detail?: string): void => {
        if (done) return;
        done = true;
        const tail = stderrTail.trim();
        listener({ code, signal, ...(detail || tail ? { detail: detail ?? tail } : {}) });
      };
      proc.on('exit', (code, signal) => once(code, signal));
      proc.on('error', (err) => once(null, null, err.message));
    },
  };
}

/** The part of Electron's UtilityProcess the host needs, typed here so this file needs no electron. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * Wraps `utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Abstractor model engine' })`
 * for EngineHost's `spawn` option.
 */
export function adaptUtilityProcess(
  child: UtilityProcessLike,
  onLog: (line: string) => void = logToStderr,
): EngineChild {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => chunk.split('\n').forEach((line) => line && onLog(line)));
  }
  return {
    get pid() {
      return child.pid;
    },
    send: (msg) => child.postMessage(msg),
    kill() {
      // SIGKILL, not kill()'s SIGTERM: the point is to stop a process stuck in native code.
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
          return;
        } catch {
          // already gone
        }
      }
      child.kill();
    },
    onMessage: (listener) => void child.on('message', (msg) => listener(msg as EngineToHost)),
    onExit: (listener) => void child.on('exit', (code) => listener({ code, signal: null })),
  };
}
