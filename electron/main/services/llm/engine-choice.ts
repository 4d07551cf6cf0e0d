// Which engine model runs use: the local engine, or the shared inference server when the
// archive's setting turns it on. A run keeps the engine it started on (the scheduler holds it);
// a changed setting applies to runs that start after it. Plain Node.
import type { Db } from '../../db/open';
import type { Engine, LocalEngine } from './engine';
import { getServerSettings } from './server/inference-server-settings';
import { ServerEngine } from './server/server-engine';

export class EngineChoice {
  private server: { key: string; engine: ServerEngine } | undefined;
  private readonly retired: ServerEngine[] = [];

  constructor(
    readonly local: LocalEngine,
    private readonly db: Db,
  ) {}

  /** The engine for a run starting now. */
  current(): Engine {
    const settings = getServerSettings(this.db);
    if (!settings.enabled || settings.url === '') return this.local;
    const key = JSON.stringify(settings);
    if (this.server?.key !== key) {
      if (this.server) this.retired.push(this.server.engine);
      const { type, url, apiKey, model, slots } = settings;
      this.server = { key, engine: new ServerEngine({ type, url, model, slots, ...(apiKey ? { apiKey } : {}) }) };
    }
    return this.server.engine;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.retired, ...(this.server ? [this.server.engine] : [])].map((e) => e.dispose()));
  }
}
