// Where `npm run server:build` puts llama-server: a cache folder outside the repo, keyed by the
// llama.cpp commit that node-llama-cpp ships, so a clean clone (or CI) reuses an earlier build and
// a node-llama-cpp upgrade builds afresh. Tests and the bench find the binary through here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function llamaBundlePath(): string {
  // The package exports no package.json; its entry is dist/index.js under the package root.
  const root = path.resolve(path.dirname(require.resolve('node-llama-cpp')), '..');
  return path.join(root, 'llama', 'gitRelease.bundle');
}

/** The commit the bundle's HEAD points at; the cache key. */
export function llamaBundleCommit(bundle = llamaBundlePath()): string {
  const heads = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' });
  const commit = /^([0-9a-f]{40})\s+HEAD$/m.exec(heads)?.[1] ?? /^([0-9a-f]{40})\s/m.exec(heads)?.[1];
  if (!commit) throw new Error(`no HEAD in ${bundle}`);
  return commit;
}

export function llamaServerCacheRoot(): string {
  return process.env.ABSTRACTOR_LLAMA_SERVER_CACHE ?? path.join(os.homedir(), '.cache', 'abstractor', 'llama-server');
}

export interface LlamaServerLocation {
  dir: string;
  source: string;
  build: string;
  binary: string;
  stamp: string;
}

export function llamaServerLocation(commit = llamaBundleCommit()): LlamaServerLocation {
  const dir = path.join(llamaServerCacheRoot(), commit.slice(0, 12));
  const build = path.join(dir, 'build');
  return { dir, source: path.join(dir, 'src'), build, binary: path.join(build, 'bin', 'llama-server'), stamp: path.join(dir, 'built.json') };
}

/** The built binary, or why there is none (tests skip with that reason). */
export function findLlamaServer(): { binary: string } | { missing: string } {
  if (process.env.ABSTRACTOR_LLAMA_SERVER) {
    const bin = process.env.ABSTRACTOR_LLAMA_SERVER;
    return fs.existsSync(bin) ? { binary: bin } : { missing: `ABSTRACTOR_LLAMA_SERVER=${bin} does not exist` };
  }
  let loc: LlamaServerLocation;
  try {
    loc = llamaServerLocation();
  } catch (err) {
    return { missing: `cannot read node-llama-cpp's llama.cpp bundle: ${(err as Error).message}` };
  }
  if (!fs.existsSync(loc.stamp) || !fs.existsSync(loc.binary)) {
    return { missing: `llama-server is not built (run \`npm run server:build\`; expected ${loc.binary})` };
  }
  return { binary: loc.binary };
}
