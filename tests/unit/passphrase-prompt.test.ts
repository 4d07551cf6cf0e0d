// The CLI's passphrase prompt: the environment first; on a terminal it reads in raw mode and
// echoes nothing of what is typed; a new passphrase is asked twice; no terminal, no prompt.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalPassphrase } from '../../electron/main/cli/passphrase';

function fakeTerminal(tty = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty, rawModes: [] as boolean[] });
  (stdin as unknown as { setRawMode: (on: boolean) => void }).setRawMode = (on: boolean) => void stdin.rawModes.push(on);
  let shown = '';
  const prompt = Object.assign(new PassThrough(), { isTTY: tty });
  prompt.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { stdin: stdin as unknown as NodeJS.ReadStream & { rawModes: boolean[] }, prompt: prompt as unknown as NodeJS.WriteStream, shown: () => shown };
}

describe('terminal passphrase', () => {
  it('takes ABSTRACTOR_PASSPHRASE without prompting', async () => {
    const term = fakeTerminal();
    const ask = terminalPassphrase({ env: { ABSTRACTOR_PASSPHRASE: 'from the env' }, ...term });
    expect(await ask('unlock', '/a')).toBe('from the env');
    expect(term.shown()).toBe('');
  });

  it('reads in raw mode without echo, with backspace; raw mode is left afterwards', async () => {
    const term = fakeTerminal();
    const answer = terminalPassphrase({ env: {}, ...term })('unlock', '/archive');
    term.stdin.write('secrex\u007ft pass\r');
    expect(await answer).toBe('secret pass');
    expect(term.shown()).not.toContain('secre');
    expect(term.shown()).toContain('Passphrase (or recovery key) for the archive /archive: ');
    expect(term.stdin.rawModes).toEqual([true, false]);
  });

  it('asks a new passphrase twice and refuses two that differ', async () => {
    const term = fakeTerminal();
    const ask = terminalPassphrase({ env: {}, ...term });
    const same = ask('create', '/a');
    term.stdin.write('first one\r');
    await new Promise((r) => setImmediate(r));
    term.stdin.write('first one\r');
    expect(await same).toBe('first one');
    const differ = ask('create', '/a');
    term.stdin.write('first one\r');
    await new Promise((r) => setImmediate(r));
    term.stdin.write('second one\r');
    await expect(differ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('Ctrl-C cancels; without a terminal nobody is asked', async () => {
    const term = fakeTerminal();
    const cancelled = terminalPassphrase({ env: {}, ...term })('unlock', '/a');
    term.stdin.write('half\u0003');
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(await terminalPassphrase({ env: {}, ...fakeTerminal(false) })('unlock', '/a')).toBeNull();
  });
});
