// `cli models ...`: list, add, choose, remove and download models, over the same library as
// the app. With --json the one result goes to stdout; progress always goes to stderr.
import type { AdapterTarget, DownloadProgress, ModelRecord } from '../../../shared/models';
import { SUMMARY_PROFILES, summaryProfileSchema } from '../../../shared/summaries';
import { detectHardware } from '../services/models/hardware';
import { UsageError, type CommandContext } from './commands';
import { bar, table } from './output';

const SUBCOMMANDS = ['list', 'add', 'use', 'remove', 'catalog', 'download', 'estimate', 'hardware', 'adapters'] as const;
const ADAPTER_SUBCOMMANDS = ['list', 'add', 'remove', 'use'] as const;

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

function parseModelId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id <= 0) throw new UsageError('expected a model id (a positive number; see: models list)');
  return id;
}

function describe(m: ModelRecord): string {
  const p = m.parameters;
  const params = p === null ? 'params unknown' : p >= 1e9 ? `${(p / 1e9).toFixed(1)}B params` : `${(p / 1e6).toFixed(1)}M params`;
  return `#${m.id} ${m.name} (${m.architecture}, ${params}, ${m.quantization ?? '?'}, ${formatBytes(m.bytes)}, ${m.storage})`;
}

export async function modelsCommand(context: CommandContext): Promise<number> {
  const { services, out, args, reference } = context;
  const [sub, ...rest] = args;
  const library = services.models;
  switch (sub as (typeof SUBCOMMANDS)[number] | undefined) {
    case 'list': {
      const items = await library.list();
      out.result({ items, activeId: library.store.getActiveId() }, () =>
        items.length === 0
          ? 'No models yet. Add one with: cli models add <file.gguf>, or see: cli models catalog'
          : table([
              ['', 'ID', 'NAME', 'ARCH', 'QUANT', 'SIZE', 'CONTEXT', 'STORAGE', 'SHA-256', 'PATH'],
              ...items.map((m) => [
                m.active ? '*' : '',
                m.id,
                m.name,
                m.architecture,
                m.quantization ?? '?',
                formatBytes(m.bytes),
                m.contextLength ?? '?',
                m.missing ? `${m.storage} (missing)` : m.storage,
                m.sha256,
                m.path,
              ]),
            ]),
      );
      return 0;
    }
    case 'add': {
      const file = rest[0];
      if (!file) throw new UsageError('models add needs a .gguf file');
      out.info(`Checking and ${reference ? 'hashing' : 'copying'} ${file}...`);
      const result = await library.addFromFile(file, { mode: reference ? 'reference' : 'copy' });
      out.result(result, () => `${result.duplicate ? 'Already installed' : 'Added'}: ${describe(result.model)}${result.model.active ? ' [active]' : ''}`);
      return 0;
    }
    case 'use': {
      const model = await library.setActive(parseModelId(rest[0]));
      out.result({ model }, () => `Active model: ${describe(model)}`);
      return 0;
    }
    case 'remove': {
      const id = parseModelId(rest[0]);
      const result = await library.remove(id);
      out.result({ id, ...result }, () => `Removed model ${id}${result.deletedFile ? ' and its file' : ' (its file was left in place)'}.`);
      return 0;
    }
    case 'catalog': {
      const items = await library.catalogItems();
      out.result({ items }, () =>
        table([
          ['ID', 'SIZE', 'RAM', 'DOMAIN', 'LICENSE', 'SOURCE', ''],
          ...items.map((e) => [
            e.id,
            formatBytes(e.bytes ?? e.approxBytes),
            formatBytes(e.ramBytes),
            e.domain,
            e.license,
            e.pinned ? 'pinned' : e.recordedSha256 ? `unpinned, first download ${e.recordedSha256.slice(0, 12)}` : 'unpinned (download by URL)',
            [e.installedModelId ? `installed #${e.installedModelId}` : '', e.recommended ? 'recommended here' : ''].filter(Boolean).join(', '),
          ]),
        ]),
      );
      return 0;
    }
    case 'download': {
      const target = rest[0];
      if (!target) throw new UsageError('models download needs a catalog id (see: models catalog) or an https URL of a .gguf');
      // At a shell, typing the URL is the user's own choice; the app and the bridge ask first.
      const source = /^[a-z][a-z0-9+.-]*:/i.test(target) ? { url: target } : { catalogId: target };
      const controller = new AbortController();
      // Ctrl-C stops the transfer and keeps the partial file: the same command resumes it.
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let lastState = '';
      const onProgress = (p: DownloadProgress) => {
        if (p.state !== lastState && p.state !== 'downloading') out.info(`${p.key}: ${p.state}${p.error ? ` (${p.error.message})` : ''}`);
        lastState = p.state;
        if (p.state === 'downloading') {
          out.progress(`${bar(p.downloadedBytes, p.totalBytes)} ${formatBytes(p.downloadedBytes)} / ${formatBytes(p.totalBytes)}  ${p.key}`);
        }
      };
      try {
        const result = await library.downloads.download(source, { signal: controller.signal, onProgress });
        out.endProgress();
        out.result(result, () => `${result.duplicate ? 'Already installed' : 'Downloaded'}: ${describe(result.model)}`);
        return 0;
      } finally {
        out.endProgress();
        process.off('SIGINT', onSigint);
      }
    }
    case 'estimate': {
      const estimate = await library.memoryEstimate(parseModelId(rest[0]));
      out.result(estimate, () =>
        `Needs about ${formatBytes(estimate.estimatedRamBytes)} of RAM at a ${estimate.contextSize}-token context ` +
        `(weights ${formatBytes(estimate.modelBytes)}); ${formatBytes(estimate.freeRamBytes)} free of ${formatBytes(estimate.totalRamBytes)}: ` +
        (estimate.fits ? 'it fits.' : 'it does not fit; close other programs or choose a smaller model.'),
      );
      return 0;
    }
    case 'hardware': {
      const hw = await detectHardware({ inUse: services.engine.modelInfo?.gpu ?? null });
      out.result(hw, () =>
        [
          `${hw.cpuModel} (${hw.logicalCores} logical cores, ${hw.platform}/${hw.arch})`,
          `RAM: ${formatBytes(hw.freeRamBytes)} free of ${formatBytes(hw.totalRamBytes)}`,
          `GPU backends to try: ${hw.gpu.candidates.join(', ') || 'none'}. ${hw.gpu.note}`,
          `Recommended quantization: ${hw.recommendedQuantization}. ${hw.recommendationReason}`,
        ].join('\n'),
      );
      return 0;
    }
    case 'adapters':
      return adaptersCommand(context, rest);
    default:
      throw new UsageError(`models needs one of: ${SUBCOMMANDS.join(', ')}`);
  }
}

