import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../host/content-security-policy.ts';
import { contentTypeOf, resolveStaticFile } from '../host/static-files.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

/** Must run before `app.whenReady()`: app:// behaves like https (secure, standard, fetch, CORS). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer on app://counter-pos/, with the same headers as the browser host. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST && request.method === 'GET' ? resolveStaticFile(rendererDir, url.pathname) : null;
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) } });
  });
}
