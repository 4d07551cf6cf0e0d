// The archive folder is readable by its owner only: folders 0700, files 0600 (the database
// sets its own, see db/open.ts). On Windows the modes are ignored; the user profile's ACLs apply.
// Plain Node.
import fs from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes it owner-only, also when it existed already. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Owner-only modes on whichever of `paths` exist (folders 0700, files 0600). */
export function restrictExisting(paths: readonly string[]): void {
  for (const p of paths) {
    try {
      fs.chmodSync(p, fs.statSync(p).isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
    } catch {
      // Not there: nothing to protect.
    }
  }
}
