// What a run of the app may do, decided once from whether it is packaged: developer affordances
// (DevTools, the loopback bridge, a dev server page, response checks) exist only in development.
// Pure, no electron import, so the decision is unit-tested with `isPackaged` either way.

export interface LaunchInputs {
  /** Electron's app.isPackaged. */
  readonly isPackaged: boolean;
  /** The `--dev-bridge` command-line flag. */
  readonly devBridgeFlag: boolean;
  /** The environment; only ELECTRON_RENDERER_URL (electron-vite's dev server) is read. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface LaunchMode {
  /** The dev server the window loads and the session allows; never in a packaged app. */
  readonly devServerUrl: string | undefined;
  /** Reload and Toggle DevTools in the View menu, and DevTools in the window at all. */
  readonly devTools: boolean;
  /** Serve the handlers to a browser on loopback (`--dev-bridge`). */
  readonly devBridge: boolean;
  /** Validate every response against the contract (a development check). */
  readonly checkResponses: boolean;
  /** Send the page's CSP as a response header too; not for the dev server (its hot reload runs inline scripts). */
  readonly cspHeader: boolean;
}

export function launchMode({ isPackaged, devBridgeFlag, env }: LaunchInputs): LaunchMode {
  const dev = !isPackaged;
  const devServerUrl = dev ? env['ELECTRON_RENDERER_URL'] || undefined : undefined;
  return {
    devServerUrl,
    devTools: dev,
    devBridge: dev && devBridgeFlag,
    checkResponses: dev,
    cspHeader: devServerUrl === undefined,
  };
}
