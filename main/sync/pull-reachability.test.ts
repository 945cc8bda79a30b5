import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import type { EventPayload } from '../../common/ipc-contract.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { startDroppingProxy, type DroppingProxy } from './testing/dropping-proxy.ts';
import { FAST_SYNC, startServer } from './testing/sync-harness.ts';

/**
 * A terminal with nothing to send learns from its pulls alone whether the server is reached: the
 * Offline the staff see must not wait for a sale to fail.
 */
let server: CounterPosServer;
let proxy: DroppingProxy;
let t: TempTerminal;
let told: EventPayload<'outbox.changed'>[];
beforeEach(async () => {
  server = await startServer();
  proxy = await startDroppingProxy(server.url);
  t = tempTerminal({ serverUrl: proxy.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
  told = [];
  t.terminal.on('outbox.changed', (e) => told.push(e));
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await proxy.close();
  await server.close();
});

describe('online and offline from the pull', () => {
  it('goes offline after three pulls that got no answer, with nothing in the outbox, and online at the next answer', async () => {
    const pull = () => t.terminal.sync.puller.pullOnce();
    proxy.drop({ method: 'GET', path: /^\/v2\/changes$/, times: 3 });
    await pull();
    await pull();
    expect((await t.call('sync.status', {})).online).toBe(true); // two failures are not yet offline
    await pull();
    const offline = await t.call('sync.status', {});
    expect(offline).toMatchObject({ online: false, outbox: { pending: 0, failed: 0, blocked: 0 }, lastError: { code: 'pull_no_answer' } });
    expect(told.at(-1)).toMatchObject({ online: false });

    await pull(); // the proxy lets this one through
    expect(await t.call('sync.status', {})).toMatchObject({ online: true, lastError: null });
    expect(told.at(-1)).toMatchObject({ online: true });
    expect(proxy.log.filter((l) => l.path === '/v2/changes').map((l) => l.dropped)).toEqual([true, true, true, false]);
  });

  it('counts a pull once, however many of its requests got no answer', async () => {
    // A rule set and a catalog are due: one pull asks for them and for the changes.
    for (const key of ['pull.rulesDue', 'pull.catalogDue']) t.terminal.ctx.stores.settings.set(key, true);
    proxy.drop({ method: 'GET', path: /^\/v2\/(order-state-rules|catalog|changes)$/, times: 3 });
    await t.terminal.sync.puller.pullOnce();
    expect(proxy.log.map((l) => [l.path, l.dropped])).toEqual([
      ['/v2/order-state-rules', true],
      ['/v2/catalog', true],
      ['/v2/changes', true],
    ]);
    expect((await t.call('sync.status', {})).online).toBe(true); // one pull with no answer, not three
  });

  it('leaves online and offline to the pushes while operations wait to be sent', async () => {
    proxy.drop({ method: 'POST', path: /^\/v2\/orders$/, times: 1_000 });
    const offline = new Promise<void>((resolve) => {
      t.terminal.on('outbox.changed', (e) => {
        if (!e.online) resolve();
      });
    });
    await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    t.terminal.sync.start();
    await offline;
    // The server answers reads: the pull gets its answer, but the create still gets none.
    await t.terminal.sync.puller.pullOnce();
    expect(proxy.log.some((l) => l.path === '/v2/changes' && !l.dropped)).toBe(true);
    expect(await t.call('sync.status', {})).toMatchObject({ online: false, outbox: { pending: 1 } });
    expect(told.filter((e) => e.online).length).toBe(told.findIndex((e) => !e.online)); // never back online
    await t.terminal.sync.stop();
  });
});

describe('a device token the server does not know', () => {
  it('is said as a refused token, and the server still counts as reached', async () => {
    const stranger = tempTerminal({ serverUrl: server.url, deviceId: 'till-9', deviceToken: 'not-a-token' }, { sync: FAST_SYNC, stateTimers: false });
    try {
      for (let i = 0; i < 3; i++) await stranger.terminal.sync.puller.pullOnce();
      const status = await stranger.call('sync.status', {});
      expect(status.online).toBe(true);
      expect(status.lastError).toMatchObject({ code: 'token_refused', params: { detail: expect.stringContaining('device token') } });
      expect(stranger.terminal.ctx.stores.settings.get('pull.cursor')).toBeUndefined();
    } finally {
      await stranger.terminal.shutdown();
      stranger.cleanup();
    }
  });
});
