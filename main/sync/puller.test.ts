import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { startDroppingProxy } from './testing/dropping-proxy.ts';
import { backOffice, drained, FAST_SYNC, startServer, syncingTerminal } from './testing/sync-harness.ts';

/** The pull merges other parties' changes without dropping local transactions or pending work. */
let server: CounterPosServer;
let a: TempTerminal;
let b: TempTerminal;
beforeEach(async () => {
  server = await startServer();
  a = syncingTerminal(server, 'till-1');
  b = syncingTerminal(server, 'till-2');
});
afterEach(async () => {
  for (const t of [a, b]) {
    await t.terminal.shutdown();
    t.cleanup();
  }
  await server.close();
});

describe('pull', () => {
  it('brings in orders made on another terminal, with a durable cursor', async () => {
    const made = await b.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 2, unitPrice: 150 }], customer: { name: 'Zoe' } });
    b.terminal.sync.start();
    await drained(b);
    expect(await a.terminal.sync.puller.pullOnce()).toBeGreaterThan(0);
    const seen = await a.call('orders.get', { orderClientId: made.clientId });
    expect(seen).toMatchObject({ total: 300, customer: { name: 'Zoe' }, syncStatus: 'Synced', transactions: [] });
    expect(seen.serverId).toBeGreaterThan(0);
    expect((await a.call('orders.listActive', {})).map((o) => o.clientId)).toContain(made.clientId);
    const cursor = a.terminal.ctx.stores.settings.get<string>('pull.cursor');
    expect(cursor).toBeTruthy();
    expect(await a.terminal.sync.puller.pullOnce()).toBe(0); // nothing new since the cursor
  });

  it('merges a remote edit into an order with local payments and pending edits, dropping nothing', async () => {
    a.terminal.sync.start();
    const order = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 500 }] });
    await drained(a);
    await a.terminal.sync.stop();
    const synced = await a.call('orders.get', { orderClientId: order.clientId });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 200 });
    await a.call('orders.addLine', { orderClientId: order.clientId, sku: 'LOCAL', name: 'Local', qty: 1, unitPrice: 100 });
    await backOffice(server, 'POST', `/__test/orders/${synced.serverId}/edit`, {
      customer: { name: 'From the back office', phone: null },
    });
    await a.terminal.sync.puller.pullOnce();
    const merged = await a.call('orders.get', { orderClientId: order.clientId });
    expect(merged.customer?.name).toBe('From the back office');
    expect(merged.lines.map((l) => l.sku)).toEqual(['A', 'LOCAL']);
    expect(merged.transactions.map((t) => t.amount)).toEqual([200]);
    expect(merged.balance).toBe(400);
    a.terminal.sync.start();
    await drained(a);
    const held = await backOffice<{ orders: Array<{ lines: Array<{ sku: string }>; customer: { name: string } }> }>(server, 'GET', '/__test/orders');
    expect(held.orders[0]!.lines.map((l) => l.sku)).toEqual(['A', 'LOCAL']);
    expect(held.orders[0]!.customer.name).toBe('From the back office');
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('learning that an order was deleted on the server while money is held here blocks it, tells the staff once, and keeps the money', async () => {
    a.terminal.sync.start();
    const order = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 500 }] });
    await drained(a);
    await a.terminal.sync.stop();
    const synced = await a.call('orders.get', { orderClientId: order.clientId });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 250 });
    await backOffice(server, 'POST', `/__test/orders/${synced.serverId}/delete`);
    // What a listener sees when told: the notification is already committed and listed.
    const told: Array<{ id: string; listed: boolean }> = [];
    a.terminal.on('notification', (n) => {
      const listed = a.terminal.ctx.sqlite.prepare('select 1 from notifications where id = ?').get(n.id) !== undefined;
      told.push({ id: n.id, listed: listed && !a.terminal.ctx.sqlite.inTransaction });
    });

    await a.terminal.sync.puller.pullOnce();
    const blocked = await a.call('orders.get', { orderClientId: order.clientId });
    expect(blocked.syncStatus).toBe('Blocked');
    expect(blocked.blockedReason?.message).toBe('the order was deleted on the server while this terminal holds €2.50 in payments; the money is kept on record here — refund it, or ask the back office');
    expect(blocked.transactions.map((t) => t.amount)).toEqual([250]);
    const stored = await a.call('states.notifications', { orderClientId: order.clientId });
    expect(stored).toEqual([expect.objectContaining({ kind: 'sync_blocked', message: blocked.blockedReason?.message, orderNumber: String(synced.serverId) })]);
    expect(told).toEqual([{ id: stored[0]!.id, listed: true }]);

    await a.terminal.sync.puller.pullOnce(); // nothing new: nothing told again
    expect(await a.call('states.notifications', { orderClientId: order.clientId })).toHaveLength(1);
  });

  it('an order completed elsewhere while money is held here waits for the refund, then takes the server’s completion', async () => {
    a.terminal.sync.start();
    const order = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 500 }] });
    await drained(a);
    const synced = await a.call('orders.get', { orderClientId: order.clientId });
    await a.terminal.sync.stop();
    const paid = await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 300 });
    await backOffice(server, 'POST', `/__test/orders/${synced.serverId}/close`);
    await a.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'B', qty: 1, unitPrice: 100 });
    await a.terminal.sync.puller.pullOnce(); // learnt by the pull, the edit still waiting to be sent
    const blocked = await a.call('orders.get', { orderClientId: order.clientId });
    expect(blocked).toMatchObject({ status: 'InProgress', syncStatus: 'Blocked', blockedReason: {
        code: 'server_final',
        params: { reason: 'done_held', held: { minor: 300, currency: 'EUR' } },
        message: 'the order was completed elsewhere while this terminal holds €3.00 in payments: refund them here',
      },
    });

    // A part refunded: still held, still Blocked.
    const txId = paid.transactions[0]!.txId;
    expect(await a.call('payments.refund', { orderClientId: order.clientId, txId, amount: 100 })).toMatchObject({ syncStatus: 'Blocked' });
    const settled = await a.call('payments.refund', { orderClientId: order.clientId, txId, amount: 200 });
    expect(settled).toMatchObject({ status: 'Done', syncStatus: 'Synced', blockedReason: null, sale: null });
    expect(settled.lines.map((l) => l.sku)).toEqual(['A']); // the server's order, without the edit it never took
    expect(settled.transactions.map((t) => t.amount)).toEqual([300, -100, -200]);
    expect(a.terminal.ctx.stores.outbox.openOperations(order.clientId)).toEqual([]);
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('hands carriers’ notices and new rules to the order-state domain', async () => {
    a.terminal.sync.pusher.start();
    const order = await a.call('orders.create', {});
    const withDelivery = await a.call('orders.setDelivery', {
      orderClientId: order.clientId,
      delivery: { address: '1 Main St', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }] },
    });
    await drained(a);
    const shipmentId = withDelivery.delivery!.shipments[0]!.shipmentId;
    await backOffice(server, 'POST', `/__test/shipments/${shipmentId}/step-states`, { code: 'dispatched', at: '2026-11-21T10:00:00.000Z' });
    await a.terminal.sync.puller.pullOnce();
    a.terminal.states.drain();
    await backOffice(server, 'PUT', '/__test/order-state-rules', {
      rules: [{ id: 'R9', state: 'InDelivery', code: 'picked', minPercent: 100, position: 1, active: true }],
    });
    await a.terminal.sync.puller.pullOnce();
    expect((await a.call('states.rules', {})).rules.map((r) => r.id)).toEqual(['R9']);
    const timeline = await a.call('states.timeline', { orderClientId: order.clientId });
    expect(JSON.stringify(timeline)).toContain('dispatched');
    expect((await a.call('orders.get', { orderClientId: order.clientId })).orderState).toBe('InDelivery');
  });

  it('fetches a catalog a page announced even when that fetch broke, after a restart too: it is not left for the next catalog change', async () => {
    const proxy = await startDroppingProxy(server.url);
    let again: TempTerminal | undefined;
    try {
      a.terminal.sync.setServerUrl(proxy.url);
      await a.terminal.sync.puller.pullOnce();
      const before = await a.call('catalog.list', {});
      const catalogRequests = () => proxy.log.filter((l) => l.path === '/v2/catalog').slice(1); // after the first pull's
      const products = [{ sku: 'NEW1', name: 'Rye loaf', price: 420, currency: 'EUR', barcode: null }];
      const published = await backOffice<{ version: number }>(server, 'POST', '/__test/catalog', { products });
      // The page announcing it is pulled and its cursor kept; the catalog's answer is lost on the way.
      proxy.drop({ method: 'GET', path: /^\/v2\/catalog$/, times: 1 });
      await a.terminal.sync.puller.pullOnce();
      expect(catalogRequests().map((l) => l.dropped)).toEqual([true]);
      expect(await a.call('catalog.list', {})).toEqual(before);
      // Stopped before the next pull; started again, with nothing new on the server.
      a.terminal.close();
      again = tempTerminal({ dataDir: a.dataDir, serverUrl: proxy.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
      expect(await again.terminal.sync.puller.pullOnce()).toBe(0);
      expect(await again.call('catalog.list', {})).toEqual({ version: published.version, products: [{ sku: 'NEW1', name: 'Rye loaf', unitPrice: 420, barcode: null }] });
      // Fetched once: the next pull does not ask again.
      await again.terminal.sync.puller.pullOnce();
      expect(catalogRequests().map((l) => l.dropped)).toEqual([true, false]);
    } finally {
      again?.terminal.close();
      await proxy.close();
    }
  });
});

