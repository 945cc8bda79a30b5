import type { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './app-origin.ts';
import { reloadBackoff } from './kiosk-rules.ts';

/**
 * A till or kiosk nobody can restart by hand: a crashed, hung or failed page must come back by
 * itself. Crashes and failed loads of the app's page reload it after a wait that grows while they
 * repeat (a page crashing in a loop reloads at most once a minute, never stops); a page hung for
 * `HUNG_RENDERER_MS` has its renderer killed, which the crash path then reloads.
 */

/** How long a page may stay unresponsive before its renderer is killed. */
export const HUNG_RENDERER_MS = 10_000;
/** Chromium's net::ERR_ABORTED: a load replaced by another (our own reload, say), not a failure. */
const ERR_ABORTED = -3;

export function superviseRenderer(win: BrowserWindow): void {
  const contents = win.webContents;
  const nextWait = reloadBackoff();
  let reload: NodeJS.Timeout | undefined;
  let hung: NodeJS.Timeout | undefined;

  const stopHangClock = () => {
    clearTimeout(hung);
    hung = undefined;
  };
  // One reload at a time: a crash often comes with a failed load of the same page.
  const reloadLater = (why: string) => {
    if (reload || win.isDestroyed()) return;
    const wait = nextWait();
    console.warn(`${why}; reloading the app in ${wait / 1000} s`);
    reload = setTimeout(() => {
      reload = undefined;
      if (!win.isDestroyed()) void win.loadURL(APP_ENTRY_URL);
    }, wait);
  };

  contents.on('render-process-gone', (_event, details) => {
    stopHangClock();
    if (details.reason === 'clean-exit') return;
    reloadLater(`renderer gone (${details.reason}, exit code ${details.exitCode})`);
  });
  contents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED || !isAppUrl(url)) return;
    reloadLater(`the app's page failed to load (${errorCode} ${errorDescription})`);
  });
  win.on('unresponsive', () => {
    if (hung) return;
    hung = setTimeout(() => {
      hung = undefined;
      if (win.isDestroyed()) return;
      console.error(`the page has not answered for ${HUNG_RENDERER_MS / 1000} s; killing its renderer to reload it`);
      contents.forcefullyCrashRenderer();
    }, HUNG_RENDERER_MS);
  });
  win.on('responsive', stopHangClock);
  win.on('closed', () => {
    stopHangClock();
    clearTimeout(reload);
  });
}
