// `npm run serve`: the real backend plus the built renderer on a loopback URL, for
// working on the UI in a plain browser. Never part of the packaged app.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorData } from '../../shared/errors';
import { APP_VERSION } from './app-version';
import { archiveAdvice } from './cli/archive-command';
import { BUILT_RENDERER_DIR, startBackend } from './bridge/start-backend';
import { recoveryKeyNotice } from './cli/keys-command';
import { terminalPassphrase } from './cli/passphrase';
import { resolveArchiveDir } from './services/archive/location';
import { ArchiveKeys } from './services/keys/archive-keys';
import { SOURCE_ENTRIES } from './source-entries';

const { values } = parseArgs({
  options: {
    archive: { type: 'string' },
    port: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    /** Lets the page download models from a typed URL (catalog downloads by id need no flag). */
    'allow-downloads': { type: 'boolean' },
    'no-encryption': { type: 'boolean', default: false },
    /** A folder whose files and subfolders calls may name (batches, backups, models, watching); repeatable. */
    'allow-dir': { type: 'string', multiple: true },
  },
});

if (!fs.existsSync(BUILT_RENDERER_DIR)) {
  console.error('The renderer is not built: run `npm run build` first (npm run serve does).');
  process.exit(1);
}

const allowDirs = (values['allow-dir'] ?? []).map((dir) => path.resolve(dir));
for (const dir of allowDirs) {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`--allow-dir ${dir}: no such folder.`);
    process.exit(1);
  }
}

const archiveDir = resolveArchiveDir(values.archive);
// The passphrase is asked on this terminal (or read from ABSTRACTOR_PASSPHRASE) before the server starts.
const keys = new ArchiveKeys({ askPassphrase: terminalPassphrase(), encryptNew: !values['no-encryption'] });
const backend = await startBackend({
  archiveDir,
  keys,
  entries: SOURCE_ENTRIES,
  version: APP_VERSION,
  staticDir: BUILT_RENDERER_DIR,
  port: values.port ? Number(values.port) : 0,
  allowedOrigins: values['allow-origin'],
  allowDownloads: values['allow-downloads'] === true,
  allowDirs,
}).catch((err: unknown) => {
  // A damaged or newer archive: say so, where it is and what to do, instead of a stack trace.
  const { code, message } = toErrorData(err);
  console.error(`The archive cannot be opened: ${message} (${code})`);
  const advice = archiveAdvice(code, archiveDir);
  if (advice) console.error(advice);
  process.exit(1);
});

const recoveryKey = keys.takeRecoveryKey();
if (recoveryKey) console.error(recoveryKeyNotice(recoveryKey, archiveDir, null));
console.log(`Abstractor backend on ${backend.bridge.url}, archive ${backend.host.archiveDir}`);
console.log(`Open: ${backend.bridge.pageUrl}`);
console.log(allowDirs.length ? `Calls may name paths under: ${allowDirs.join(', ')}` : 'Calls may name no paths (add --allow-dir DIR).');

const stop = () => void backend.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
