// A backup's manifest is authenticated, so a backup cannot be forged: anyone can recompute a
// SHA-256, not an HMAC. The key is derived from the archive key for an encrypted archive, or
// from a backup passphrase (scrypt, salt and parameters in the manifest) for a plaintext one.
// The manifest holds the database's SHA-256 and the database holds every file's, so the MAC
// covers the whole backup. A key check value (an HMAC of a fixed label) tells a wrong key or
// passphrase from a forged manifest. Plain Node: must not import electron.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import { DEFAULT_SCRYPT, passphraseKek, scryptParamsSchema, type ScryptParams } from '../keys/key-wrap';
import { MIN_PASSPHRASE_LENGTH } from '../keys/keystore';
import { hkdf, hmacHex, type SubKeys } from './crypto/keys';
import { manifestBodySchema, type BackupManifest, type ManifestBody } from './backup-manifest';

const CHECK_LABEL = 'abstractor backup key check';
const PASSPHRASE_LABEL = 'abstractor/v1/backup-passphrase';

/** What authenticates a new backup: the archive's keys (encrypted archive) or a passphrase. */
export type BackupSecret = { readonly keys: SubKeys } | { readonly passphrase: string };

/** What restore has to check a backup with; either may be missing. */
export interface BackupCredentials {
  readonly keys?: SubKeys | null;
  readonly passphrase?: string;
}

export async function sealManifest(body: Omit<ManifestBody, 'auth'>, secret: BackupSecret): Promise<BackupManifest> {
  let auth: { method: 'archive-key'; keyId: string } | { method: 'passphrase'; salt: string; N: number; r: number; p: number };
  let key: Buffer;
  if ('keys' in secret) {
    auth = { method: 'archive-key', keyId: secret.keys.keyId };
    key = secret.keys.backupManifest;
  } else {
    if (secret.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError('invalid_request', `A backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    const salt = randomBytes(16).toString('hex');
    auth = { method: 'passphrase', salt, ...DEFAULT_SCRYPT };
    key = await passphraseKey(secret.passphrase, salt, DEFAULT_SCRYPT);
  }
  const withAuth = manifestBodySchema.parse({ ...body, auth: { ...auth, check: hmacHex(key, CHECK_LABEL) } });
  return { ...withAuth, mac: hmacHex(key, canonical(withAuth)) };
}

/** Throws wrong_passphrase / archive_locked / backup_invalid unless the manifest's MAC holds. */
export async function verifyManifest(manifest: BackupManifest, dir: string, credentials: BackupCredentials): Promise<void> {
  const { auth } = manifest;
  let key: Buffer;
  if (auth.method === 'archive-key') {
    const keys = credentials.keys;
    if (!keys) throw new AppError('archive_locked', `The backup ${dir} is encrypted: open (unlock) the archive it was made from to restore it.`);
    if (keys.keyId !== auth.keyId) {
      throw new AppError('wrong_passphrase', `The backup ${dir} was made with another archive key than the one this archive has.`);
    }
    key = keys.backupManifest;
  } else {
    if (!credentials.passphrase) throw new AppError('backup_invalid', `The backup ${dir} is protected by a passphrase: enter the passphrase it was made with.`);
    // Bounded like the key store's: a forged manifest must not make restore spin or exhaust memory.
    const params = scryptParamsSchema.safeParse({ N: auth.N, r: auth.r, p: auth.p });
    if (!params.success) throw new AppError('backup_invalid', `The backup ${dir} asks for an unreasonable passphrase cost; it was not made by Abstractor.`);
    key = await passphraseKey(credentials.passphrase, auth.salt, params.data);
  }
  if (!same(hmacHex(key, CHECK_LABEL), auth.check)) {
    throw new AppError('wrong_passphrase', `The ${auth.method === 'passphrase' ? 'passphrase' : 'archive key'} does not open the backup ${dir}.`);
  }
  const { mac, ...body } = manifest;
  if (!same(hmacHex(key, canonical(manifestBodySchema.parse(body))), mac)) {
    throw new AppError('backup_invalid', `The backup ${dir} was changed after it was made (its manifest fails authentication); it is not restored.`);
  }
}

/** The manifest's bytes as authenticated: the schema's key order, unknown keys dropped. */
function canonical(body: ManifestBody): string {
  return JSON.stringify(body);
}

async function passphraseKey(passphrase: string, salt: string, params: ScryptParams): Promise<Buffer> {
  return hkdf(await passphraseKek(passphrase, Buffer.from(salt, 'hex'), params), PASSPHRASE_LABEL);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
