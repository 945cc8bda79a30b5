import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_PROTOCOL, socketProtocols } from '../../common/host-socket.ts';
import { startBrowserHost, type BrowserHost } from './browser-host.ts';
import type { HostedTerminal } from './ipc-socket.ts';

/** A stand-in terminal: answers every command with its name, so a reply proves the socket drives it. */
const terminal: HostedTerminal = {
  dispatch: (async (name: string) => ({ ok: true, value: name })) as unknown as HostedTerminal['dispatch'],
  onScreen: () => () => {},
};

let host: BrowserHost;
let staticDir: string;
beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'pos-host-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startBrowserHost({ terminal, port: 0, staticDir });
});
afterAll(async () => {
  await host.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** Opens the IPC socket as a local program could: any Origin header, any subprotocols. */
function open(origin: string, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.url.replace(/^http/, 'ws')}/ipc`, protocols, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('the browser host', () => {
  it('hands its token out only in the address to open, as a fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.appUrl).toBe(`${host.url}/#t=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses 401 a program that forges the Origin but has no token, or another one', async () => {
    await expect(open(host.url, [])).rejects.toThrow('HTTP 401');
    await expect(open(host.url, [IPC_PROTOCOL])).rejects.toThrow('HTTP 401');
    await expect(open(host.url, socketProtocols('A'.repeat(43)))).rejects.toThrow('HTTP 401');
  });

  it('refuses 403 another origin even with the token', async () => {
    await expect(open('http://evil.example', socketProtocols(host.token))).rejects.toThrow('HTTP 403');
  });

  it('serves the IPC contract to a page presenting the token, answering with the IPC protocol only', async () => {
    const socket = await open(host.url, socketProtocols(host.token));
    try {
      expect(socket.protocol).toBe(IPC_PROTOCOL);
      const reply = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ id: 1, name: 'orders.listActive', input: {} }));
      expect(await reply).toEqual({ id: 1, result: { ok: true, value: 'orders.listActive' } });
    } finally {
      socket.close();
    }
  });

  it('makes a new token at each start', async () => {
    const other = await startBrowserHost({ terminal, port: 0, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
      await expect(
        new Promise((resolve, reject) => {
          const socket = new WebSocket(`${other.url.replace(/^http/, 'ws')}/ipc`, socketProtocols(host.token), { origin: other.url });
          socket.once('open', resolve);
          socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
        }),
      ).rejects.toThrow('HTTP 401');
    } finally {
      await other.close();
    }
  });
});
