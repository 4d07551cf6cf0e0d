// Install scripts run code on the developer's and the CI's machine at install time: only the
// dependencies reviewed in package.json's allowScripts may run one. A dependency that brings a
// new install script fails here until someone reviews it (npm install-scripts ls).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

/** Every package of the lockfile that has an install script, by name. */
const withInstallScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([where, info]) => where !== '' && info.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  ),
].sort();

describe('install scripts', () => {
  it('are each reviewed in allowScripts: allowed or denied by name', () => {
    const reviewed = pkg.allowScripts ?? {};
    expect(withInstallScripts.length).toBeGreaterThan(0);
    expect(withInstallScripts.filter((name) => !(name in reviewed))).toEqual([]);
  });

  it('are allowed only where the app needs them: native bindings, the model runtime, the shell and the bundler', () => {
    const allowed = Object.entries(pkg.allowScripts ?? {})
      .filter(([, ok]) => ok)
      .map(([name]) => name)
      .sort();
    expect(allowed).toEqual(['@journeyapps/sqlcipher', 'better-sqlite3-multiple-ciphers', 'electron', 'electron-winstaller', 'esbuild', 'node-llama-cpp']);
    // A reviewed name that no longer has a script is stale: drop it.
    expect(Object.keys(pkg.allowScripts ?? {}).filter((name) => !withInstallScripts.includes(name))).toEqual([]);
  });
});
