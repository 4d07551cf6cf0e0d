// Starts the services and the loopback bridge over one archive: `npm run serve`, the
// browser e2e tests and the app's developer flag all use this.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, describeInternalError } from '../../../shared/errors';
import { ArchiveHost } from '../api/archive-host';
import { openServices, type ServiceOptions, type Services } from '../services/compose';
import type { ArchiveKeys } from '../services/keys/archive-keys';
import { startBridge, type Bridge } from './bridge-server';

export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export interface Backend {
  /** The open archive's services (they change after a restore). */
  readonly services: Services;
  readonly host: ArchiveHost;
  readonly bridge: Bridge;
  close(): Promise<void>;
}

/**
 * Rejects, with the archive's error code and message, when the archive cannot be opened;
 * with `onOpenError: 'recover'` it serves the UI's recovery screen instead (tests).
 */
export async function startBackend(
  options: ServiceOptions & {
    version: string;
    staticDir?: string;
    port?: number;
    allowedOrigins?: string[];
    onOpenError?: 'throw' | 'recover';
    /** `serve --allow-downloads`: the bridge may start downloads from a typed URL (off by default). */
    allowDownloads?: boolean;
    /** Finds each folder's key (serve: encrypted by default, passphrase from the terminal); else `archiveKey` or none. */
    keys?: ArchiveKeys;
    /** `serve --allow-dir DIR`: calls may name paths under these folders only (default none). */
    allowDirs?: readonly string[];
  },
): Promise<Backend> {
  const { keys, ...serviceOptions } = options;
  const host = await ArchiveHost.start({
    archiveDir: options.archiveDir,
    ...(keys ? { keys } : {}),
    open: async (archiveDir, events, archiveKey) => {
      const services = await openServices({ ...serviceOptions, archiveDir, events, archiveKey: archiveKey ?? serviceOptions.archiveKey });
      services.jobs.start(); // resume what a crash interrupted; run batches and watched folders
      return services;
    },
    version: options.version,
    allowDirs: options.allowDirs ?? [],
    approveDownload: async () => {
      if (!options.allowDownloads) throw new AppError('forbidden', 'Downloads from a URL are off over the bridge: start `npm run serve` with --allow-downloads.');
    },
    nativeBinding: options.sqliteBinding,
    onOpenError: options.onOpenError ?? 'throw',
    dispatcher: {
      checkResponses: true,
      onInternalError: (name, err) => console.error(`[bridge] ${name} failed: ${describeInternalError(err)}`),
    },
  });
  const bridge = await startBridge({
    dispatch: host.dispatch('bridge'),
    events: host.pageEvents,
    staticDir: options.staticDir ? path.resolve(options.staticDir) : undefined,
    port: options.port,
    allowedOrigins: options.allowedOrigins,
  }).catch(async (err: unknown) => {
    await host.dispose();
    throw err;
  });
  return {
    get services() {
      const services = host.services;
      if (!services) throw host.openError ?? new Error('The archive is not open.');
      return services;
    },
    host,
    bridge,
    async close() {
      await bridge.close();
      await host.dispose();
    },
  };
}
