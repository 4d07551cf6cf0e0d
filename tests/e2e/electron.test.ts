// The Electron shell end to end, with Playwright's _electron. Runs where the Electron
// binary is installed; elsewhere (CI here installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1)
// it skips and says why.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir';

function electronBinary(): { path: string | null; reason: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && fs.existsSync(binary)) return { path: binary, reason: '' };
    return { path: null, reason: `the Electron binary is not at ${String(binary)}` };
  } catch (err) {
    return { path: null, reason: `the Electron binary is not installed (${(err as Error).message.split('\n')[0]})` };
  }
}

const binary = electronBinary();
const mainEntry = path.resolve(import.meta.dirname, '../../out/main/index.js');
if (!binary.path) console.log(`[e2e] Skipping the Electron test: ${binary.reason}. Install without ELECTRON_SKIP_BINARY_DOWNLOAD to run it.`);

describe.skipIf(!binary.path)('Electron shell', () => {
  it('opens the window with the contract exposed and Node hidden', async () => {
    const temp = makeTempDir();
    const app = await electron.launch({ executablePath: binary.path!, args: [mainEntry, '--archive', temp.dir] });
    try {
      const window = await app.firstWindow();
      await window.waitForLoadState('domcontentloaded');
      const probe = await window.evaluate(async () => {
        const api = (window as unknown as { abstractor: { transport: string; invoke: (n: string, r: unknown) => Promise<unknown> } }).abstractor;
        return {
          transport: api.transport,
          info: await api.invoke('app:info', {}),
          unknown: await api.invoke('nope:nothing', {}),
          hasRequire: typeof (window as unknown as { require?: unknown }).require,
          hasProcess: typeof (window as unknown as { process?: unknown }).process,
        };
      });
      expect(probe.transport).toBe('ipc');
      expect(probe.info).toMatchObject({ ok: true, data: { transport: 'ipc', archiveDir: temp.dir } });
      expect(probe.unknown).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
      expect(probe.hasRequire).toBe('undefined');
      expect(probe.hasProcess).toBe('undefined');
      expect(fs.existsSync(path.join(temp.dir, 'archive.sqlite'))).toBe(true);
    } finally {
      await app.close();
      temp.cleanup();
    }
  });
});
