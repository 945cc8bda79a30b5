import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { IPC_PROTOCOL } from '../common/host-socket.ts';
import { createSocketPosApi, HOST_TOKEN_KEY, takeHostToken } from './pos-bridge.ts';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A stand-in for the browser host's socket: records each request it gets, answers or drops as told. */
async function host(port: number, onRequest: (socket: import('ws').WebSocket, request: { id: number; name: string }) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise((resolve) => server.once('listening', resolve));
  const received: string[] = [];
  const connected = new Promise<void>((resolve) => server.once('connection', () => resolve()));
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; name: string };
      received.push(request.name);
      onRequest(socket, request);
    });
  });
  return { received, connected, close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('the browser host bridge', () => {
  it('sends a request made while connecting once the connection opens, and gives its answer', async () => {
    const port = await freePort();
    const h = await host(port, (socket, { id }) => socket.send(JSON.stringify({ id, result: { ok: true, value: 'pong' } })));
    stops.push(h.close);
    const api = createSocketPosApi(`ws://127.0.0.1:${port}/ipc`);
    expect(await api.invoke('terminal.info', {})).toEqual({ ok: true, value: 'pong' });
    expect(h.received).toEqual(['terminal.info']);
  });

  it('sends a request made while the host is down once it comes back, once', async () => {
    const port = await freePort();
    const api = createSocketPosApi(`ws://127.0.0.1:${port}/ipc`);
    const answer = api.invoke('orders.create', {});
    // The first connection fails; the request waits for a later one.
    const h = await host(port, (socket, { id }) => socket.send(JSON.stringify({ id, result: { ok: true, value: 'made' } })));
    stops.push(h.close);
    expect(await answer).toEqual({ ok: true, value: 'made' });
    expect(h.received).toEqual(['orders.create']);
  });

  it('answers a request that found no connection within its wait `not_sent`, and never sends it later', async () => {
    const port = await freePort();
    const api = createSocketPosApi(`ws://127.0.0.1:${port}/ipc`, { waitMs: 300 });
    // Nothing listens for longer than the request waits.
    expect(await api.invoke('orders.create', {})).toMatchObject({ ok: false, error: { code: 'not_sent', message: expect.stringMatching(/nothing was done/) } });
    // The host comes up: the bridge reconnects, and a new request goes through…
    const h = await host(port, (socket, { id }) => socket.send(JSON.stringify({ id, result: { ok: true, value: null } })));
    stops.push(h.close);
    await h.connected;
    expect(await api.invoke('terminal.info', {})).toEqual({ ok: true, value: null });
    // …but the one the staff were told had not been done never reaches it.
    expect(h.received).toEqual(['terminal.info']);
  });

  it('answers a request sent on a connection that then drops `disconnected`: it may have been done', async () => {
    const port = await freePort();
    const h = await host(port, (socket) => socket.terminate());
    stops.push(h.close);
    const api = createSocketPosApi(`ws://127.0.0.1:${port}/ipc`);
    expect(await api.invoke('payments.record', { orderClientId: 'x', method: 'cash', amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'disconnected', message: expect.stringMatching(/check the order before retrying/) },
    });
    expect(h.received).toEqual(['payments.record']);
  });
});

describe("the browser host's token", () => {
  /** A tab: its address, its sessionStorage and its history, as the bridge sees them. */
  function tab(hash: string) {
    const stored = new Map<string, string>();
    const address = { hash, pathname: '/', search: '' };
    const shown: string[] = [];
    return {
      address,
      stored,
      shown,
      storage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) },
      history: { state: null, replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => void shown.push(String(url)) },
    };
  }

  it('is read from the address the host printed, kept for the tab, and taken out of the address bar', () => {
    const t = tab('#t=abc_DEF-123');
    expect(takeHostToken(t.address, t.storage, t.history)).toBe('abc_DEF-123');
    expect(t.stored.get(HOST_TOKEN_KEY)).toBe('abc_DEF-123');
    expect(t.shown).toEqual(['/']);
  });

  it('is found again after a reload, whose address no longer holds it', () => {
    const t = tab('');
    t.stored.set(HOST_TOKEN_KEY, 'abc_DEF-123');
    expect(takeHostToken(t.address, t.storage, t.history)).toBe('abc_DEF-123');
    expect(t.shown).toEqual([]);
  });

  it('is null where the page was opened without it', () => {
    const t = tab('#other=1');
    expect(takeHostToken(t.address, t.storage, t.history)).toBeNull();
  });

  it('is offered on the socket as a subprotocol beside the IPC protocol, never in the URL', async () => {
    const port = await freePort();
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    stops.push(() => new Promise<void>((resolve) => {
      for (const client of server.clients) client.terminate();
      server.close(() => resolve());
    }));
    await new Promise((resolve) => server.once('listening', resolve));
    const upgrade = new Promise<{ url: string; protocols: string }>((resolve) =>
      server.once('connection', (_socket, request) => resolve({ url: request.url ?? '', protocols: String(request.headers['sec-websocket-protocol']) })),
    );
    createSocketPosApi(`ws://127.0.0.1:${port}/ipc`, { token: 'abc_DEF-123' });
    expect(await upgrade).toEqual({ url: '/ipc', protocols: `${IPC_PROTOCOL}, counter-pos.token.abc_DEF-123` });
  });
});
