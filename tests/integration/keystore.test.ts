// The archive key store and the encrypted database: wraps by passphrase, keychain and recovery
// key, wrong or missing keys refused without changing a byte, a hostile key store refused,
// change-passphrase re-wrapping only, and owner-only permissions.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/db/open';
import { ArchiveHost } from '../../electron/main/api/archive-host';
import { openServices } from '../../electron/main/services/compose';
import { ArchiveKeys, archiveKeyStatus } from '../../electron/main/services/keys/archive-keys';
import { DEFAULT_SCRYPT } from '../../electron/main/services/keys/key-wrap';
import {
  changePassphrase,
  createKeyStore,
  KEYSTORE_FILE,
  readKeyStore,
  unlockKeyStore,
  verifyPassphrase,
  type Keychain,
} from '../../electron/main/services/keys/keystore';
import { parseRecoveryKey } from '../../electron/main/services/keys/recovery-key';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { fileHashes, rejection, removeDir, tempDir } from '../helpers/temp-archive';

const CHEAP = { N: 1024, r: 8, p: 1 };
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function folder(): string {
  const dir = tempDir('abstractor-keys-');
  cleanups.push(() => removeDir(dir));
  return dir;
}

/** A stand-in for safeStorage: its own AES key, so a blob from another "machine" fails. */
function fakeKeychain(): Keychain {
  const secret = randomBytes(32);
  return {
    backend: 'test',
    wrap: async (key) => Buffer.concat([createHash('sha256').update(secret).digest().subarray(0, 4), Buffer.from(key.map((b, i) => b ^ secret[i]!))]),
    unwrap: async (blob) => {
      if (!blob.subarray(0, 4).equals(createHash('sha256').update(secret).digest().subarray(0, 4))) throw new Error('not ours');
      return Buffer.from(blob.subarray(4).map((b, i) => b ^ secret[i]!));
    },
  };
}



