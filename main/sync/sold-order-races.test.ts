import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import type { DroppingProxy } from './testing/dropping-proxy.ts';
import { useProxiedTerminal } from './testing/proxied-terminal.ts';
import { backOffice, drained, outboxRows } from './testing/sync-harness.ts';

/**
 * A sale made here racing what happens on the server meanwhile: the back office closing the
 * sold order, or a pull re-sequencing the sold order's lane while the pusher is about to send it.
 */
let server: CounterPosServer;
let proxy: DroppingProxy;
let t: TempTerminal;
useProxiedTerminal((bed) => ({ server, proxy, t } = bed));

type Held = { orders: Array<{ clientId: string; status: string; lines: Array<{ sku: string }>; sale: { clientId: string } | null }> };
const heldOrder = async (clientId: string) => (await backOffice<Held>(server, 'GET', '/__test/orders')).orders.find((o) => o.clientId === clientId)!;

async function syncedOrder(sku: string) {
  const order = await t.call('orders.create', { lines: [{ sku, name: sku, qty: 1, unitPrice: 100 }] });
  await drained(t);
  return t.call('orders.get', { orderClientId: order.clientId });
}

/** Resolves once the proxy holds `count` answers (nothing on the terminal's side announces that). */
async function holding(count: number): Promise<void> {
  await expect.poll(() => proxy.holding, { timeout: 10_000 }).toBe(count);
}

describe('a sold order racing the server', () => {
  it('closed by the back office after the server took the sale made here: the close’s 412 ends Charged, not as a second sale', async () => {
    const order = await syncedOrder('A');
    proxy.drop({ method: 'POST', path: /^\/v2\/orders\/\d+\/sale$/, times: 1, hold: true });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const sold = (await t.call('sales.complete', { orderClientId: order.clientId })).sale!;
    // The server committed the sale; its answer is held, and the back office closes the order.
    await holding(1);
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    proxy.release();
    await drained(t);

    expect(proxy.log.some((e) => e.path.endsWith('/close') && e.status === 412)).toBe(true);
    const remote = await heldOrder(order.clientId);
    expect(remote.status).toBe('Done');
    expect(remote.sale?.clientId).toBe(sold.clientId);
    const local = await t.call('orders.get', { orderClientId: order.clientId });
    expect(local.syncStatus).toBe('Charged');
    expect(local.blockedReason).toBeNull();
    expect(outboxRows(t, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'sale:done', 'close:done']);
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });

  it('re-sequenced by a pull while the pusher waited to send it: the sold lines go first, then the sale, which the server takes', async () => {
    const x = await syncedOrder('X');
    const y = await syncedOrder('Y');
    // The back office adds a line to Y, and changes the order-state rules (so the pull then
    // fetches them after committing its page).
    await backOffice(server, 'POST', `/__test/orders/${y.serverId}/edit`, {
      lines: [...y.lines, { lineId: '01a20000-0000-7000-8000-0000000000e1', sku: 'EXTRA', name: 'EXTRA', qty: 1, unitPrice: 90, discount: 0 }],
    });
    await backOffice(server, 'PUT', '/__test/order-state-rules', {
      rules: [{ id: 'R9', state: 'InDelivery', code: 'picked', minPercent: 100, position: 1, active: true }],
    });

    // X's update is in flight (committed, answer held): with one lane at a time, Y waits.
    proxy.drop({ method: 'PATCH', path: /^\/v2\/orders\/\d+$/, times: 1, hold: true });
    await t.call('orders.addLine', { orderClientId: x.clientId, sku: 'X2', name: 'X2', qty: 1, unitPrice: 10 });
    await holding(1);
    // Y is sold here: its sale and close wait behind X.
    await t.call('payments.record', { orderClientId: y.clientId, method: 'cash', amount: 100 });
    await t.call('sales.complete', { orderClientId: y.clientId });
    // The pull commits its page (Y's lane re-sequenced: its lines re-asserted before the sale),
    // then waits on the rules; meanwhile X's answer arrives and the pusher picks Y's lane.
    proxy.drop({ method: 'GET', path: /^\/v2\/order-state-rules$/, times: 1, hold: true });
    const pulled = t.terminal.sync.puller.pullOnce();
    await holding(2);
    proxy.release(/^\/v2\/orders\/\d+$/);
    await drained(t);
    proxy.release();
    await pulled;
    await drained(t);

    const remote = await heldOrder(y.clientId);
    expect(remote.sale).not.toBeNull();
    expect(remote.status).toBe('Done');
    expect(remote.lines.map((l) => l.sku)).toEqual(['Y']);
    expect(proxy.log.filter((e) => e.path.endsWith('/sale')).map((e) => e.status)).toEqual([201]);
    expect((await t.call('orders.get', { orderClientId: y.clientId })).syncStatus).toBe('Charged');
    expect(outboxRows(t, y.clientId).filter((r) => r.state !== 'done' && r.state !== 'cancelled')).toEqual([]);
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });
});
