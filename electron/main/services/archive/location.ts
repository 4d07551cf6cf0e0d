// Which archive folder to use: --archive DIR, else ABSTRACTOR_ARCHIVE, else "Archive"
// inside the app's user-data folder (the same folder Electron's app.getPath('userData')
// gives, so the CLI and the app share one archive by default).
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Abstractor';
export const ARCHIVE_ENV = 'ABSTRACTOR_ARCHIVE';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function resolveArchiveDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  userData = userDataDir(env),
): string {
  // A blank flag (--archive "") is no choice: the environment still applies.
  const chosen = [flag, env[ARCHIVE_ENV]].find((value) => value?.trim());
  return path.resolve(chosen ?? path.join(userData, 'Archive'));
}
