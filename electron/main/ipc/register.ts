// Registers every call of the contract on ipcMain, behind a sender check, and forwards
// service events to the window. Unknown channels have no handler and fail in Electron.
import { ipcMain, type WebContents } from 'electron';
import { CALL_NAMES, ipcEventChannel } from '../../../shared/contract';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../services/events';

export function registerIpc(options: {
  dispatch: Dispatch;
  events: EventBus;
  isTrustedSender: (frameUrl: string | undefined) => boolean;
  target: () => WebContents | null;
}): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event, payload: unknown) => {
      if (!options.isTrustedSender(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the Abstractor window.' } };
      }
      return options.dispatch(name, payload);
    });
  }
  const unsubscribe = options.events.subscribe((name, payload) => {
    const target = options.target();
    if (target && !target.isDestroyed()) target.send(ipcEventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of CALL_NAMES) ipcMain.removeHandler(name);
  };
}
