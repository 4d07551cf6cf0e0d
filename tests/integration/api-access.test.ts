// What a caller can make the backend do: no fetching and no roaming. Over the loopback bridge
// (each hostile case through real HTTP): a catalog download takes an id only, a download from a
// URL needs `serve --allow-downloads`, and calls that take a path accept only paths under the
// folders given with `serve --allow-dir`. Over IPC (the desktop app's dispatcher): paths only as
// handles main issued for its own dialogs and drops.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { ArchiveHost } from '../../electron/main/api/archive-host';
import { PathHandles } from '../../electron/main/api/path-access';
import { startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { openServices } from '../../electron/main/services/compose';
import { textPdf } from '../fixtures/pdfs';
import { CATALOG } from '../../electron/main/services/models/catalog';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { removeDir, tempDir } from '../helpers/temp-archive';

let root: string;
/** Started as `serve` starts by default: no --allow-downloads, no --allow-dir. */
let closed: Backend;
/** Started with --allow-downloads --allow-dir <root>/allowed. */
let open: Backend;
let allowed: string;
let outside: string;

beforeAll(async () => {
  root = tempDir('abstractor-api-access-');
  // <root>/allowed/{inbox/inside.pdf, escape -> ../outside}, <root>/outside/{secret.pdf, archive-copy/}
  allowed = path.join(root, 'allowed');
  outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(allowed, 'inbox'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'archive-copy'), { recursive: true });
  fs.writeFileSync(path.join(allowed, 'inbox', 'inside.pdf'), textPdf({ title: 'Inside Note', pages: [['A note inside the allowed folder.']] }));
  fs.writeFileSync(path.join(outside, 'secret.pdf'), textPdf({ title: 'Secret Memo', pages: [['Nobody allowed this file.']] }));
  fs.symlinkSync(outside, path.join(allowed, 'escape'));
  const common = { entries: SOURCE_ENTRIES, version: '9.9.9-test', modelDownloads: { connectTimeoutMs: 3000 } };
  closed = await startBackend({ ...common, archiveDir: path.join(root, 'closed') });
  open = await startBackend({ ...common, archiveDir: path.join(root, 'open'), allowDownloads: true, allowDirs: [allowed] });
});

afterAll(async () => {
  await closed?.close();
  await open?.close();
  if (root) removeDir(root);
});

/** A call as the renderer makes it: POST, bearer token, body in the wire codec. */
async function call(backend: Backend, name: string, payload: unknown): Promise<Envelope<unknown>> {
  const res = await fetch(backend.bridge.url + BRIDGE_PATHS.call(name), {
    method: 'POST',
    headers: { Authorization: `Bearer ${backend.bridge.token}`, 'Content-Type': 'application/json' },
    body: encodeWire(payload),
  });
  return decodeWire(await res.text()) as Envelope<unknown>;
}

function refused(envelope: Envelope<unknown>): string {
  expect(envelope.ok).toBe(false);
  return envelope.ok ? '' : envelope.error.code;
}

describe('downloads over the bridge', () => {
  const hostile = 'https://attacker.example.invalid/exfiltrate?data=1';

  it('models:download takes a catalog id only: a URL is refused, with or without an id beside it', async () => {
    for (const backend of [closed, open]) {
      expect(refused(await call(backend, 'models:download', { url: hostile }))).toBe('invalid_request');
      expect(refused(await call(backend, 'models:download', { catalogId: CATALOG[0]!.id, url: hostile }))).toBe('invalid_request');
      expect(refused(await call(backend, 'models:download', { catalogId: hostile }))).toBe('not_found');
    }
  });

  it('an unpinned catalog entry is not downloaded by id', async () => {
    const unpinned = CATALOG.find((e) => !e.pinned)!;
    expect(refused(await call(open, 'models:download', { catalogId: unpinned.id }))).toBe('forbidden');
  });

  it('models:downloadUrl is refused without --allow-downloads, before any lookup', async () => {
    const envelope = await call(closed, 'models:downloadUrl', { url: hostile });
    expect(refused(envelope)).toBe('forbidden');
    expect(!envelope.ok && envelope.error.message).toMatch(/--allow-downloads/);
  });

  it('with --allow-downloads it is tried, https only', async () => {
    // Allowed, so the downloader runs and fails on the unresolvable host.
    expect(refused(await call(open, 'models:downloadUrl', { url: hostile }))).toBe('download_failed');
    for (const url of ['http://127.0.0.1:9/x.gguf', 'file:///etc/passwd', 'https://user:pw@example.invalid/x.gguf', '%zz']) {
      expect(refused(await call(open, 'models:downloadUrl', { url }))).toBe('invalid_request');
    }
  });
});

