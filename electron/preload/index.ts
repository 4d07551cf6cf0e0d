// The preload: exposes exactly the contract as window.abstractor, never ipcRenderer.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { AbstractorApi } from '../../shared/api';
import { DROPPED_PATH_CHANNEL, ipcEventChannel, isCallName, isEventName } from '../../shared/contract';

const api: AbstractorApi = {
  transport: 'ipc',
  invoke(name, request) {
    if (!isCallName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_call', message: `Unknown call "${String(name)}".` } });
    }
    return ipcRenderer.invoke(name, request);
  },
  on(name, listener) {
    if (!isEventName(name)) throw new Error(`Unknown event "${String(name)}".`);
    const channel = ipcEventChannel(name);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
  // The path comes from Electron for a File from a real drop or file input, here in the
  // preload; the page never handles it. Main answers with a handle for it.
  handleForDroppedFile(file) {
    const droppedPath = file instanceof File ? webUtils.getPathForFile(file) : '';
    if (!droppedPath) return Promise.resolve({ ok: false, error: { code: 'invalid_request', message: 'This item is not a file on this computer.' } });
    return ipcRenderer.invoke(DROPPED_PATH_CHANNEL, droppedPath);
  },
};

contextBridge.exposeInMainWorld('abstractor', api);
