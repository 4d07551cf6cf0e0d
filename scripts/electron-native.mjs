// Before `npm start`: fetch better-sqlite3-multiple-ciphers' prebuilt binary for Electron's ABI into
// .cache/electron-native/, beside the Node build that `npm install` made for the tests
// and the CLI. The app passes it to better-sqlite3 as `nativeBinding`. node-llama-cpp
// uses Node-API binaries, which load in both runtimes unchanged.
// Packaging (scripts/packaging) runs it per target: `--platform darwin --arch arm64 --out DIR`;
// the installer ships DIR as resources/native/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = path.dirname(new URL(import.meta.url).pathname);
const { values: args } = parseArgs({ options: { platform: { type: 'string' }, arch: { type: 'string' }, out: { type: 'string' } } });
const forPackaging = args.out !== undefined;
const platform = args.platform ?? process.platform;
const arch = args.arch ?? process.arch;
const outDir = path.resolve(args.out ?? path.join(root, '..', '.cache', 'electron-native'));
const target = path.join(outDir, 'better_sqlite3.node');

let electronVersion;
try {
  electronVersion = require('electron/package.json').version;
  if (!forPackaging) require('electron'); // throws when the binary was not downloaded (packaging needs only the version)
} catch {
  console.error('Electron is not installed with its binary. Run `npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD.');
  process.exit(1);
}
const sqliteDir = path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const stamp = path.join(outDir, 'version.json');
const wanted = JSON.stringify({ electron: electronVersion, sqlite: require('better-sqlite3-multiple-ciphers/package.json').version, platform, arch });
if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) process.exit(0);

console.log(`Preparing better-sqlite3-multiple-ciphers for Electron ${electronVersion}…`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-native-'));
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const prebuild = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
try {
  execFileSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--platform', platform, '--arch', arch], {
    cwd: work,
    stdio: 'inherit',
  });
} catch {
  if (platform !== process.platform) {
    fs.rmSync(work, { recursive: true, force: true });
    console.error(`No prebuilt binary for ${platform}-${arch}, and a source build only makes this platform's: build on ${platform}.`);
    process.exit(1);
  }
  console.log('No prebuilt binary; building from source for Electron…');
  // node-gyp run directly, without npm's `nodedir` (this machine's ~/.npmrc points it at /usr):
  // with it node-gyp compiles against Node's own headers, whatever --target says.
  const { npm_config_nodedir: _nodedir, ...env } = process.env;
  const nodeGyp = fs.existsSync(path.join(root, '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
    ? [process.execPath, [path.join(root, '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')]]
    : ['npx', ['--yes', 'node-gyp']];
  try {
    execFileSync(nodeGyp[0], [...nodeGyp[1], 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${arch}`], {
      cwd: work,
      stdio: 'inherit',
      env,
    });
  } catch {
    fs.rmSync(work, { recursive: true, force: true });
    console.error(`No SQLite binding for Electron ${electronVersion} (${platform}-${arch}): neither the prebuilt binary nor Electron's headers could be fetched.`);
    process.exit(1);
  }
  assertNotNodeAbi(path.join(work, 'build', 'Release', 'better_sqlite3.node'));
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, wanted);
fs.rmSync(work, { recursive: true, force: true });
console.log(`SQLite binding for Electron ready at ${path.relative(process.cwd(), target)}`);

/** A binary this Node loads was built for Node's ABI, not Electron's: refuse to pass it off as Electron's. */
function assertNotNodeAbi(file) {
  try {
    process.dlopen({ exports: {} }, file);
  } catch {
    return; // refused by Node (another NODE_MODULE_VERSION): as expected for Electron's ABI
  }
  console.error(`${file} was built for Node ${process.version}, not Electron ${electronVersion}: check node-gyp's nodedir.`);
  process.exit(1);
}
