import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { backOffice, drained, outboxRows, startServer, syncingTerminal } from '../sync/testing/sync-harness.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';

/**
 * A job that adds a history entry without moving the current state still queues a stateHistory
 * operation: the pusher must be woken for it, with nothing else happening on the terminal.
 */
let server: CounterPosServer;
let t: TempTerminal;
beforeEach(async () => {
  server = await startServer();
  t = syncingTerminal(server);
  t.terminal.sync.start();
  await t.terminal.sync.puller.pullOnce();
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await server.close();
});

type Held = { orders: Array<{ clientId: string; stateHistory: Array<{ id: string; ruleId: string; state: string }> }> };

describe('state history reaches the server', () => {
  it('when an entry is added before the current state, without any other trigger', async () => {
    const order = await t.call('orders.create', { lines: [{ sku: 'S1', name: 'Item', qty: 1, unitPrice: 100 }] });
    const id = order.clientId;
    const view = await t.call('orders.setDelivery', {
      orderClientId: id,
      delivery: { address: '1 Main St', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }, { carrier: 'DHL', trackingNo: 'T2' }] },
    });
    const [A] = view.delivery!.shipments.map((s) => s.shipmentId) as [string];
    await drained(t);
    // Notices of the past hours (a notice may not be dated long before its order was taken).
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

    await t.call('states.addStepState', { shipmentId: A, code: 'delayed', at: hoursAgo(2) });
    t.terminal.states.drain();
    await drained(t);
    expect(t.terminal.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'Delayed' });

    // Dated before Delayed: InDelivery (1 of 2 dispatched ≥ 50 %) joins the history, the current
    // state stays Delayed. The notice's own operation is sent first, then the job runs.
    await t.call('states.addStepState', { shipmentId: A, code: 'dispatched', at: hoursAgo(4) });
    await drained(t);
    const [job] = t.terminal.states.drain().jobs;
    expect(job).toMatchObject({ changed: true });
    expect(t.terminal.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'Delayed', order_state_since: hoursAgo(2) });
    await drained(t);

    expect(outboxRows(t, id).filter((op) => op.state !== 'done')).toEqual([]);
    const held = (await backOffice<Held>(server, 'GET', '/__test/orders')).orders.find((o) => o.clientId === id)!;
    expect(held.stateHistory.map((h) => h.state).sort()).toEqual(['Delayed', 'InDelivery']);
    expect(t.terminal.ctx.stores.orders.get(id)!.sync_status).toBe('Synced');
  });
});
