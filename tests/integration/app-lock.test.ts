// The app lock in the host (Electron main and the bridge share it), over a real archive: the
// idle timer locks, a locked host answers only the lock's own calls and app:info (app_locked
// for the rest, whatever the transport), generated text is held back from the page's events
// while locked, and the plaintext archive's unlock is a confirmation. The browser side is
// tests/e2e/app-lock.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import { ArchiveHost } from '../../electron/main/api/archive-host';
import { openServices } from '../../electron/main/services/compose';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { removeDir, tempDir } from '../helpers/temp-archive';

let host: ArchiveHost;
const dir = tempDir('abstractor-lock-');

beforeAll(async () => {
  host = await ArchiveHost.start({ archiveDir: dir, version: 'test', open: (archiveDir, events) => openServices({ archiveDir, events, entries: SOURCE_ENTRIES }) });
});

afterAll(async () => {
  await host?.dispose();
  removeDir(dir);
});

describe('app lock in the host', () => {
  it('locks after the idle time and then answers only the lock calls, on every transport', async () => {
    const ipc = host.dispatch('ipc');
    expect(await ipc('privacy:setSettings', { lockAfterSeconds: 5 })).toMatchObject({ ok: true });
    const heard: EventName[] = [];
    const stop = host.pageEvents.subscribe((name) => heard.push(name));
    await expect.poll(() => host.lock.isLocked, { timeout: 15_000, interval: 250 }).toBe(true);
    expect(heard).toContain('lock:changed');

    for (const transport of ['ipc', 'bridge'] as const) {
      const refused = await host.dispatch(transport)('documents:list', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'app_locked' } });
    }
    expect(await ipc('app:info', {})).toMatchObject({ ok: true });
    expect(await ipc('lock:state', {})).toMatchObject({ ok: true, data: { locked: true, unlockWith: 'confirm', lockAfterSeconds: 5 } });

    // What the model writes stays in main while locked; other events still reach the page.
    host.events.emit('summaries:tokens', { runId: 1, text: 'periwinkle' } as never);
    host.events.emit('documents:changed', { ids: [1] });
    expect(heard).not.toContain('summaries:tokens');
    expect(heard).toContain('documents:changed');

    expect(await ipc('lock:unlock', {})).toMatchObject({ ok: true, data: { locked: false } });
    expect(await ipc('documents:list', {})).toMatchObject({ ok: true });
    host.events.emit('summaries:tokens', { runId: 1, text: 'x' } as never);
    expect(heard).toContain('summaries:tokens');
    stop();
    expect(await ipc('privacy:setSettings', { lockAfterSeconds: 900 })).toMatchObject({ ok: true });
    const actions = host.services!.accessLog.list({}).entries.map((e) => e.action);
    expect(actions).toEqual(['unlocked', 'locked']);
  }, 30_000);
});
