// The one place that decides which paths a call may act on, for both transports. A request
// never names a path main trusts as given:
// - In the desktop app a request carries an opaque handle that main issued when the user chose
//   the file or folder in a dialog drawn by main, or dropped it on the window (see
//   `registerDroppedPath` in ipc/register.ts). Handles are random, live in main's memory only
//   and expire; anything else is refused.
// - Over the loopback bridge a request carries a path, accepted only when it lies under a
//   folder given to `serve --allow-dir` once symlinks and `..` are resolved (default: none).
// Everything refused ends as `path_not_allowed`. Plain Node: must not import electron.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export interface PathAccess {
  /** The real path a request's path reference stands for, or `path_not_allowed`. */
  resolve(ref: string): Promise<string>;
}

function notAllowed(message: string): AppError {
  return new AppError('path_not_allowed', message);
}

/** Refuses every path: the default for a transport without a policy. */
export const NO_PATHS: PathAccess = {
  resolve: () => Promise.reject(notAllowed('This transport accepts no paths.')),
};

export interface PathHandle {
  readonly ref: string;
  /** What the UI shows: the path itself (showing it is safe; sending it back is useless). */
  readonly label: string;
  readonly kind: 'file' | 'folder';
}

const HANDLE_PREFIX = 'path:';

/** Desktop: handles issued by main for what the user chose or dropped, valid for `ttlMs`. */
export class PathHandles implements PathAccess {
  private readonly handles = new Map<string, { path: string; expires: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new handle for a path main itself obtained (a dialog's answer, a dropped file). */
  async issue(chosen: string): Promise<PathHandle> {
    const resolved = path.resolve(chosen);
    const stat = await fs.stat(resolved).catch(() => null);
    if (!stat) throw new AppError('not_found', `${resolved} does not exist.`);
    this.sweep();
    const ref = HANDLE_PREFIX + randomBytes(24).toString('hex');
    this.handles.set(ref, { path: resolved, expires: this.now() + this.ttlMs });
    return { ref, label: resolved, kind: stat.isDirectory() ? 'folder' : 'file' };
  }

  async resolve(ref: string): Promise<string> {
    const entry = this.handles.get(ref);
    if (!entry || entry.expires <= this.now()) {
      throw notAllowed('The app acts only on files and folders chosen in its own dialogs or dropped on its window; choose it again.');
    }
    return entry.path;
  }

  private sweep(): void {
    const now = this.now();
    for (const [ref, entry] of this.handles) if (entry.expires <= now) this.handles.delete(ref);
  }
}

/** The bridge: absolute paths under one of `dirs` (after realpath), nothing else. */
export function allowedDirs(dirs: readonly string[]): PathAccess {
  // Each folder's own real path, found once (a folder that does not exist allows nothing).
  let roots: Promise<string[]> | null = null;
  const realRoots = () =>
    (roots ??= Promise.all(dirs.map((dir) => fs.realpath(path.resolve(dir)).catch(() => null))).then((found) =>
      found.filter((dir): dir is string => dir !== null),
    ));
  return {
    async resolve(ref: string): Promise<string> {
      if (ref.includes('\0') || !path.isAbsolute(ref)) throw notAllowed(`Not an absolute path: ${ref.slice(0, 200)}`);
      const real = await canonical(ref);
      for (const root of await realRoots()) if (isWithin(root, real)) return real;
      throw notAllowed(
        dirs.length === 0
          ? 'The bridge accepts no paths: start `npm run serve` with --allow-dir DIR to allow a folder.'
          : `${ref} is not under a folder given with --allow-dir.`,
      );
    },
  };
}

/**
 * The path the file system would reach: symlinks and `..` resolved by realpath on the longest
 * part that exists, the rest (not yet created, so no links in it) normalized onto it.
 */
async function canonical(given: string): Promise<string> {
  const missing: string[] = [];
  let current = given;
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw notAllowed(`Cannot check ${given.slice(0, 200)}: ${code ?? 'error'}`);
      const parent = path.dirname(current);
      if (parent === current) throw notAllowed(`Cannot check ${given.slice(0, 200)}.`);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}
