import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';

let t: TempTerminal;
beforeEach(() => {
  t = tempTerminal();
});
afterEach(() => t.cleanup());

const ops = () =>
  t.terminal.ctx.sqlite.prepare('select seq, kind, state, depends_on, target_id from outbox order by seq').all() as Array<{
    seq: number;
    kind: string;
    state: string;
    depends_on: number | null;
    target_id: string | null;
  }>;

describe('sale completion', () => {
  it('creates the sale and closes the order in one step, queued as create → update → sale → close', async () => {
    const order = await t.call('orders.create', { lines: [{ sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250 }] });
    t.terminal.ctx.sqlite.prepare('update outbox set attempts = 1').run(); // the create went out
    await t.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'Bun', qty: 1, unitPrice: 150 });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 400, tendered: 500 });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 250 });
    const sold = await t.call('sales.complete', { orderClientId: order.clientId });

    expect(sold.status).toBe('Done');
    expect(sold.syncStatus).toBe('Charging');
    expect(sold.balance).toBe(0);
    expect(sold.sale).toMatchObject({ receiptNo: 'TILL1-000001', total: 650 });
    expect(await t.call('orders.listActive', {})).toEqual([]);
    const queue = ops();
    expect(queue.map((o) => o.kind)).toEqual(['create', 'update', 'sale', 'close']);
    expect(queue[2]).toMatchObject({ depends_on: queue[0]!.seq, target_id: sold.sale!.clientId });
    const attached = t.terminal.ctx.sqlite.prepare('select count(*) as n from transactions where sale_client_id = ?').get(sold.sale!.clientId) as { n: number };
    expect(attached.n).toBe(2);
  });

  it('numbers receipts uniquely per device, in sequence, across restarts', async () => {
    const receipts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
      await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
      receipts.push((await t.call('sales.complete', { orderClientId: order.clientId })).sale!.receiptNo);
    }
    t.terminal.close();
    const again = tempTerminal({ dataDir: t.dataDir });
    const order = await again.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await again.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    receipts.push((await again.call('sales.complete', { orderClientId: order.clientId })).sale!.receiptNo);
    again.terminal.close();
    expect(receipts).toEqual(['TILL1-000001', 'TILL1-000002', 'TILL1-000003', 'TILL1-000004']);
  });

  it('refuses a sale with a balance due or owed back, and changes nothing', async () => {
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 2, unitPrice: 500 }] });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 600 });
    let before = snapshotDatabase(t.terminal);
    await expect(t.call('sales.complete', { orderClientId: order.clientId })).rejects.toThrow(/balance_due: .*€4\.00 still due/);
    expect(snapshotDatabase(t.terminal)).toEqual(before);

    // Partial payment, then a line removed below what was paid: refund before the sale.
    const lineId = (await t.call('orders.get', { orderClientId: order.clientId })).lines[0]!.lineId;
    const cut = await t.call('orders.updateLine', { orderClientId: order.clientId, lineId, qty: 1 });
    expect(cut.balance).toBe(-100);
    before = snapshotDatabase(t.terminal);
    await expect(t.call('sales.complete', { orderClientId: order.clientId })).rejects.toThrow(/refund_due: .*refund €1\.00/);
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    await t.call('payments.refund', { orderClientId: order.clientId, txId: cut.transactions[0]!.txId, amount: 100 });
    const sold = await t.call('sales.complete', { orderClientId: order.clientId });
    expect(sold.sale?.total).toBe(500);
    expect(sold.transactions.map((x) => x.amount)).toEqual([600, -100]);
  });

  it('a Done order refuses every edit and payment', async () => {
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const sold = await t.call('sales.complete', { orderClientId: order.clientId });
    const before = snapshotDatabase(t.terminal);
    const id = order.clientId;
    const attempts = [
      t.terminal.dispatch('orders.addLine', { orderClientId: id, sku: 'B', name: 'B', qty: 1, unitPrice: 1 }),
      t.terminal.dispatch('orders.removeLine', { orderClientId: id, lineId: sold.lines[0]!.lineId }),
      t.terminal.dispatch('orders.setCustomer', { orderClientId: id, customer: { name: 'X' } }),
      t.terminal.dispatch('orders.setStatus', { orderClientId: id, status: 'InDelivery' }),
      t.terminal.dispatch('orders.delete', { orderClientId: id }),
      t.terminal.dispatch('payments.record', { orderClientId: id, method: 'cash', amount: 1 }),
      t.terminal.dispatch('sales.complete', { orderClientId: id }),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'order_final' } });
    }
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });
});
