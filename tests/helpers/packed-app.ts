// Packs a built app the way the installers do (scripts/packaging/electron-builder.config.ts),
// with the config's own globs: out/ and package.json, plus the production node_modules less the
// config's exclusions, into resources/app.asar with @electron/asar; the files ASAR_UNPACK names
// go to app.asar.unpacked; resources/ and the SQLite binding beside them. Then lays the asar out
// as Electron shows it to the app (asarView): packed files extracted, unpacked ones symlinked to
// their real files in app.asar.unpacked. Code run from the view under plain Node therefore loads
// every native binary, and everything tesseract's worker requires, from the unpacked folder,
// and finds nothing the pack left out (the view sits under the OS temp dir, away from the
// repository's node_modules).
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createPackageFromStreams, getRawHeader, type AsarStreamType } from '@electron/asar';
import { ASAR_UNPACK, nodeModuleExcludes } from '../../scripts/packaging/electron-builder.config';
import { dependencyClosure } from '../../scripts/packaging/production-deps';
import { PACKAGED_NATIVE_DIR, SQLITE_BINDING_FILE } from '../../electron/main/services/runtime-assets';

/** electron-builder's ${os} for this machine. */
const BUILDER_OS: Record<string, string> = { linux: 'linux', darwin: 'mac', win32: 'win' };

/** A config glob with electron-builder's macros filled in for this machine. */
export function expandMacros(glob: string): string {
  const os = BUILDER_OS[process.platform] ?? process.platform;
  return glob.replaceAll('${os}', os).replaceAll('${arch}', process.arch);
}

const toPosix = (p: string) => p.split(path.sep).join('/');
const matchesAny = (rel: string, globs: readonly string[]) => globs.some((glob) => path.matchesGlob(rel, glob));

/** Files under dir (following symlinked files); nested node_modules are packages of their own. */
function listFiles(dir: string, skipNodeModules: boolean): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(skipNodeModules && entry.name === 'node_modules')) files.push(...listFiles(full, skipNodeModules));
    } else if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(full).isFile())) files.push(full);
  }
  return files;
}

export interface PackedApp {
  /** What process.resourcesPath is in the installed app. */
  readonly resources: string;
  readonly asar: string;
  readonly unpackedDir: string;
  /** Archive-relative paths (posix) and whether each was unpacked. */
  readonly entries: ReadonlyArray<{ readonly path: string; readonly unpacked: boolean }>;
}

export interface PackOptions {
  /** The project root: package.json, resources/ and node_modules. */
  readonly root: string;
  /** electron-vite's output (main/, preload/, renderer/). */
  readonly outDir: string;
  /** Where resources/ is made. */
  readonly stage: string;
  /** The SQLite binding for the runtime that will load it (packaging stages Electron's). */
  readonly sqliteBinding: string;
}

export async function packApp({ root, outDir, stage, sqliteBinding }: PackOptions): Promise<PackedApp> {
  const excludes = nodeModuleExcludes('standard').map((glob) => expandMacros(glob.replace(/^!/, '')));
  const unpack = ASAR_UNPACK.map(expandMacros);
  const sources: Array<{ rel: string; abs: string }> = [
    ...listFiles(outDir, false).map((abs) => ({ rel: `out/${toPosix(path.relative(outDir, abs))}`, abs })),
    { rel: 'package.json', abs: path.join(root, 'package.json') },
  ];
  for (const dir of dependencyClosure(root, root)) {
    for (const abs of listFiles(dir, true)) {
      const rel = toPosix(path.relative(root, abs));
      if (!matchesAny(rel, excludes)) sources.push({ rel, abs });
    }
  }
  const entries = sources.map(({ rel }) => ({ path: rel, unpacked: matchesAny(rel, unpack) }));
  const streams: AsarStreamType[] = sources.map(({ rel, abs }, i) => ({
    type: 'file',
    path: rel,
    unpacked: entries[i]!.unpacked,
    stat: fs.statSync(abs),
    streamGenerator: () => fs.createReadStream(abs),
  }));

  const resources = path.join(stage, 'resources');
  const asar = path.join(resources, 'app.asar');
  fs.mkdirSync(resources, { recursive: true });
  const out = await createPackageFromStreams(asar, streams);
  if (!out.writableFinished) await once(out, 'finish');
  // extraResources: the repository's resources/, and native/ with the binding.
  fs.cpSync(path.join(root, 'resources'), path.join(resources, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(resources, PACKAGED_NATIVE_DIR));
  fs.copyFileSync(sqliteBinding, path.join(resources, PACKAGED_NATIVE_DIR, SQLITE_BINDING_FILE));
  return { resources, asar, unpackedDir: `${asar}.unpacked`, entries };
}

interface HeaderNode {
  readonly files?: Record<string, HeaderNode>;
  readonly offset?: string;
  readonly size?: number;
  readonly unpacked?: boolean;
}

/** The archive as Electron presents it, at `viewDir`: packed files written out, unpacked ones symlinked. */
export function asarView(packed: PackedApp, viewDir: string): void {
  const { header, headerSize } = getRawHeader(packed.asar);
  const data = fs.readFileSync(packed.asar);
  const base = 8 + headerSize;
  const walk = (node: HeaderNode, rel: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const childRel = path.join(rel, name);
      const target = path.join(viewDir, childRel);
      if (child.files) {
        fs.mkdirSync(target, { recursive: true });
        walk(child, childRel);
      } else if (child.unpacked) {
        fs.symlinkSync(path.join(packed.unpackedDir, childRel), target);
      } else {
        const start = base + Number(child.offset);
        fs.writeFileSync(target, data.subarray(start, start + (child.size ?? 0)));
      }
    }
  };
  fs.mkdirSync(viewDir, { recursive: true });
  walk(header as HeaderNode, '');
}
