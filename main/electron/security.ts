import type { Session, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/content-security-policy.ts';
import { isAppUrl } from './app-origin.ts';

/**
 * Everything that keeps a page from escaping the renderer sandbox, in one place: isolated,
 * sandboxed pages without Node; no navigation away from the app; no new windows and nothing
 * handed to the system browser (the app has no external links, and a kiosk must not open one);
 * no permissions; a strict CSP on every response.
 */

/** How much of a refused address goes to the log: enough to recognise it, not a page's whole payload. */
const LOGGED_URL_CHARS = 200;

export function secureWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Applied to every web contents the app creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  // The address is read from the event's details: the positional `url` arguments of
  // will-navigate and will-redirect are deprecated in Electron and may go.
  const stayInApp = (what: string) => (details: { url: string; preventDefault(): void }) => {
    if (isAppUrl(details.url)) return;
    details.preventDefault();
    logRefused(what, details.url);
  };
  contents.on('will-navigate', stayInApp('navigation'));
  contents.on('will-frame-navigate', stayInApp('frame navigation'));
  contents.on('will-redirect', stayInApp('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('refused a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logRefused('new window', url);
    return { action: 'deny' };
  });
}

function logRefused(what: string, url: string): void {
  console.warn(`refused ${what} to ${JSON.stringify(url.slice(0, LOGGED_URL_CHARS))}`);
}
