// The engine process's side of the channel to its host: Electron's utilityProcess gives it
// `process.parentPort`, child_process.fork gives it `process.send`. Plain Node: must not import
// electron (parentPort is typed structurally here).
import type { EngineToHost, HostToEngine } from './engine-protocol';

export interface Transport {
  send(msg: EngineToHost): void;
  listen(handler: (msg: HostToEngine) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function detectTransport(): Transport {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (msg) => parentPort.postMessage(msg),
      listen: (handler) => parentPort.on('message', (event) => handler(event.data as HostToEngine)),
    };
  }
  if (typeof process.send === 'function') {
    // Without a parent nobody can dispose us: leave rather than hold the model in memory.
    process.on('disconnect', () => process.exit(0));
    return {
      send: (msg) => {
        if (process.connected) process.send!(msg);
      },
      listen: (handler) => process.on('message', (msg) => handler(msg as HostToEngine)),
    };
  }
  throw new Error('engine-process must be started by child_process.fork or Electron utilityProcess');
}
