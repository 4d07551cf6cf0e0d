// The packaged app's gating, with app.isPackaged simulated: no DevTools, no developer bridge,
// ELECTRON_RENDERER_URL ignored and the CSP header sent; development keeps all of them.
import { describe, expect, it } from 'vitest';
import { launchMode } from '../../electron/main/app/launch-mode';

const DEV_SERVER = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };

describe('a packaged app', () => {
  const mode = launchMode({ isPackaged: true, devBridgeFlag: true, env: DEV_SERVER });

  it('ignores ELECTRON_RENDERER_URL: it loads its own page from disk', () => {
    expect(mode.devServerUrl).toBeUndefined();
  });

  it('has no DevTools, no --dev-bridge and no development response checks', () => {
    expect(mode.devTools).toBe(false);
    expect(mode.devBridge).toBe(false);
    expect(mode.checkResponses).toBe(false);
  });

  it('sends the CSP header from main', () => {
    expect(mode.cspHeader).toBe(true);
  });
});

describe('development', () => {
  it('loads the dev server, without the CSP header its hot reload would break', () => {
    const mode = launchMode({ isPackaged: false, devBridgeFlag: false, env: DEV_SERVER });
    expect(mode).toEqual({ devServerUrl: DEV_SERVER.ELECTRON_RENDERER_URL, devTools: true, devBridge: false, checkResponses: true, cspHeader: false });
  });

  it('serves the bridge only when asked, and sends the CSP header for the built page', () => {
    const mode = launchMode({ isPackaged: false, devBridgeFlag: true, env: { ELECTRON_RENDERER_URL: '' } });
    expect(mode.devBridge).toBe(true);
    expect(mode.devServerUrl).toBeUndefined();
    expect(mode.cspHeader).toBe(true);
  });
});
