/**
 * Where the app's own pages live inside Electron: a privileged, standard `app://` scheme served
 * from the built renderer. Anything else (file://, http://, another host) is foreign.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'counter-pos';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True only for our pages. (Node's URL gives non-special schemes the origin "null", so compare parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
