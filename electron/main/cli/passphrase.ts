// Passphrases on the command line (the CLI and `npm run serve`): ABSTRACTOR_PASSPHRASE, else
// a prompt on the terminal that does not echo; with neither, null (the caller reports
// archive_locked). Never taken from a flag: flags end up in shell history and `ps`.
import { AppError } from '../../../shared/errors';
import type { AskPassphrase, PassphrasePurpose } from '../services/keys/archive-keys';

export const PASSPHRASE_ENV = 'ABSTRACTOR_PASSPHRASE';
/** The new passphrase for `archive change-passphrase` without a terminal. */
export const NEW_PASSPHRASE_ENV = 'ABSTRACTOR_NEW_PASSPHRASE';

export interface TerminalPassphraseOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: NodeJS.ReadStream;
  readonly prompt?: NodeJS.WriteStream;
}

/** The way the CLI and serve ask for a passphrase. */
export function terminalPassphrase(options: TerminalPassphraseOptions = {}): AskPassphrase {
  const env = options.env ?? process.env;
  return async (purpose: PassphrasePurpose, dir: string) => {
    const given = env[PASSPHRASE_ENV];
    if (given) return given;
    if (!canPrompt(options)) return null;
    if (purpose === 'unlock') return promptHidden(`Passphrase (or recovery key) for the archive ${dir}: `, options);
    return askNew(`A new encrypted archive in ${dir}.\nChoose a passphrase: `, options);
  };
}

/** A new passphrase, typed twice: from `envName`, else the terminal; null with neither. */
export async function newPassphrase(question: string, envName: string, options: TerminalPassphraseOptions = {}): Promise<string | null> {
  const given = (options.env ?? process.env)[envName];
  if (given) return given;
  return canPrompt(options) ? askNew(question, options) : null;
}

/** The passphrase from the environment or the terminal, asked with `question`. */
export async function currentPassphrase(question: string, options: TerminalPassphraseOptions = {}): Promise<string | null> {
  const given = (options.env ?? process.env)[PASSPHRASE_ENV];
  if (given) return given;
  return canPrompt(options) ? promptHidden(question, options) : null;
}

function canPrompt(options: TerminalPassphraseOptions): boolean {
  return Boolean((options.stdin ?? process.stdin).isTTY && (options.prompt ?? process.stderr).isTTY);
}

async function askNew(question: string, options: TerminalPassphraseOptions): Promise<string> {
  const first = await promptHidden(question, options);
  const second = await promptHidden('Type it again: ', options);
  if (first !== second) throw new AppError('invalid_request', 'The two passphrases differ; nothing was changed.');
  return first;
}

/** Reads one line in raw mode, echoing nothing; Ctrl-C cancels. */
function promptHidden(question: string, options: TerminalPassphraseOptions): Promise<string> {
  const stdin = options.stdin ?? process.stdin;
  const out = options.prompt ?? process.stderr;
  out.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      out.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new AppError('cancelled', 'No passphrase was given.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