describe('key store', () => {
  it('wraps the key by passphrase and recovery key; each opens it, a wrong one is wrong_passphrase', async () => {
    const dir = folder();
    const { key, recoveryKey } = await createKeyStore(dir, { passphrase: 'correct horse battery', scrypt: CHEAP });
    expect(key).toHaveLength(32);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
    const store = readKeyStore(dir)!;
    expect(JSON.stringify(store)).not.toContain(key.toString('base64'));
    expect(JSON.stringify(store)).not.toContain(key.toString('hex'));

    expect((await unlockKeyStore(store, { passphrase: 'correct horse battery' })).equals(key)).toBe(true);
    // Typed back lower case, with spaces and a misread O/I: still the recovery key.
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    expect((await unlockKeyStore(store, { passphrase: typed })).equals(key)).toBe(true);

    expect((await rejection(unlockKeyStore(store, { passphrase: 'correct horse batterY' }))).code).toBe('wrong_passphrase');
    expect((await rejection(unlockKeyStore(store, {}))).code).toBe('archive_locked');
    expect(await verifyPassphrase(dir, 'correct horse battery')).toBe(true);
    expect(await verifyPassphrase(dir, 'nope nope nope')).toBe(false);
    expect(parseRecoveryKey(recoveryKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull(); // a typo fails the checksum
  });

  it('real archives get real scrypt parameters; refuses to make a second key store', async () => {
    const dir = folder();
    await createKeyStore(dir, { passphrase: 'a passphrase for real' });
    expect(readKeyStore(dir)!.wraps.passphrase!.params).toEqual(DEFAULT_SCRYPT);
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);
    expect((await rejection(createKeyStore(dir, { passphrase: 'another passphrase', scrypt: CHEAP }))).code).toBe('invalid_request');
    expect((await rejection(createKeyStore(folder(), { passphrase: 'short', scrypt: CHEAP }))).code).toBe('invalid_request');
  });

  it('keychain wrap: opens without a passphrase on this machine, not with another keychain', async () => {
    const dir = folder();
    const keychain = fakeKeychain();
    const { key, recoveryKey } = await createKeyStore(dir, { keychain });
    const store = readKeyStore(dir)!;
    expect((await unlockKeyStore(store, { keychain })).equals(key)).toBe(true);
    expect((await rejection(unlockKeyStore(store, { keychain: fakeKeychain() }))).code).toBe('archive_locked');
    expect((await unlockKeyStore(store, { keychain: fakeKeychain(), passphrase: recoveryKey })).equals(key)).toBe(true);
    expect(archiveKeyStatus(dir)).toMatchObject({ encrypted: true, keySources: ['keychain'], recoveryKey: true, kdf: null });
  });

  it('change-passphrase re-wraps only: the old one stops working, the key and recovery key stay', async () => {
    const dir = folder();
    const { key, recoveryKey } = await createKeyStore(dir, { passphrase: 'first passphrase', scrypt: CHEAP });
    await changePassphrase(dir, { passphrase: 'first passphrase' }, 'second passphrase', { scrypt: CHEAP });
    const store = readKeyStore(dir)!;
    expect((await unlockKeyStore(store, { passphrase: 'second passphrase' })).equals(key)).toBe(true);
    expect((await rejection(unlockKeyStore(store, { passphrase: 'first passphrase' }))).code).toBe('wrong_passphrase');
    expect((await unlockKeyStore(store, { passphrase: recoveryKey })).equals(key)).toBe(true);
    expect((await rejection(changePassphrase(dir, { passphrase: 'wrong passphrase' }, 'third passphrase', { scrypt: CHEAP }))).code).toBe('wrong_passphrase');
    expect(fs.statSync(path.join(dir, KEYSTORE_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([KEYSTORE_FILE]); // no temp file left
  });

  it('hostile key stores: damaged JSON, absurd scrypt cost, a swapped check value', async () => {
    const dir = folder();
    await createKeyStore(dir, { passphrase: 'a passphrase here', scrypt: CHEAP });
    const file = path.join(dir, KEYSTORE_FILE);
    const good = fs.readFileSync(file, 'utf8');

    fs.writeFileSync(file, good.slice(0, 40));
    expect((await rejection(Promise.resolve().then(() => readKeyStore(dir)))).code).toBe('archive_corrupt');

    const costly = JSON.parse(good);
    costly.wraps.passphrase.params = { N: 2 ** 30, r: 8, p: 1 }; // would take minutes and gigabytes
    fs.writeFileSync(file, JSON.stringify(costly));
    expect((await rejection(Promise.resolve().then(() => readKeyStore(dir)))).code).toBe('archive_corrupt');

    const swapped = JSON.parse(good);
    swapped.check = randomBytes(32).toString('base64');
    fs.writeFileSync(file, JSON.stringify(swapped));
    expect((await rejection(unlockKeyStore(readKeyStore(dir)!, { passphrase: 'a passphrase here' }))).code).toBe('wrong_passphrase');
  });
});

describe('encrypted database', () => {
  it('opens with its key; a wrong key or none is refused and no byte under the folder changes', async () => {
    const dir = folder();
    const keys = new ArchiveKeys({ askPassphrase: async () => 'the archive passphrase', scrypt: CHEAP });
    const key = (await keys.keyFor(dir))!;
    expect(keys.takeRecoveryKey()).toMatch(/-/);
    const services = await openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, archiveKey: key, concurrency: 1 });
    expect(services.encrypted).toBe(true);
    services.db.prepare("INSERT INTO documents (sha256, file_name, title, bytes, status, imported_at) VALUES ('ab', 'x.pdf', 'Psychiatric consult', 1, 'ready', '2026-01-01')").run();
    // Keep the WAL (a crash leaves it): the refused opens must not touch it either.
    const sidecar = tempDir('abstractor-keys-copy-');
    cleanups.push(() => removeDir(sidecar));
    for (const name of fs.readdirSync(dir)) fs.cpSync(path.join(dir, name), path.join(sidecar, name), { recursive: true });
    await services.dispose();
    for (const name of fs.readdirSync(sidecar)) fs.cpSync(path.join(sidecar, name), path.join(dir, name), { recursive: true, force: true });
    expect(fs.existsSync(path.join(dir, 'archive.sqlite-wal'))).toBe(true);

    const before = fileHashes(dir);
    const wrongKey = await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, archiveKey: randomBytes(32) }));
    expect(wrongKey.code).toBe('wrong_passphrase');
    expect(fileHashes(dir)).toEqual(before);
    const noKey = await rejection(openServices({ archiveDir: dir, entries: SOURCE_ENTRIES }));
    expect(noKey.code).toBe('archive_locked');
    expect(fileHashes(dir)).toEqual(before);
    // The database alone, without the key store beside it: never reported as readable plaintext.
    expect(() => openDatabase(path.join(dir, 'archive.sqlite'), { readonly: true })).toThrow(expect.objectContaining({ code: 'archive_corrupt' }));
    const wrongPassphrase = await rejection(new ArchiveKeys({ askPassphrase: async () => 'not the passphrase', scrypt: CHEAP }).keyFor(dir));
    expect(wrongPassphrase.code).toBe('wrong_passphrase');
    const nobody = await rejection(new ArchiveKeys({}).keyFor(dir));
    expect(nobody.code).toBe('archive_locked');
    expect(fileHashes(dir)).toEqual(before);

    const again = await openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, archiveKey: key, concurrency: 1 });
    expect(again.db.prepare('SELECT title FROM documents').all()).toEqual([{ title: 'Psychiatric consult' }]);
    await again.dispose();
    expect(fs.readFileSync(path.join(dir, 'archive.sqlite')).includes('Psychiatric')).toBe(false);
  });

  it('folder 0700; database, WAL, SHM and key store 0600, also for a folder made 0755 before', async () => {
    const dir = folder();
    fs.chmodSync(dir, 0o755);
    const keys = new ArchiveKeys({ askPassphrase: async () => 'the archive passphrase', scrypt: CHEAP });
    const services = await openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, archiveKey: (await keys.keyFor(dir))!, concurrency: 1 });
    try {
      const mode = (p: string) => fs.statSync(path.join(dir, p)).mode & 0o777;
      expect(mode('.')).toBe(0o700);
      for (const file of ['archive.sqlite', 'archive.sqlite-wal', 'archive.sqlite-shm', KEYSTORE_FILE]) expect([file, mode(file)]).toEqual([file, 0o600]);
      for (const sub of ['files', 'tmp', 'models']) expect([sub, mode(sub)]).toEqual([sub, 0o700]);
    } finally {
      await services.dispose();
    }
  });

  it('a plaintext choice stays plaintext, and a key store appears only for encrypted archives', async () => {
    const dir = folder();
    const keys = new ArchiveKeys({ encryptNew: false });
    expect(await keys.keyFor(dir)).toBeNull();
    const services = await openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, concurrency: 1 });
    expect(services.encrypted).toBe(false);
    await services.dispose();
    expect(fs.existsSync(path.join(dir, KEYSTORE_FILE))).toBe(false);
    // Later starts with encryption on by default leave an existing plaintext archive as it is.
    expect(await new ArchiveKeys({ askPassphrase: async () => 'ignored passphrase' }).keyFor(dir)).toBeNull();
    expect(archiveKeyStatus(dir)).toMatchObject({ encrypted: false, keySources: [] });
  });
});

