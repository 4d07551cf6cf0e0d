// Runs the CLI (or another Node entry) as a user does: a real process under tsx, from the
// project root, without the caller's ABSTRACTOR_ARCHIVE; collects stdout, stderr and the code,
// and parses --json output, so CLI tests share one runner. runBuiltCli runs the built
// `abstractor` bin instead, under plain Node. The archives it makes are encrypted
// (the default) with TEST_PASSPHRASE, given as a user without a terminal would: the environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './temp-archive';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The passphrase of the archives CLI tests make; pass ABSTRACTOR_PASSPHRASE: undefined for none. */
export const TEST_PASSPHRASE = 'test archive passphrase';

/** `wrap` runs the process under another command, e.g. ['unshare', '-n'] for no network. */
export function runNode(entry: string, args: readonly string[], env: Record<string, string | undefined> = {}, wrap: readonly string[] = []): Promise<Run> {
  return run([...wrap, process.execPath, '--import', 'tsx', entry, ...args], env, PROJECT_ROOT);
}

/** The `abstractor` bin (package.json) that `npm run build` writes; the e2e project builds first. */
export const BUILT_CLI = path.join(PROJECT_ROOT, 'out', 'main', 'cli.js');

/** The built CLI under plain Node (no tsx), started from `cwd` as an installed command would be. */
export function runBuiltCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  return run([process.execPath, BUILT_CLI, ...args], env, cwd);
}

function run(command: readonly string[], env: Record<string, string | undefined>, cwd: string): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ABSTRACTOR_ARCHIVE: undefined, ABSTRACTOR_PASSPHRASE: TEST_PASSPHRASE, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runCli(args: readonly string[], env?: Record<string, string | undefined>, wrap?: readonly string[]): Promise<Run> {
  return runNode('electron/main/cli/index.ts', args, env, wrap);
}

/** stdout parsed as exactly one JSON document (JSON.parse rejects anything after it). */
export function json<T = Record<string, unknown>>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not one JSON document (${(err as Error).message}):\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
}
