// `npm run server:build`: build llama.cpp's llama-server from the source node-llama-cpp ships
// (llama/gitRelease.bundle), CPU only, into a cache folder outside the repo. Reuses a finished
// build for the same commit. Runs niced with two jobs: the machine's cores are shared.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { llamaBundleCommit, llamaBundlePath, llamaServerLocation } from './llama-server-location';

const bundle = llamaBundlePath();
const commit = llamaBundleCommit(bundle);
const loc = llamaServerLocation(commit);
const jobs = process.env.ABSTRACTOR_BUILD_JOBS ?? '2';

if (fs.existsSync(loc.stamp) && fs.existsSync(loc.binary)) {
  console.log(`llama-server already built for ${commit.slice(0, 12)}: ${loc.binary}`);
  process.exit(0);
}

function run(cmd: string, args: string[], cwd?: string): void {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd });
}

fs.mkdirSync(loc.dir, { recursive: true });
if (!fs.existsSync(loc.source)) {
  // Clone into a temporary name first so an interrupted clone is never taken for a finished one.
  const partial = `${loc.source}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  run('git', ['clone', '--quiet', bundle, partial]);
  run('git', ['-C', partial, 'checkout', '--quiet', commit]);
  fs.renameSync(partial, loc.source);
}
const niced = (args: string[]): [string, string[]] => ['nice', ['-n', '19', ...args]];
run(
  ...niced([
    'cmake', '-S', loc.source, '-B', loc.build,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DLLAMA_BUILD_SERVER=ON', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF',
    '-DLLAMA_CURL=OFF', '-DGGML_CUDA=OFF', '-DGGML_VULKAN=OFF', '-DGGML_METAL=OFF',
    '-DGGML_NATIVE=ON', '-DBUILD_SHARED_LIBS=OFF',
  ]),
);
run(...niced(['cmake', '--build', loc.build, '--config', 'Release', '--target', 'llama-server', '-j', jobs]));
if (!fs.existsSync(loc.binary)) throw new Error(`build finished but ${loc.binary} is missing`);
fs.writeFileSync(loc.stamp, JSON.stringify({ commit, builtAt: new Date().toISOString() }) + '\n');
console.log(`llama-server built: ${loc.binary}`);