/** `models adapters list | add <file> --name N | remove <name> | use <name|none> --template T | --profile P`. */
async function adaptersCommand({ services, out, name, template, profile }: CommandContext, args: readonly string[]): Promise<number> {
  const adapters = services.models.adapters;
  const [sub, arg] = args;
  switch (sub as (typeof ADAPTER_SUBCOMMANDS)[number] | undefined) {
    case 'list': {
      const items = await adapters.list();
      out.result({ items }, () =>
        items.length === 0
          ? 'No adapters yet. Add one with: cli models adapters add <file.gguf> --name NAME'
          : table([['NAME', 'ARCH', 'SIZE', 'PATH'], ...items.map((a) => [a.name, a.architecture, formatBytes(a.bytes), a.path])]),
      );
      return 0;
    }
    case 'add': {
      if (!arg || !name) throw new UsageError('models adapters add needs a .gguf file and --name NAME');
      const added = await adapters.add(arg, name);
      out.result(added, () => `Added adapter "${added.name}" (${added.architecture}, ${formatBytes(added.bytes)}).`);
      return 0;
    }
    case 'remove': {
      if (!arg) throw new UsageError('models adapters remove needs an adapter name');
      const result = await adapters.remove(arg);
      out.result(result, () => (result.removed ? `Removed adapter "${arg}".` : `There was no adapter "${arg}".`));
      return result.removed ? 0 : 1;
    }
    case 'use': {
      if (!arg || (template === undefined) === (profile === undefined)) {
        throw new UsageError('models adapters use needs a name (or none) and one of --template T or --profile P');
      }
      if (template !== undefined) services.extraction.templates.get(template); // not_found for an unknown template
      const parsedProfile = summaryProfileSchema.safeParse(profile);
      if (profile !== undefined && !parsedProfile.success) throw new UsageError(`--profile is one of: ${SUMMARY_PROFILES.join(', ')}`);
      const use: AdapterTarget = template !== undefined ? { template } : { profile: parsedProfile.data! };
      await adapters.choose(use, arg === 'none' ? null : arg);
      const what = template !== undefined ? `template "${template}"` : `profile "${profile}"`;
      out.result({ ...use, adapter: arg === 'none' ? null : arg }, () =>
        arg === 'none' ? `Runs for ${what} use no adapter.` : `Runs for ${what} use adapter "${arg}".`,
      );
      return 0;
    }
    default:
      throw new UsageError(`models adapters needs one of: ${ADAPTER_SUBCOMMANDS.join(', ')}`);
  }
}
