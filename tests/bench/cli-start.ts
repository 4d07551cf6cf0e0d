// npm run bench:cli — how fast `abstractor list` starts on an empty archive: the built bin
// (out/main/cli.js under plain Node; the script builds first) against Node itself starting an
// empty script, and against the CLI from source (`npm run cli`: tsx), timed in the same run,
// alternately, median of BENCH_ROUNDS (default 8). Plaintext and encrypted archives apart: the
// encrypted one adds the passphrase's scrypt, a deliberate cost. Wall time and the process's
// own CPU time (the machine is shared: CPU time is the steadier figure). One JSON line last.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_CLI } from '../helpers/run-cli';
import { PROJECT_ROOT } from '../helpers/temp-archive';
import { makeTempDir } from '../helpers/temp-dir';

const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 8));
const PASSPHRASE = 'bench passphrase';
const temp = makeTempDir('abstractor-bench-cli-');
const cpuFile = path.join(temp.dir, 'cpu.json');
// Preloaded into each timed process: at exit it writes the CPU time the process used.
const cpuHook = path.join(temp.dir, 'cpu-hook.cjs');
fs.writeFileSync(cpuHook, `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, JSON.stringify((u.user + u.system) / 1000)); });\n`);

const plain = path.join(temp.dir, 'plain');
const encrypted = path.join(temp.dir, 'encrypted');
const node = process.execPath;
const variants: Record<string, { command: string[]; npm?: boolean }> = {
  node_empty: { command: [node, '-e', '0'] },
  built_plain: { command: [node, BUILT_CLI, 'list', '--archive', plain] },
  built_encrypted: { command: [node, BUILT_CLI, 'list', '--archive', encrypted] },
  tsx_plain: { command: [node, '--import', 'tsx', 'electron/main/cli/index.ts', 'list', '--archive', plain] },
  npm_run_cli_plain: { command: ['npm', 'run', '--silent', 'cli', '--', 'list', '--archive', plain], npm: true },
};

function once(command: readonly string[], npm = false): { wallMs: number; cpuMs: number | null } {
  fs.rmSync(cpuFile, { force: true });
  // Through npm the hook would also time npm itself: its CPU is not reported.
  const env = { ...process.env, ABSTRACTOR_ARCHIVE: '', ABSTRACTOR_PASSPHRASE: PASSPHRASE, ...(npm ? {} : { NODE_OPTIONS: `--require ${cpuHook}` }) };
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr.toString()}`);
  return { wallMs, cpuMs: !npm && fs.existsSync(cpuFile) ? Number(fs.readFileSync(cpuFile, 'utf8')) : null };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

try {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
  // Make both archives (the encrypted one with its key store), then warm the caches.
  once([node, BUILT_CLI, 'list', '--archive', plain, '--no-encryption']);
  once([node, BUILT_CLI, 'list', '--archive', encrypted]);
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [] as number[], cpu: [] as number[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { command, npm }] of Object.entries(variants)) {
      const { wallMs, cpuMs } = once(command, npm);
      samples[name]!.wall.push(wallMs);
      if (cpuMs !== null) samples[name]!.cpu.push(cpuMs);
    }
  }
  const figures: Record<string, number | null> = {};
  for (const [name, { wall, cpu }] of Object.entries(samples)) {
    figures[`${name}_ms`] = Math.round(median(wall));
    figures[`${name}_cpu_ms`] = cpu.length ? Math.round(median(cpu)) : null;
    console.error(`${name.padEnd(20)} wall ${median(wall).toFixed(0).padStart(5)} ms   cpu ${cpu.length ? median(cpu).toFixed(0) : '-'} ms`);
  }
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? Number((a / b).toFixed(2)) : null);
  const summary = {
    rounds: ROUNDS,
    ...figures,
    // The built CLI's start over Node's own (1 would be no cost of ours at all).
    built_vs_node: ratio(figures['built_plain_ms'], figures['node_empty_ms']),
    built_vs_node_cpu: ratio(figures['built_plain_cpu_ms'], figures['node_empty_cpu_ms']),
    tsx_vs_built: ratio(figures['tsx_plain_ms'], figures['built_plain_ms']),
    npm_run_cli_vs_built: ratio(figures['npm_run_cli_plain_ms'], figures['built_plain_ms']),
    encrypted_vs_plain: ratio(figures['built_encrypted_ms'], figures['built_plain_ms']),
    loadavg_1m: Number(os.loadavg()[0]!.toFixed(2)),
    cpus: os.availableParallelism(),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  temp.cleanup();
}
