// Session-wide security: no permissions, no remote content. Only app/ and ipc/ import electron.
import { session } from 'electron';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../../shared/page-csp';

/**
 * Requests the renderer may make: its own files and in-memory data, plus the dev server.
 * With `cspHeader`, every response also carries the page's CSP as a header, so the policy
 * holds even if the meta tag were lost or edited.
 */
export function hardenSession(devServerUrl: string | undefined, cspHeader: boolean): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const local = /^(file|data|blob|devtools|chrome-extension):/.test(url);
    const dev = devOrigin !== null && (url.startsWith(devOrigin) || url.startsWith(devOrigin.replace(/^http/, 'ws')));
    callback({ cancel: !(local || dev) });
  });
  if (cspHeader) {
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [PAGE_CONTENT_SECURITY_POLICY] } });
    });
  }
}
