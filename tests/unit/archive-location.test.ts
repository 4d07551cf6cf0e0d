// Which archive folder a command uses: --archive, else $ABSTRACTOR_ARCHIVE, else the app's.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveLayout } from '../../electron/main/services/archive/layout';
import { ARCHIVE_ENV, resolveArchiveDir, userDataDir } from '../../electron/main/services/archive/location';

const USER_DATA = path.resolve('/data/user/Abstractor');
const DEFAULT = path.join(USER_DATA, 'Archive');

describe('resolveArchiveDir', () => {
  it('prefers the flag over the environment', () => {
    expect(resolveArchiveDir('/from/flag', { [ARCHIVE_ENV]: '/from/env' }, USER_DATA)).toBe(path.resolve('/from/flag'));
  });

  it('uses the environment when there is no flag', () => {
    expect(resolveArchiveDir(undefined, { [ARCHIVE_ENV]: '/from/env' }, USER_DATA)).toBe(path.resolve('/from/env'));
  });

  it('falls back to Archive in the user-data folder', () => {
    expect(resolveArchiveDir(undefined, {}, USER_DATA)).toBe(DEFAULT);
  });

  it('treats an empty or blank flag as absent, so the environment still applies', () => {
    expect(resolveArchiveDir('', { [ARCHIVE_ENV]: '/from/env' }, USER_DATA)).toBe(path.resolve('/from/env'));
    expect(resolveArchiveDir('  ', { [ARCHIVE_ENV]: '/from/env' }, USER_DATA)).toBe(path.resolve('/from/env'));
    expect(resolveArchiveDir('', {}, USER_DATA)).toBe(DEFAULT);
  });

  it('treats a blank environment variable as absent', () => {
    expect(resolveArchiveDir(undefined, { [ARCHIVE_ENV]: '' }, USER_DATA)).toBe(DEFAULT);
    expect(resolveArchiveDir(undefined, { [ARCHIVE_ENV]: '   ' }, USER_DATA)).toBe(DEFAULT);
  });

  it('returns an absolute path for a relative flag', () => {
    expect(resolveArchiveDir('rel/archive', {}, USER_DATA)).toBe(path.resolve('rel/archive'));
    expect(path.isAbsolute(resolveArchiveDir('rel/archive', {}, USER_DATA))).toBe(true);
  });

  it('reads process.env by default', () => {
    const saved = process.env[ARCHIVE_ENV];
    try {
      process.env[ARCHIVE_ENV] = '/from/process/env';
      expect(resolveArchiveDir(undefined)).toBe(path.resolve('/from/process/env'));
    } finally {
      if (saved === undefined) delete process.env[ARCHIVE_ENV];
      else process.env[ARCHIVE_ENV] = saved;
    }
  });
});

describe('userDataDir', () => {
  const home = os.homedir();

  it('matches Electron on Linux: $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'Abstractor'));
    expect(userDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Abstractor'));
  });

  it('matches Electron on macOS and Windows', () => {
    expect(userDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Abstractor'));
    expect(userDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\me\\AppData\\Roaming', 'Abstractor'),
    );
    expect(userDataDir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'Abstractor'));
  });
});

describe('archiveLayout', () => {
  it('puts everything inside the one archive folder', () => {
    const layout = archiveLayout('some/dir');
    const root = path.resolve('some/dir');
    expect(layout).toEqual({
      root,
      database: path.join(root, 'archive.sqlite'),
      files: path.join(root, 'files'),
      tmp: path.join(root, 'tmp'),
      models: path.join(root, 'models'),
    });
  });
});
