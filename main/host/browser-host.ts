import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { SECURITY_HEADERS } from './content-security-policy.ts';
import { MAX_MESSAGE_BYTES } from './ipc-message.ts';
import { serveIpcSocket, type HostedTerminal } from './ipc-socket.ts';
import { contentTypeOf, resolveStaticFile } from './static-files.ts';
import { checkUpgrade, isAllowedHost, makeHostToken } from './upgrade-check.ts';
import { IPC_PROTOCOL, IPC_SOCKET_PATH, TOKEN_FRAGMENT_PARAM } from '../../common/host-socket.ts';

export interface BrowserHostOptions {
  terminal: HostedTerminal;
  /** 0 picks a free port. */
  port: number;
  /** Loopback only: nothing off this machine may reach it, whatever token it holds. */
  host?: '127.0.0.1';
  /** The built renderer (build/renderer). */
  staticDir: string;
}

export interface BrowserHost {
  /** The host's origin (http://127.0.0.1:<port>), for requests of its files. */
  url: string;
  /**
   * The address to open: the origin with this start's token in its fragment (`/#t=<token>`),
   * which the page presents on the IPC socket. The one address to print or hand to a browser.
   */
  appUrl: string;
  /** This start's token, for a tool in this process opening the socket itself (common/host-socket.ts). */
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Runs the real renderer in an ordinary browser where Electron is not available: serves the
 * built files with a strict CSP, and carries the IPC contract over a same-origin WebSocket
 * opened with this start's token (upgrade-check.ts, common/host-socket.ts).
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1';
  let port = options.port;
  // A new one at each start: an address printed before a restart no longer drives the till.
  const token = makeHostToken();

  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port)) return refuse(res, 421, 'unknown host');
    void serveFile(options.staticDir, req, res);
  });
  // Answers with the IPC protocol only: the token offered beside it is never echoed.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => IPC_PROTOCOL });
  sockets.on('connection', (socket) => serveIpcSocket(socket, options.terminal));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const verdict = path === IPC_SOCKET_PATH ? checkUpgrade(req.headers, port, token) : ({ ok: false, status: 403 } as const);
    if (!verdict.ok) {
      const reason = verdict.status === 401 ? 'Unauthorized' : 'Forbidden';
      socket.end(`HTTP/1.1 ${verdict.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const url = `http://${bindHost}:${port}`;
  return {
    url,
    appUrl: `${url}/#${TOKEN_FRAGMENT_PARAM}=${token}`,
    token,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return refuse(res, 405, 'method not allowed');
  }
  const pathname = new URL(req.url ?? '/', 'http://host').pathname;
  const file = resolveStaticFile(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) return refuse(res, 404, 'not found');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    // Built assets carry a content hash; the page itself must always be fresh.
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}
