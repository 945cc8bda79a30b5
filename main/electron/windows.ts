import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import { isBlockedKioskShortcut } from './kiosk-rules.ts';
import { superviseRenderer } from './recovery.ts';
import { secureWebPreferences } from './security.ts';

export interface WindowSetup {
  preload: string;
  devTools: boolean;
}

/** The staff's window: an ordinary resizable window. */
export function createCounterWindow(setup: WindowSetup): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Counter POS',
    backgroundColor: '#f4f5f7',
    webPreferences: secureWebPreferences(setup.preload, setup.devTools),
  });
  return open(win);
}

/**
 * The self-service window: full screen and locked, no menu, no developer tools, no shortcuts to
 * reload or close; it closes only when `mayClose()` says so (after the admin PIN).
 */
export function createKioskWindow(setup: WindowSetup, mayClose: () => boolean): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    show: false,
    title: 'Counter POS',
    backgroundColor: '#f4f5f7',
    webPreferences: secureWebPreferences(setup.preload, false),
  });
  win.setMenu(null);
  win.on('close', (event) => {
    if (!mayClose()) event.preventDefault();
  });
  win.on('leave-full-screen', () => win.setKiosk(true));
  win.webContents.on('devtools-opened', () => win.webContents.closeDevTools());
  win.webContents.on('before-input-event', (event, input) => {
    if (isBlockedKioskShortcut(input)) event.preventDefault();
  });
  return open(win);
}

function open(win: BrowserWindow): BrowserWindow {
  win.once('ready-to-show', () => win.show());
  superviseRenderer(win);
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
