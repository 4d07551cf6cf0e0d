// The one module that decides which paths a call may act on: handles main issued (desktop) and
// folders given to `serve --allow-dir` (bridge). Real files and symlinks in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { allowedDirs, NO_PATHS, PathHandles } from '../../electron/main/api/path-access';
import { makeTempDir } from '../helpers/temp-dir';

async function code(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

const temp = makeTempDir('abstractor-paths-');
// <temp>/allowed/{inside.pdf, sub/, escape -> ../outside, inner -> sub}, <temp>/outside/secret.pdf,
// <temp>/allowed-twin/ (shares a prefix with allowed).
const allowed = path.join(temp.dir, 'allowed');
const outside = path.join(temp.dir, 'outside');

beforeAll(() => {
  fs.mkdirSync(path.join(allowed, 'sub'), { recursive: true });
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(temp.dir, 'allowed-twin'));
  fs.writeFileSync(path.join(allowed, 'inside.pdf'), 'x');
  fs.writeFileSync(path.join(outside, 'secret.pdf'), 'x');
  fs.symlinkSync(outside, path.join(allowed, 'escape'));
  fs.symlinkSync(path.join(allowed, 'sub'), path.join(allowed, 'inner'));
});

afterAll(() => temp.cleanup());

describe('paths over the bridge (--allow-dir)', () => {
  const access = allowedDirs([allowed]);

  it('accepts the folder itself and what lies under it, existing or not yet, as real paths', async () => {
    const real = fs.realpathSync(allowed);
    expect(await access.resolve(allowed)).toBe(real);
    expect(await access.resolve(path.join(allowed, 'inside.pdf'))).toBe(path.join(real, 'inside.pdf'));
    expect(await access.resolve(path.join(allowed, 'backups', 'new'))).toBe(path.join(real, 'backups', 'new'));
    expect(await access.resolve(path.join(allowed, 'inner'))).toBe(path.join(real, 'sub'));
    expect(await access.resolve(`${allowed}/sub/../inside.pdf`)).toBe(path.join(real, 'inside.pdf'));
    // `..` after a symlink is taken physically, as the file system does: escape/.. is <temp>.
    expect(await access.resolve(`${allowed}/escape/../allowed/inside.pdf`)).toBe(path.join(real, 'inside.pdf'));
    expect(await code(access.resolve(`${allowed}/escape/../outside/secret.pdf`))).toBe('path_not_allowed');
  });

  it('refuses everything else with path_not_allowed', async () => {
    for (const ref of [
      outside,
      path.join(outside, 'secret.pdf'),
      '/etc/passwd',
      '/',
      `${allowed}/../outside/secret.pdf`, // ..
      `${allowed}/sub/../../outside`,
      `${allowed}/not-yet/../../outside/secret.pdf`, // .. through a part that does not exist
      path.join(allowed, 'escape'), // a symlink out
      path.join(allowed, 'escape', 'secret.pdf'),
      path.join(temp.dir, 'allowed-twin'), // a shared prefix is not a parent
      'allowed/inside.pdf', // relative
      'inside.pdf',
      '%2Fetc%2Fpasswd', // URL-encoded, relative once taken literally
      `${allowed}\0/../outside`, // NUL
    ]) {
      expect(await code(access.resolve(ref)), ref).toBe('path_not_allowed');
    }
  });

  it('takes URL-encoded names literally: they stay inside the folder', async () => {
    const encoded = `${allowed}/..%2F..%2Foutside%2Fsecret.pdf`;
    expect(await access.resolve(encoded)).toBe(path.join(fs.realpathSync(allowed), '..%2F..%2Foutside%2Fsecret.pdf'));
  });

  it('accepts nothing without --allow-dir, nor under a folder that does not exist', async () => {
    expect(await code(allowedDirs([]).resolve(path.join(allowed, 'inside.pdf')))).toBe('path_not_allowed');
    expect(await code(allowedDirs([path.join(temp.dir, 'missing')]).resolve(path.join(temp.dir, 'missing', 'x')))).toBe('path_not_allowed');
    expect(await code(NO_PATHS.resolve(allowed))).toBe('path_not_allowed');
  });
});

describe('handles in the desktop app', () => {
  it('resolves a handle main issued, and refuses raw paths, unknown handles and handles of another session', async () => {
    const handles = new PathHandles();
    const file = await handles.issue(path.join(allowed, 'inside.pdf'));
    const folder = await handles.issue(allowed);
    expect(file).toMatchObject({ kind: 'file', label: path.join(allowed, 'inside.pdf') });
    expect(folder.kind).toBe('folder');
    expect(file.ref).toMatch(/^path:[0-9a-f]{48}$/);
    expect(await handles.resolve(file.ref)).toBe(path.join(allowed, 'inside.pdf'));
    expect(await handles.resolve(folder.ref)).toBe(allowed);

    const otherSession = new PathHandles();
    const foreign = await otherSession.issue(outside);
    for (const ref of [path.join(outside, 'secret.pdf'), allowed, 'path:' + '0'.repeat(48), foreign.ref, `${file.ref} `, file.ref.toUpperCase(), '']) {
      expect(await code(handles.resolve(ref)), ref).toBe('path_not_allowed');
    }
  });

  it('expires handles', async () => {
    let now = 1_000;
    const handles = new PathHandles(60_000, () => now);
    const { ref } = await handles.issue(allowed);
    now += 59_999;
    expect(await handles.resolve(ref)).toBe(allowed);
    now += 1;
    expect(await code(handles.resolve(ref))).toBe('path_not_allowed');
  });

  it('issues handles only for what exists', async () => {
    expect(await code(new PathHandles().issue(path.join(temp.dir, 'nothing-here')))).toBe('not_found');
  });
});
