// Wrapping the archive key under another secret: AES-256-GCM (node:crypto), whose tag also
// tells a wrong passphrase from a right one. Key-encryption keys come from scrypt for a
// passphrase and HKDF for the recovery key (already 160 random bits). Plain Node.
import { createCipheriv, createDecipheriv, hkdf, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';

export const sealedSchema = z.object({ iv: z.base64(), data: z.base64(), tag: z.base64() });
export type Sealed = z.infer<typeof sealedSchema>;

export const scryptParamsSchema = z.object({
  // Bounded so a tampered key store cannot make an open take minutes or gigabytes.
  N: z.number().int().min(1024).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof scryptParamsSchema>;

/** The cost for real archives: about 0.4 s and 128 MiB on a laptop core, at each unlock. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export function seal(kek: Buffer, secret: Buffer, context: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** The secret, or null when `kek` is not the key it was sealed with (or the box was altered). */
export function unseal(kek: Buffer, sealed: Sealed, context: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

export function passphraseKek(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) =>
    // Off the main thread (libuv pool): the UI and the bridge stay responsive while it runs.
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r * p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export function recoveryKek(secret: Buffer, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    hkdf('sha256', secret, salt, 'abstractor recovery key wrap', 32, (err, key) => (err ? reject(err) : resolve(Buffer.from(key)))),
  );
}
