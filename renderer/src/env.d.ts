// Globals the renderer relies on: `window.abstractor`, provided by the preload in Electron
// or installed by ipc/api.ts over the loopback bridge in a plain browser.
/// <reference types="vite/client" />
import type { AbstractorApi } from '../../shared/api';

declare global {
  interface Window {
    abstractor?: AbstractorApi;
  }
}

export {};
