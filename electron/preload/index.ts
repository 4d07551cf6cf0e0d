// The preload: exposes exactly the contract as window.abstractor, never ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AbstractorApi } from '../../shared/api';
import { ipcEventChannel, isCallName, isEventName } from '../../shared/contract';

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
};

contextBridge.exposeInMainWorld('abstractor', api);
