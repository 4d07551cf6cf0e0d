// Domain adapters: LoRA GGUF files kept in the archive's models/adapters/ folder under a short
// name, and which one each extraction template or summary profile runs with. A template may
// name its adapter itself; a choice stored here (the settings table) overrides it. Names are
// slugs, never paths: a template file or a request can only pick among the copied adapters.
// Plain Node: must not import electron.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import { adapterNameSchema, type AdapterChoice, type AdapterTarget } from '../../../../shared/models';
import { inspectAdapterFile } from '../llm/adapter-info';
import { readAdapterHeaderInWorker } from '../llm/gguf-info';
import type { AdapterOption } from '../llm/engine-protocol';
import { asAppError } from './model-errors';
import type { ModelStore } from './model-store';

const SUFFIX = '.gguf';
const TEMP_PREFIX = '.incoming-';

/** What an adapter is chosen for (an extraction template or a summary profile), with the template's own adapter. */
export type AdapterUse = AdapterTarget & { readonly templateAdapter?: string | undefined };

export interface AdapterRecord {
  readonly name: string;
  readonly architecture: string;
  readonly bytes: number;
  readonly path: string;
}

/** For a run's stored settings: the adapters it ran with, by name (nothing when none). */
export function adapterNames(adapters: readonly AdapterOption[]): { adapters?: string[] } {
  return adapters.length > 0 ? { adapters: adapters.map((a) => path.basename(a.path, SUFFIX)) } : {};
}

const settingKey = (use: AdapterUse): string => ('template' in use ? `adapter.template.${use.template}` : `adapter.profile.${use.profile}`);

const isName = (name: string): boolean => adapterNameSchema.safeParse(name).success;

function checkName(name: string): void {
  if (!isName(name)) {
    throw new AppError('invalid_request', `An adapter name is a short lower-case name like "contracts-v1", got ${JSON.stringify(name)}.`);
  }
}

export class AdapterLibrary {
  private readonly dir: string;

  constructor(
    modelsDir: string,
    private readonly settings: Pick<ModelStore, 'getSetting' | 'setSetting' | 'deleteSetting'>,
  ) {
    this.dir = path.join(modelsDir, 'adapters');
  }

  /** Vets the file as a LoRA adapter and copies it in as `name` (replacing one of that name). */
  async add(file: string, name: string): Promise<AdapterRecord> {
    checkName(name);
    const info = await inspectAdapterFile(file, readAdapterHeaderInWorker).catch((err: unknown) => {
      throw asAppError(err);
    });
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      await fs.copyFile(file, temp);
      await fs.rename(temp, this.pathOf(name));
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw asAppError(err);
    }
    const { size } = await fs.stat(this.pathOf(name));
    return { name, architecture: info.architecture, bytes: size, path: this.pathOf(name) };
  }

  async list(): Promise<AdapterRecord[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(SUFFIX) && isName(n.slice(0, -SUFFIX.length)));
    } catch {
      return [];
    }
    const out: AdapterRecord[] = [];
    for (const file of names.sort()) {
      const name = file.slice(0, -SUFFIX.length);
      const info = await inspectAdapterFile(this.pathOf(name), readAdapterHeaderInWorker).catch(() => null);
      if (!info) continue; // damaged since it was added: not offered
      out.push({ name, architecture: info.architecture, bytes: (await fs.stat(this.pathOf(name))).size, path: this.pathOf(name) });
    }
    return out;
  }

  async remove(name: string): Promise<{ removed: boolean }> {
    checkName(name);
    try {
      await fs.rm(this.pathOf(name));
      return { removed: true };
    } catch {
      return { removed: false };
    }
  }

  /** Runs for `use` get adapter `name` (null: none, and a template's own adapter is ignored too). */
  async choose(use: AdapterUse, name: string | null): Promise<void> {
    if (name === null) {
      this.settings.setSetting(settingKey(use), '');
      return;
    }
    checkName(name);
    await this.existing(name);
    this.settings.setSetting(settingKey(use), name);
  }

  /** Forgets a stored choice: a template's own adapter applies again. */
  forget(use: AdapterUse): void {
    this.settings.deleteSetting(settingKey(use));
  }

  /** The adapter name in force for `use`: a stored choice, else the template's own, else none. */
  chosen(use: AdapterUse): string | null {
    return this.choice(use).adapter;
  }

  /** The adapter in force for `use` and where it comes from. */
  choice(use: AdapterUse): AdapterChoice {
    const target: AdapterTarget = 'template' in use ? { template: use.template } : { profile: use.profile };
    const stored = this.settings.getSetting(settingKey(use));
    if (stored !== null) return { target, adapter: stored === '' ? null : stored, source: 'chosen' };
    const own = 'template' in use ? (use.templateAdapter ?? null) : null;
    return { target, adapter: own, source: own === null ? 'none' : 'template' };
  }

  /** The engine's adapter options for a run; not_found when the chosen adapter is gone. */
  async adaptersFor(use: AdapterUse): Promise<AdapterOption[]> {
    const name = this.chosen(use);
    if (name === null) return [];
    return [{ path: await this.existing(name) }];
  }

  private pathOf(name: string): string {
    return path.join(this.dir, `${name}${SUFFIX}`);
  }

  private async existing(name: string): Promise<string> {
    const file = this.pathOf(name);
    try {
      await fs.access(file);
    } catch {
      throw new AppError('not_found', `There is no adapter "${name}". Add it with: models adapters add <file.gguf> --name ${name}`);
    }
    return file;
  }
}
