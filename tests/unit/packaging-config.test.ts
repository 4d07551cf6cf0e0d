// The packaging config's promises, read from the config itself: the fuses, node-llama-cpp's
// template globs, tesseract.js's worker needs unpacked, and CUDA only in its own flavour.
// (The packed-layout integration test packs with the same globs and runs the result.)
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { ASAR_UNPACK, builderConfig, FUSES, nodeModuleExcludes } from '../../scripts/packaging/electron-builder.config';

const excluded = (rel: string, flavour: 'standard' | 'cuda') =>
  nodeModuleExcludes(flavour).some((glob) => path.matchesGlob(rel, glob.slice(1).replaceAll('${os}', 'linux').replaceAll('${arch}', 'x64')));

describe('packaging config', () => {
  it('flips the hardening fuses', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it("unpacks node-llama-cpp's template folders and what tesseract.js's worker requires", () => {
    for (const dir of ['node_modules/node-llama-cpp/bins', 'node_modules/node-llama-cpp/llama/localBuilds', 'node_modules/@node-llama-cpp/*', 'node_modules/tesseract.js', 'node_modules/tesseract.js-core', 'node_modules/@tesseract.js-data/eng', 'node_modules/regenerator-runtime']) {
      expect(ASAR_UNPACK).toContain(`${dir}/**/*`);
    }
  });

  it('ships CPU and Vulkan llama.cpp builds for its own platform, CUDA only in the CUDA flavour', () => {
    const bins = (pkg: string) => `node_modules/@node-llama-cpp/${pkg}/bins/${pkg}/llama-addon.node`;
    expect(excluded(bins('linux-x64'), 'standard')).toBe(false);
    expect(excluded(bins('linux-x64-vulkan'), 'standard')).toBe(false);
    expect(excluded(bins('linux-x64-cuda'), 'standard')).toBe(true);
    expect(excluded(bins('linux-x64-cuda'), 'cuda')).toBe(false);
    expect(excluded(bins('linux-arm64'), 'standard')).toBe(true);
    expect(excluded(bins('win-x64'), 'cuda')).toBe(true);
    expect(excluded('node_modules/@node-llama-cpp/linux-arm64/package.json', 'standard')).toBe(false);
  });

  it('builds AppImage and deb, NSIS, and dmg for both Mac architectures, with no update server', () => {
    const config = builderConfig('standard');
    expect(config.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }]);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.publish).toBeNull();
    expect(builderConfig('cuda').directories?.output).toBe('dist-cuda');
  });
});