/** Every call that takes a path, naming `ref`. */
function pathCalls(ref: string): Array<[string, unknown]> {
  return [
    ['batches:start', { paths: [ref] }],
    ['models:add', { path: ref, mode: 'reference' }],
    ['watch:add', { folder: ref, template: null, summarize: false }],
    ['archive:backup', { dest: ref }],
    ['archive:restore', { path: ref }],
    ['archive:recover', { action: 'chooseFolder', path: ref }],
    ['archive:recover', { action: 'restore', path: ref }],
  ];
}

describe('paths over the bridge', () => {
  it('without --allow-dir every call that takes a path is refused', async () => {
    for (const [name, payload] of pathCalls(path.join(allowed, 'inbox'))) {
      expect(refused(await call(closed, name, payload)), name).toBe('path_not_allowed');
    }
    expect(refused(await call(closed, 'app:pickFolder', { purpose: 'batch' }))).toBe('unsupported');
  });

  it('outside --allow-dir is refused: other folders, .., a symlink out, relative and URL-encoded paths', async () => {
    const hostile = [
      outside,
      path.join(outside, 'secret.pdf'),
      `${allowed}/../outside`,
      `${allowed}/inbox/../../outside/secret.pdf`,
      path.join(allowed, 'escape'),
      path.join(allowed, 'escape', 'secret.pdf'),
      path.join(allowed, 'escape', 'archive-copy'),
      'outside/secret.pdf',
      '../outside',
      '%2Ftmp',
      encodeURIComponent(outside),
      `${allowed}-twin`,
      '/',
    ];
    for (const ref of hostile) {
      for (const [name, payload] of pathCalls(ref)) {
        expect(refused(await call(open, name, payload)), `${name} ${ref}`).toBe('path_not_allowed');
      }
    }
    // Nothing outside was read or written.
    const docs = await call(open, 'documents:list', {});
    expect(JSON.stringify(docs)).not.toContain('Secret Memo');
    expect(fs.readdirSync(outside).sort()).toEqual(['archive-copy', 'secret.pdf']);
    expect(fs.readdirSync(path.join(outside, 'archive-copy'))).toEqual([]);
    const watched = await call(open, 'watch:list', {});
    expect(watched).toEqual({ ok: true, data: { folders: [] } });
  });

  it('under --allow-dir the same calls work', async () => {
    const started = await call(open, 'batches:start', { paths: [path.join(allowed, 'inbox')] });
    expect(started).toMatchObject({ ok: true, data: { batch: { files: 1 } } });
    // A plaintext archive's backup is authenticated with a passphrase the caller gives.
    const backup = await call(open, 'archive:backup', { dest: allowed, passphrase: 'backup passphrase for the test' });
    expect(backup).toMatchObject({ ok: true });
    expect(fs.readdirSync(allowed).some((name) => name.startsWith('abstractor-backup-'))).toBe(true);
    const watched = await call(open, 'watch:add', { folder: path.join(allowed, 'inbox'), template: null, summarize: false });
    expect(watched).toMatchObject({ ok: true, data: { folder: { folder: fs.realpathSync(path.join(allowed, 'inbox')) } } });
    expect(await call(open, 'watch:remove', { folder: fs.realpathSync(path.join(allowed, 'inbox')) })).toEqual({ ok: true, data: { removed: true } });
  });
});

describe('paths over IPC: handles only', () => {
  it('accepts a handle main issued for its dialog, and refuses raw paths, unknown handles and handles of another session', async () => {
    const handles = new PathHandles();
    const host = await ArchiveHost.start({
      archiveDir: path.join(root, 'ipc-archive'),
      open: (dir, events) => openServices({ archiveDir: dir, entries: SOURCE_ENTRIES, events }),
      version: '9.9.9-test',
      dispatcher: { checkResponses: true },
      pathHandles: handles,
      // The desktop app's folder dialog, as main draws it: the user picks the inbox.
      pickFolder: async () => path.join(allowed, 'inbox'),
    });
    try {
      const dispatch = host.dispatch('ipc');
      const raw = path.join(allowed, 'inbox');
      const foreign = (await new PathHandles().issue(raw)).ref;
      for (const ref of [raw, foreign, 'path:' + 'f'.repeat(48), '../inbox']) {
        for (const [name, payload] of pathCalls(ref)) {
          const envelope = await dispatch(name, payload);
          expect(envelope.ok ? 'ok' : envelope.error.code, `${name} ${ref}`).toBe('path_not_allowed');
        }
      }
      const picked = await dispatch('app:pickFolder', { purpose: 'batch' });
      expect(picked).toMatchObject({ ok: true, data: { picked: { label: raw, kind: 'folder' } } });
      const { ref } = (picked as { data: { picked: { ref: string } } }).data.picked;
      expect(ref).not.toContain(raw);
      expect(await dispatch('batches:start', { paths: [ref] })).toMatchObject({ ok: true, data: { batch: { files: 1 } } });
      // The bridge of the same host never takes handles: it has no --allow-dir.
      expect(await host.dispatch('bridge')('batches:start', { paths: [ref] })).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    } finally {
      await host.dispose();
    }
  });
});
