// Starts the services and the loopback bridge over one archive: `npm run serve`, the
// browser e2e tests and the app's developer flag all use this.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../api/dispatcher';
import { createHandlers } from '../api/handlers';
import { openServices, type ServiceOptions, type Services } from '../services/compose';
import { startBridge, type Bridge } from './bridge-server';

export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export interface Backend {
  readonly services: Services;
  readonly bridge: Bridge;
  close(): Promise<void>;
}

export async function startBackend(
  options: ServiceOptions & { version: string; staticDir?: string; port?: number; allowedOrigins?: string[] },
): Promise<Backend> {
  const services = await openServices(options);
  const dispatch = createDispatcher(createHandlers(services, { version: options.version, transport: 'bridge' }), {
    checkResponses: true,
    onInternalError: (name, err) => console.error(`[bridge] ${name} failed:`, err),
  });
  const bridge = await startBridge({
    dispatch,
    events: services.events,
    staticDir: options.staticDir ? path.resolve(options.staticDir) : undefined,
    port: options.port,
    allowedOrigins: options.allowedOrigins,
  });
  return {
    services,
    bridge,
    async close() {
      await bridge.close();
      await services.dispose();
    },
  };
}
