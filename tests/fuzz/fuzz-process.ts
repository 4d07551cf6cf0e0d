// The fuzzers' child process (one per target): started under tsx, sent one input per message,
// killed and restarted after a crash or a hang so that one bad input costs only that answer.
// Tracks how often it started and its peak memory. Children send { type: 'ready' } first and
// answer { type: 'exit' } by exiting.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export type ChildExit = { type: 'exit'; code: number | null; signal: string | null };
export type Hang = { type: 'hang' };

export class FuzzProcess<ToChild extends { type: string }, FromChild extends { type: string }> {
  private child: ChildProcess | null = null;
  private pending: ((msg: FromChild | ChildExit) => void) | null = null;
  starts = 0;
  peakRssBytes = 0;

  constructor(
    private readonly script: string,
    private readonly env: Readonly<Record<string, string>>,
    /** An answer later than this is a hang. */
    private readonly limitMs: number,
  ) {}

  async start(): Promise<void> {
    this.starts += 1;
    const child = fork(this.script, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.resume(); // library warnings; not ours to judge
    this.child = child;
    child.on('message', (msg: FromChild) => this.pending?.(msg));
    child.on('exit', (code, signal) => this.pending?.({ type: 'exit', code, signal }));
    const ready = await this.next(60_000);
    if (ready.type !== 'ready') throw new Error(`the fuzz process did not start: ${JSON.stringify(ready)}`);
  }

  /** Sends one input; resolves with the child's answer, or a hang / crash (the child is then gone). */
  async run(msg: ToChild): Promise<FromChild | ChildExit | Hang> {
    if (!this.child) await this.start();
    this.child!.send(msg);
    const answer = await this.next(this.limitMs);
    this.sampleMemory();
    if (answer.type === 'hang' || answer.type === 'exit' || answer.type === 'crash') await this.kill();
    return answer;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.sampleMemory();
    this.child.send({ type: 'exit' });
    const done = await this.next(30_000);
    if (done.type !== 'exit') await this.kill();
    this.child = null;
  }

  private next(timeoutMs: number): Promise<FromChild | ChildExit | Hang> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = null;
        resolve({ type: 'hang' });
      }, timeoutMs);
      this.pending = (msg) => {
        clearTimeout(timer);
        this.pending = null;
        resolve(msg);
      };
    });
  }

  /** VmHWM: the peak resident set of the process, worker threads included (Linux). */
  private sampleMemory(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peakRssBytes = Math.max(this.peakRssBytes, kb * 1024);
    } catch {
      // not Linux, or the process is gone
    }
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.pending = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
