import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { tempTerminal } from '../testing/temp-terminal.ts';
import { startDroppingProxy, type DroppingProxy } from './testing/dropping-proxy.ts';
import { FAST_SYNC, outboxRows, startServer } from './testing/sync-harness.ts';

/** A terminal closed at once (`close()`, as the desktop app does when its shutdown grace runs out) while requests are in flight. */
let server: CounterPosServer;
let proxy: DroppingProxy;
beforeEach(async () => {
  server = await startServer();
  proxy = await startDroppingProxy(server.url);
});
afterEach(async () => {
  proxy.release();
  await proxy.close();
  await server.close();
});

describe('closing with requests in flight', () => {
  it('drops the answers that come after: no write to the closed database, no error, no unhandled rejection; the next start sends again with the same key', async () => {
    const errors: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const t = tempTerminal({ serverUrl: proxy.url, deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
    try {
      // A pull and an order's create both held at the proxy: in flight, the create committed on the server.
      proxy.drop({ method: 'GET', path: /^\/v2\/changes$/, times: 1, hold: true });
      proxy.drop({ method: 'POST', path: /^\/v2\/orders$/, times: 1, hold: true });
      t.terminal.sync.start();
      const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 300 }] });
      await expect.poll(() => proxy.holding, { timeout: 10_000 }).toBe(2);
      const [key] = JSON.parse(outboxRows(t, order.clientId)[0]!.keys) as string[];

      t.terminal.close();
      // The create's answer arrives while the pull is still out.
      proxy.release(/^\/v2\/orders$/);
      await expect.poll(() => t.terminal.sync.pusher.inFlight === 0 || errors.length > 0, { timeout: 10_000 }).toBe(true);
      proxy.release();
      await t.terminal.sync.stop();
      expect(errors).toEqual([]);
      expect(rejections).toEqual([]);

      // Started again: the create goes once more with its key, and the server keeps one order.
      const again = tempTerminal({ dataDir: t.dataDir, serverUrl: server.url, deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
      try {
        again.terminal.sync.pusher.start();
        await again.terminal.sync.pusher.settled();
        expect(outboxRows(again, order.clientId)[0]).toMatchObject({ state: 'done' });
        expect(JSON.parse(outboxRows(again, order.clientId)[0]!.keys)).toEqual([key]);
        const held = (await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: Array<{ clientId: string }> };
        expect(held.orders.filter((o) => o.clientId === order.clientId)).toHaveLength(1);
      } finally {
        again.terminal.close();
      }
    } finally {
      spy.mockRestore();
      process.off('unhandledRejection', onRejection);
      t.cleanup();
    }
  });
});
