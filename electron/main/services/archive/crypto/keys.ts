// The archive's keys: every key the files, their names and the backups use is derived from
// the one 32-byte master key with HKDF-SHA256 under its own label, so no key serves two
// purposes and the master key itself never encrypts anything outside SQLCipher.
// Plain Node: must not import electron.
import { createHmac, hkdfSync } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;

const LABELS = {
  fileContent: 'abstractor/v1/file-content',
  fileName: 'abstractor/v1/file-name',
  backupManifest: 'abstractor/v1/backup-manifest',
  keyId: 'abstractor/v1/key-id',
} as const;

export interface SubKeys {
  /** AES-256-GCM key material for the PDFs in files/ (each file derives its own key from it). */
  readonly fileContent: Buffer;
  /** HMAC key that turns a document's sha256 into its stored file name. */
  readonly fileName: Buffer;
  /** HMAC key that authenticates a backup's manifest. */
  readonly backupManifest: Buffer;
  /** A public fingerprint of the master key (safe to store): tells "wrong key" from "forged". */
  readonly keyId: string;
}

export function deriveSubKeys(master: Buffer): SubKeys {
  if (master.length !== MASTER_KEY_BYTES) throw new Error(`The archive key must be ${MASTER_KEY_BYTES} bytes.`);
  return {
    fileContent: hkdf(master, LABELS.fileContent),
    fileName: hkdf(master, LABELS.fileName),
    backupManifest: hkdf(master, LABELS.backupManifest),
    keyId: hkdf(master, LABELS.keyId).subarray(0, 16).toString('hex'),
  };
}

/** HKDF-SHA256 to 32 bytes; `salt` separates per-file keys, labels separate purposes. */
export function hkdf(key: Buffer | Uint8Array, label: string, salt: Buffer | Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, label, 32));
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}
