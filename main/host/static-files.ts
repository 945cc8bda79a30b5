import { extname, resolve, sep } from 'node:path';

/** File lookup for the built renderer, shared by the browser host and the Electron app:// protocol. */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path ("/assets/index-abc.js", "/") to a file inside `root`, or null when the path
 * is malformed or would leave the folder ("/../db/terminal.sqlite", encoded slashes, NUL).
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const base = resolve(root);
  const file = resolve(base, relative);
  if (!file.startsWith(base + sep)) return null;
  return file;
}
