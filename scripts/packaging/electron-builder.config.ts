// The installers (electron-builder): `npm run dist` builds this platform's, `npm run dist:cuda`
// the larger CUDA flavour. Linux: AppImage and deb; Windows: NSIS; macOS: dmg for arm64 and x64.
// Layout of a packaged app (see services/runtime-assets.ts, which finds each file):
//   resources/app.asar            out/ and the production node_modules
//   resources/app.asar.unpacked   what must be a real file: native binaries, tesseract.js & co.
//   resources/resources/          the repository's resources/ (templates, playbooks)
//   resources/native/             better-sqlite3 built for Electron's ABI (beforePack)
// ASAR_UNPACK and nodeModuleExcludes are exported for the packed-layout test, which packs with
// the same globs.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import type { AfterPackContext, Configuration } from 'electron-builder';
import { PACKAGED_NATIVE_DIR, UNPACKED_PACKAGES } from '../../electron/main/services/runtime-assets';
import { packageWithDependencies } from './production-deps';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Which llama.cpp prebuilt binaries ship: 'standard' is CPU + Vulkan (Linux, Windows) or Metal (macOS). */
export type LlamaFlavour = 'standard' | 'cuda';

export function flavourFromEnv(env: NodeJS.ProcessEnv = process.env): LlamaFlavour {
  return env['ABSTRACTOR_LLAMA_FLAVOUR'] === 'cuda' ? 'cuda' : 'standard';
}

/**
 * Unpacked from the asar (globs over files, relative to the app). node-llama-cpp's Electron
 * template: its bins, local builds and the @node-llama-cpp/* binary packages. Then
 * @napi-rs/canvas's platform package, tesseract.js with everything its worker requires (the
 * worker starts from the unpacked path, so it resolves modules there), and any other .node.
 */
export const ASAR_UNPACK: readonly string[] = [
  'node_modules/node-llama-cpp/bins/**/*',
  'node_modules/node-llama-cpp/llama/localBuilds/**/*',
  'node_modules/@node-llama-cpp/*/**/*',
  'node_modules/@napi-rs/canvas-*/**/*',
  ...[...new Set(UNPACKED_PACKAGES.flatMap((name) => packageWithDependencies(name, ROOT)))].map((dir) => `${dir}/**/*`),
  '**/*.node',
];

/**
 * node_modules files left out, as exclusions only: electron-builder reads nothing but the
 * negated patterns for node_modules. `${os}`/`${arch}` are electron-builder's macros (linux,
 * win, mac; x64, arm64): each installer carries its own platform's llama.cpp binaries, and
 * the standard flavour no CUDA.
 */
export function nodeModuleExcludes(flavour: LlamaFlavour): string[] {
  return [
    '!node_modules/node-llama-cpp/bins/!(${os}-${arch}*)/**/*',
    '!node_modules/node-llama-cpp/llama/localBuilds/!(${os}-${arch}*)/**/*',
    '!node_modules/@node-llama-cpp/!(${os}-${arch}*)/bins/**/*',
    ...(flavour === 'cuda' ? [] : ['!node_modules/@node-llama-cpp/*-cuda*/bins/**/*', '!node_modules/node-llama-cpp/{bins,llama/localBuilds}/*-cuda*/**/*']),
    // llama.cpp's source bundle (34 MB): for building from source, which the app never does.
    '!node_modules/node-llama-cpp/llama/gitRelease.bundle',
    // The SQLite library's sources and its Node build: the app loads native/better_sqlite3.node.
    '!node_modules/better-sqlite3-multiple-ciphers/{build,deps,src}/**/*',
    '!**/*.map',
  ];
}

/** Production hardening, flipped on the Electron binary at packaging time. */
export const FUSES: FuseV1Config = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Checked on macOS and Windows (electron-builder embeds the asar's hash there); Linux has no check.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
};

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'] as const;
const OS_OF_PLATFORM: Record<string, string> = { linux: 'linux', darwin: 'mac', win32: 'win' };

/** better-sqlite3 for this target's Electron ABI, into .cache/electron-native/<os>-<arch> (extraResources picks it up). */
function stageSqliteBinding(context: AfterPackContext): void {
  const arch = ARCH_NAMES[context.arch];
  const os = OS_OF_PLATFORM[context.electronPlatformName];
  if (!arch || !os) throw new Error(`No SQLite binding staging for ${context.electronPlatformName}/${context.arch}`);
  const out = path.join(ROOT, '.cache', 'electron-native', `${os}-${arch}`);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'electron-native.mjs'), '--platform', context.electronPlatformName, '--arch', arch, '--out', out], { stdio: 'inherit' });
}

/** Fuses flipped with @electron/fuses on the packed binary, before electron-builder signs it. */
async function flipFuses(context: AfterPackContext): Promise<void> {
  await context.packager.addElectronFuses(context, { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
}

export function builderConfig(flavour: LlamaFlavour = flavourFromEnv()): Configuration {
  const suffix = flavour === 'cuda' ? '-cuda' : '';
  return {
    appId: 'org.abstractor.app',
    productName: 'Abstractor',
    executableName: 'abstractor',
    copyright: 'Abstractor contributors',
    directories: { output: `dist${suffix}` },
    files: ['out/**/*', 'package.json', ...nodeModuleExcludes(flavour)],
    asar: { smartUnpack: false },
    asarUnpack: [...ASAR_UNPACK],
    extraResources: [
      { from: 'resources', to: 'resources', filter: ['**/*'] },
      { from: '.cache/electron-native/${os}-${arch}', to: PACKAGED_NATIVE_DIR, filter: ['better_sqlite3.node'] },
    ],
    // The SQLite binding is staged per target (beforePack); nothing in node_modules is rebuilt in place.
    npmRebuild: false,
    beforePack: stageSqliteBinding,
    afterPack: flipFuses,
    // No update server: "Check for updates" is something the user starts (README).
    publish: null,
    // The deb's Homepage and Maintainer fields: the publisher sets them for a release (placeholders).
    extraMetadata: { homepage: process.env['ABSTRACTOR_HOMEPAGE'] ?? 'https://example.org/abstractor' },
    artifactName: `\${productName}-\${version}-\${os}-\${arch}${suffix}.\${ext}`,
    linux: {
      target: [
        { target: 'AppImage', arch: ['x64'] },
        { target: 'deb', arch: ['x64'] },
      ],
      category: 'Office',
      maintainer: process.env['ABSTRACTOR_MAINTAINER'] ?? 'Abstractor maintainers <maintainers@example.org>',
      synopsis: 'Offline chart and contract abstraction with a local language model',
    },
    win: { target: [{ target: 'nsis', arch: ['x64'] }] },
    nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
    mac: {
      target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
      category: 'public.app-category.productivity',
      hardenedRuntime: true,
    },
  };
}

export default builderConfig();
