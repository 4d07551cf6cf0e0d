// Before `npm start`: fetch better-sqlite3-multiple-ciphers' prebuilt binary for Electron's ABI into
// .cache/electron-native/, beside the Node build that `npm install` made for the tests
// and the CLI. The app passes it to better-sqlite3 as `nativeBinding`. node-llama-cpp
// uses Node-API binaries, which load in both runtimes unchanged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(new URL(import.meta.url).pathname);
const outDir = path.resolve(root, '..', '.cache', 'electron-native');
const target = path.join(outDir, 'better_sqlite3.node');

let electronVersion;
try {
  electronVersion = require('electron/package.json').version;
  require('electron'); // throws when the binary was not downloaded
} catch {
  console.error('Electron is not installed with its binary. Run `npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD.');
  process.exit(1);
}
const sqliteDir = path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const stamp = path.join(outDir, 'version.json');
const wanted = JSON.stringify({ electron: electronVersion, sqlite: require('better-sqlite3-multiple-ciphers/package.json').version, arch: process.arch });
if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) process.exit(0);

console.log(`Preparing better-sqlite3-multiple-ciphers for Electron ${electronVersion}…`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-native-'));
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const prebuild = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
try {
  execFileSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
    cwd: work,
    stdio: 'inherit',
  });
} catch {
  console.log('No prebuilt binary; building from source for Electron…');
  execFileSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`], {
    cwd: work,
    stdio: 'inherit',
  });
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, wanted);
fs.rmSync(work, { recursive: true, force: true });
console.log(`SQLite binding for Electron ready at ${path.relative(process.cwd(), target)}`);