describe('pull past an order it cannot take', () => {
  it("an order from another terminal reusing one of this terminal's line ids is skipped and said; the later orders still arrive", async () => {
    a.terminal.sync.pusher.start();
    const mine = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(a);
    await a.terminal.sync.puller.pullOnce(); // A is up to date
    // Terminal B's order, given by the back office a line under the id of A's line (a terminal's
    // create or PATCH doing so is refused, 409 client_id_conflict; orders stored before that rule may hold one).
    b.terminal.sync.pusher.start();
    const reusing = await b.call('orders.create', { lines: [{ sku: 'B', name: 'B', qty: 1, unitPrice: 200 }] });
    const later = await b.call('orders.create', { lines: [{ sku: 'C', name: 'C', qty: 1, unitPrice: 300 }] });
    await drained(b);
    const reusingId = (await b.call('orders.get', { orderClientId: reusing.clientId })).serverId;
    const { sku, name, qty, unitPrice, discount } = reusing.lines[0]!;
    await backOffice(server, 'POST', `/__test/orders/${reusingId}/edit`, { lines: [{ lineId: mine.lines[0]!.lineId, sku, name, qty, unitPrice, discount }] });

    await a.terminal.sync.puller.pullOnce();

    expect((await a.call('orders.get', { orderClientId: later.clientId })).lines.map((l) => l.sku)).toEqual(['C']);
    expect(a.terminal.ctx.stores.orders.get(reusing.clientId)).toBeUndefined();
    expect((await a.call('orders.get', { orderClientId: mine.clientId })).lines).toEqual(mine.lines);
    expect((await a.call('sync.status', {})).lastError).toMatchObject({ code: 'change_skipped', params: { reason: 'order', order: String(reusingId) } });
    // Every later pull goes on too.
    const next = await b.call('orders.create', { lines: [{ sku: 'D', name: 'D', qty: 1, unitPrice: 400 }] });
    await drained(b);
    await a.terminal.sync.puller.pullOnce();
    expect(a.terminal.ctx.stores.orders.get(next.clientId)).toBeDefined();
    // …and the order not taken stays said, fetched again, until it is (pull-not-taken.test.ts).
    expect(a.terminal.ctx.stores.orders.get(reusing.clientId)).toBeUndefined();
    expect(a.terminal.sync.puller.lastError).toMatchObject({ code: 'change_skipped', params: { reason: 'order', order: String(reusingId) } });
  });
});
