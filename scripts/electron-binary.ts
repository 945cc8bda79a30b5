import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Path of a usable Electron binary, or null. Looks where `require('electron')` would, but
 * without calling it: with no binary, that call starts a download.
 */
export function findElectronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = join(require.resolve('electron/package.json'), '..');
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : null;
  if (!candidate || !existsSync(candidate)) return null;
  try {
    // Now that the file exists, ask the package itself (it resolves the same path).
    const resolved = require('electron') as unknown;
    return typeof resolved === 'string' && existsSync(resolved) ? resolved : null;
  } catch {
    return null;
  }
}
