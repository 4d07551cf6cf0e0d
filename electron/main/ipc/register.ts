// Registers every call of the contract on ipcMain, behind a sender check, and forwards
// service events to the window. Unknown channels have no handler and fail in Electron.
import { ipcMain, type WebContents } from 'electron';
import { CALL_NAMES, DROPPED_PATH_CHANNEL, ipcEventChannel } from '../../../shared/contract';
import { toErrorData } from '../../../shared/errors';
import type { Dispatch } from '../api/dispatcher';
import type { PathHandle } from '../api/path-access';
import type { EventBus } from '../services/events';

export function registerIpc(options: {
  dispatch: Dispatch;
  events: EventBus;
  isTrustedSender: (frameUrl: string | undefined) => boolean;
  target: () => WebContents | null;
  /** Issues a handle for a file or folder dropped on the window (path-access.ts). */
  registerDroppedPath: (droppedPath: string) => Promise<PathHandle>;
}): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => {
      if (!options.isTrustedSender(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Abstractor window.' } };
      }
      return options.dispatch(name, payload);
    });
  }
  // Not a contract call and not reachable through window.abstractor.invoke: only the preload
  // sends it, with the path Electron gives for a File the user dropped (webUtils). The page
  // cannot name a path here: it cannot reach ipcRenderer, and a File it builds itself has none.
  ipcMain.handle(DROPPED_PATH_CHANNEL, async (event, droppedPath: unknown) => {
    if (!options.isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Abstractor window.' } };
    }
    if (typeof droppedPath !== 'string' || droppedPath === '' || droppedPath.includes('\0')) {
      return { ok: false, error: { code: 'invalid_request', message: 'Not a dropped file.' } };
    }
    try {
      return { ok: true, data: await options.registerDroppedPath(droppedPath) };
    } catch (err) {
      return { ok: false, error: toErrorData(err) };
    }
  });
  const unsubscribe = options.events.subscribe((name, payload) => {
    const target = options.target();
    if (target && !target.isDestroyed()) target.send(ipcEventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of CALL_NAMES) ipcMain.removeHandler(name);
    ipcMain.removeHandler(DROPPED_PATH_CHANNEL);
  };
}
