// What a token holder can make the backend do over the loopback bridge: no fetching and no
// roaming. A catalog download takes an id only, a download from a URL needs
// `serve --allow-downloads`, and calls that take a path accept only paths under the folders
// given with `serve --allow-dir`. Each hostile case goes through the real bridge over HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { CATALOG } from '../../electron/main/services/models/catalog';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { removeDir, tempDir } from '../helpers/temp-archive';

let root: string;
/** Started as `serve` starts by default: no --allow-downloads, no --allow-dir. */
let closed: Backend;
/** Started with --allow-downloads. */
let open: Backend;

beforeAll(async () => {
  root = tempDir('abstractor-bridge-access-');
  const common = { entries: SOURCE_ENTRIES, version: '9.9.9-test', modelDownloads: { connectTimeoutMs: 3000 } };
  closed = await startBackend({ ...common, archiveDir: path.join(root, 'closed') });
  open = await startBackend({ ...common, archiveDir: path.join(root, 'open'), allowDownloads: true });
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