describe('the desktop flow under Node (ArchiveHost with a keychain)', () => {
  const startHost = (dir: string, keychain: Keychain) =>
    ArchiveHost.start({
      archiveDir: dir,
      keys: new ArchiveKeys({ keychain, scrypt: CHEAP }),
      open: (archiveDir, events, archiveKey) => openServices({ archiveDir, events, entries: SOURCE_ENTRIES, concurrency: 1, ...(archiveKey ? { archiveKey } : {}) }),
      version: 'test',
      dispatcher: { checkResponses: true },
    });

  it('first start: encrypted by the keychain, recovery key shown until saved; another keychain needs the recovery key', async () => {
    const dir = folder();
    const keychain = fakeKeychain();
    const first = await startHost(dir, keychain);
    let recoveryKey: string;
    try {
      expect(first.services?.encrypted).toBe(true);
      const security = first.security();
      expect(security).toMatchObject({ encrypted: true, needsPassphrase: null, keySources: ['keychain'] });
      recoveryKey = security.recoveryKey!;
      expect(first.security().recoveryKey).toBe(recoveryKey); // still there (a reload shows it again)
      expect(first.recoveryKeySaved()).toEqual({ forgotten: true });
      expect(first.security().recoveryKey).toBeNull();
    } finally {
      await first.dispose();
    }

    const again = await startHost(dir, keychain); // the same user on the same machine: no prompt
    expect(again.services?.encrypted).toBe(true);
    await again.dispose();

    const before = fileHashes(dir);
    const elsewhere = await startHost(dir, fakeKeychain()); // another machine's keychain
    try {
      expect(elsewhere.openError?.code).toBe('archive_locked');
      expect(elsewhere.security()).toMatchObject({ needsPassphrase: 'unlock', keySources: ['keychain'] });
      expect((await rejection(elsewhere.unlock('not a recovery key'))).code).toBe('wrong_passphrase');
      // Hostile unlock payloads over a transport: oversized, control characters and emoji.
      const dispatch = elsewhere.dispatch('bridge');
      expect(await dispatch('archive:unlock', { passphrase: 'x'.repeat(5000) })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await dispatch('archive:unlock', { passphrase: '\u0000\u{1F511}"\'x\''.repeat(150) })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
      expect(await dispatch('documents:list', {})).toMatchObject({ ok: false, error: { code: 'archive_locked' } });
      expect(fileHashes(dir)).toEqual(before);
      await elsewhere.unlock(recoveryKey);
      expect(elsewhere.services?.encrypted).toBe(true);
    } finally {
      await elsewhere.dispose();
    }
  });
});
