import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { line, useRecoveryBed, type RecoveryBed, type SyncedOrder } from './testing/recovery-bed.ts';
import { backOffice, drained, outboxRows, syncingTerminal } from './testing/sync-harness.ts';

/**
 * 423 and 409 recovery (SPEC §4) when the server made the order final: deleted or completed
 * elsewhere, or sold on another terminal, while this terminal holds money or edits for it.
 */
let server: CounterPosServer;
let a: TempTerminal;
let notifications: RecoveryBed['notifications'];
const { held, syncedOrder, expectStored } = useRecoveryBed((bed) => ({ server, a, notifications } = bed));

describe('423 and 409: orders the server made final', () => {
  it('a remote deletion while payments are held blocks the order and keeps the money on record', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/delete`);
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 60 });
    await a.call('orders.addLine', { orderClientId: order.clientId, ...line('B') });
    a.terminal.sync.pusher.start();
    await drained(a);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local.syncStatus).toBe('Blocked');
    expect(local.blockedReason?.message).toMatch(/deleted on the server .* holds €0\.60 in payments/);
    await expectStored(order, notifications.find((n) => n.kind === 'sync_blocked')!);
    expect(local.transactions.map((t) => t.amount)).toEqual([60]);

    // The staff refund it, as asked: nothing is held any more, so the server's deletion stands
    // and nothing is left to send. The money stays on record, paid and refunded.
    const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 60 });
    expect(refunded).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', blockedReason: null });
    expect(refunded.transactions.map((t) => t.amount)).toEqual([60, -60]);
    expect(outboxRows(a, order.clientId).map((r) => [r.kind, r.state])).toEqual([
      ['create', 'done'],
      ['update', 'cancelled'],
    ]);
    expect(outboxRows(a, order.clientId)[1]!.last_error).toBe("the order was deleted on the server, and nothing is held here any more: the server's order stands");
    expect((await held()).map((o) => o.status)).toEqual(['Deleted']);
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('a sale made here for an order deleted on the server meanwhile is Blocked; refunding it voids the sale and the deletion stands', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/delete`);
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const sold = await a.call('sales.complete', { orderClientId: order.clientId });
    expect(sold.saleRefused).toBe(false);
    a.terminal.sync.pusher.start();
    await drained(a);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Blocked', saleRefused: true });
    // A payment is still refused: the order is Done; only the refund of what was taken is open.
    await expect(a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 })).rejects.toThrow(/final/);
    // Nor is the refused sale retried: the server would refuse it again. Nothing changes.
    const [blockedSale] = await a.call('outbox.list', { orderClientId: order.clientId, states: ['blocked'] });
    expect(blockedSale).toMatchObject({ kind: 'sale', retryable: false });
    await expect(a.call('outbox.retry', { seq: blockedSale!.seq })).rejects.toThrow(
      `order_final: the server made order #${order.serverId} final and would refuse this sale again: refund what the order holds, or take the server's order`,
    );
    expect(await a.call('outbox.list', { orderClientId: order.clientId, states: ['blocked'] })).toEqual([blockedSale]);

    const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refunded).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', blockedReason: null, saleRefused: false });
    expect(refunded.sale).toMatchObject({ receiptNo: sold.sale!.receiptNo, voidReason: { code: 'sale_void', params: { reason: 'deleted' }, message: 'the order was deleted on the server; the payments taken here were refunded' } });
    expect(refunded.transactions.map((t) => t.amount)).toEqual([100, -100]);
    expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'sale:cancelled', 'close:cancelled']);
    const [remote] = await held();
    expect(remote).toMatchObject({ status: 'Deleted', sale: null });
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('a remote deletion of an order without payments is adopted', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/delete`);
    await a.call('orders.addLine', { orderClientId: order.clientId, ...line('B') });
    a.terminal.sync.pusher.start();
    await drained(a);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local.status).toBe('Deleted');
    expect(local.syncStatus).toBe('Removed');
  });

  /** A card charge for the order whose outcome is unknown (the terminal's link dropped after the provider `settled` it); returns its attempt id. */
  async function unresolvedCharge(order: SyncedOrder, settled: 'timeout-approved' | 'timeout-declined', amount = 100): Promise<string> {
    a.driver.next(settled);
    const charge = await a.terminal.dispatch('payments.record', { orderClientId: order.clientId, method: 'card', amount });
    expect(charge).toMatchObject({ ok: false, error: { code: 'payment_unknown' } });
    return (await a.call('orders.get', { orderClientId: order.clientId })).unresolvedAttempts[0]!.attemptId;
  }

  it.each([
    ['deleted', 'delete', 'Deleted', /^the order was deleted on the server while a charge of €1\.00 made here is unresolved: reconcile it/, /deleted on the server while this terminal holds €1\.00 in payments/],
    ['closed without a sale', 'close', 'Done', /^the order was completed elsewhere while a charge of €1\.00 made here is unresolved: reconcile it/, /completed elsewhere while this terminal holds €1\.00 in payments: refund them here/],
  ] as const)('an unresolved card charge holds the money when the pull finds the order %s elsewhere: Blocked; reconciled as taken, it is refunded here and the server’s order stands', async (_what, action, status, unresolvedReason, heldReason) => {
    const order = await syncedOrder();
    const attemptId = await unresolvedCharge(order, 'timeout-approved');
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/${action}`);
    await a.terminal.sync.puller.pullOnce();
    const blocked = await a.call('orders.get', { orderClientId: order.clientId });
    expect(blocked).toMatchObject({ status: 'InProgress', syncStatus: 'Blocked', finalOnServer: status, paid: 0 });
    expect(blocked.blockedReason).toMatchObject({ code: 'server_final', params: { reason: `${action === 'delete' ? 'deleted' : 'done'}_unresolved` } });
    expect(blocked.blockedReason?.message).toMatch(unresolvedReason);
    const told = notifications.find((n) => n.kind === 'sync_blocked');
    expect(told?.message).toBe(blocked.blockedReason?.message);
    await expectStored(order, told!);

    // The staff reconcile: the provider took the money. It is on record, held here, still Blocked.
    const reconciled = await a.call('payments.reconcile', { attemptId });
    expect(reconciled).toMatchObject({ status: 'InProgress', syncStatus: 'Blocked', paid: 100, unresolvedAttempts: [] });
    expect(reconciled.blockedReason?.message).toMatch(heldReason);

    // Refunded through the card terminal: nothing is held, the server's order stands, nothing is sent.
    const before = await backOffice<unknown>(server, 'GET', '/__test/stats');
    const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: reconciled.transactions[0]!.txId, amount: 100 });
    expect(refunded).toMatchObject({ status, blockedReason: null, finalOnServer: null });
    expect(refunded.syncStatus).not.toBe('Blocked');
    expect(refunded.transactions.map((tx) => tx.amount)).toEqual([100, -100]);
    await drained(a);
    expect(await backOffice<unknown>(server, 'GET', '/__test/stats')).toEqual(before);
    expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done']);
    expect((await held()).map((o) => o.status)).toEqual([status]);
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('an unresolved card charge holds the money when a push finds the order deleted elsewhere; reconciled as declined, the deletion stands', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/delete`);
    await a.call('orders.addLine', { orderClientId: order.clientId, ...line('B') });
    const attemptId = await unresolvedCharge(order, 'timeout-declined');
    a.terminal.sync.pusher.start();
    await drained(a);
    const blocked = await a.call('orders.get', { orderClientId: order.clientId });
    expect(blocked).toMatchObject({ syncStatus: 'Blocked', finalOnServer: 'Deleted', paid: 0 });
    expect(blocked.blockedReason).toMatchObject({ code: 'server_final', params: { reason: 'deleted_unresolved' } });
    expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'update:blocked']);

    // The provider declined it: nothing was ever held, so the server's deletion stands at once.
    const reconciled = await a.terminal.dispatch('payments.reconcile', { attemptId });
    expect(reconciled).toMatchObject({ ok: false, error: { code: 'payment_declined' } });
    const settled = await a.call('orders.get', { orderClientId: order.clientId });
    expect(settled).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', blockedReason: null, paid: 0, unresolvedAttempts: [] });
    expect(settled.lines.map((l) => l.sku)).toEqual(['A']);
    expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'update:cancelled']);
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  /** Terminal B learns an order synced by A through the pull, takes the money and sells it, and the server has that sale; A's pusher is stopped. */
  async function soldByB(b: TempTerminal) {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await b.terminal.sync.puller.pullOnce();
    await b.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    await b.call('sales.complete', { orderClientId: order.clientId });
    b.terminal.sync.start();
    await drained(b);
    return order;
  }

  /** soldByB, then terminal A takes the money by `method` and sells the order too. */
  async function soldTwice(b: TempTerminal, method: 'cash' | 'card') {
    const order = await soldByB(b);
    await a.call('payments.record', { orderClientId: order.clientId, method, amount: 100 });
    await a.call('sales.complete', { orderClientId: order.clientId });
    return order;
  }

  it('a double sale refunded before the server’s sold order reached this terminal is settled by the pull that brings it', async () => {
    const b = syncingTerminal(server, 'till-2');
    try {
      const order = await soldTwice(b, 'cash');
      const { sqlite } = a.terminal.ctx;
      const known = sqlite.prepare('select version, server_base from orders where client_id = ?').get(order.clientId) as { version: number; server_base: string };
      a.terminal.sync.pusher.start();
      await drained(a);
      expect(await a.call('orders.get', { orderClientId: order.clientId })).toMatchObject({ syncStatus: 'Blocked', saleRefused: true });
      // As if the fetch of the server's order after the refusal had not landed yet.
      sqlite.prepare('update orders set version = ?, server_base = ? where client_id = ?').run(known.version, known.server_base, order.clientId);

      const local = await a.call('orders.get', { orderClientId: order.clientId });
      const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
      // Nothing held, but the server's sold order is not known here yet: the sale waits, Blocked.
      expect(refunded).toMatchObject({ status: 'Done', syncStatus: 'Blocked', saleRefused: true });
      expect(refunded.sale?.voidedAt).toBeNull();

      await a.terminal.sync.puller.pullOnce();
      const settled = await a.call('orders.get', { orderClientId: order.clientId });
      expect(settled).toMatchObject({ status: 'Done', syncStatus: 'Charged', saleRefused: false });
      expect(settled.sale?.voidReason).toEqual({ code: 'sale_void', params: { reason: 'sold_elsewhere' }, message: 'another terminal sold the order; the payments taken here were refunded' });
      expect(settled.transactions.map((tx) => tx.amount)).toEqual([100, -100]);
      expect(outboxViolations(sqlite)).toEqual([]);
    } finally {
      await b.terminal.shutdown();
      b.cleanup();
    }
  });

  /**
   * An order terminal B made, which terminal A learned through the pull and took money for (no
   * operation of A's own: payments travel with the sale), is made final on the server by `finish`.
   * A's pull finds it so: Blocked, the money held. Refunding it settles the order with nothing sent.
   */
  async function paidHereFinishedElsewhere(finish: (b: TempTerminal, order: SyncedOrder) => Promise<void>) {
    const b = syncingTerminal(server, 'till-2');
    b.terminal.sync.start();
    try {
      const order = await syncedOrder(b);
      await a.terminal.sync.puller.pullOnce();
      const paid = await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
      await finish(b, order);
      await a.terminal.sync.puller.pullOnce();
      const blocked = await a.call('orders.get', { orderClientId: order.clientId });
      expect(blocked).toMatchObject({ status: 'InProgress', syncStatus: 'Blocked', paid: 100 });
      // The staff are to give the money back: no more is taken, and the order is neither sold nor edited here.
      const refused = /order_final: the order was (deleted on the server|completed elsewhere): it takes no more changes, payments or sales here/;
      await expect(a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 50 })).rejects.toThrow(refused);
      await expect(a.call('sales.complete', { orderClientId: order.clientId })).rejects.toThrow(refused);
      await expect(a.call('orders.addLine', { orderClientId: order.clientId, ...line('LATE') })).rejects.toThrow(refused);
      expect((await a.call('orders.get', { orderClientId: order.clientId })).paid).toBe(100);
      const before = await backOffice<unknown>(server, 'GET', '/__test/stats');
      // Given back in two parts: the reason says what is still held after the first.
      const part = await a.call('payments.refund', { orderClientId: order.clientId, txId: paid.transactions[0]!.txId, amount: 40 });
      expect(part).toMatchObject({ syncStatus: 'Blocked', paid: 60 });
      expect(part.blockedReason?.message).toContain('this terminal holds €0.60 in payments');
      const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: paid.transactions[0]!.txId, amount: 60 });
      await drained(a);
      expect(await backOffice<unknown>(server, 'GET', '/__test/stats')).toEqual(before);
      expect(outboxRows(a, order.clientId)).toEqual([]);
      expect(refunded.transactions.map((tx) => tx.amount)).toEqual([100, -40, -60]);
      expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
      return { refunded, blocked, remote: (await held()).find((o) => o.clientId === order.clientId)! };
    } finally {
      await b.terminal.shutdown();
      b.cleanup();
    }
  }

  it('an order paid here but deleted elsewhere, found by the pull, takes the deletion once refunded', async () => {
    const { refunded, blocked, remote } = await paidHereFinishedElsewhere(async (b, order) => {
      await b.call('orders.addLine', { orderClientId: order.clientId, ...line('B') });
      await b.call('orders.delete', { orderClientId: order.clientId });
      await drained(b);
    });
    expect(blocked.blockedReason?.message).toMatch(/deleted on the server while this terminal holds €1\.00/);
    // The server's deleted order as it ended, B's line too: not a copy of the order A last saw.
    expect(refunded).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', blockedReason: null, version: remote.version });
    expect(refunded.lines.map((l) => l.sku)).toEqual(['A', 'B']);
  });

  it('an order paid here but sold and closed elsewhere, found by the pull, takes the server’s once refunded', async () => {
    const { refunded, blocked, remote } = await paidHereFinishedElsewhere(async (b, order) => {
      await b.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 100 });
      await b.call('sales.complete', { orderClientId: order.clientId });
      await drained(b);
    });
    expect(blocked.blockedReason?.message).toMatch(/completed elsewhere while this terminal holds €1\.00 in payments: refund them here/);
    expect(remote.status).toBe('Done');
    expect(refunded).toMatchObject({ status: 'Done', blockedReason: null, version: remote.version, sale: null });
    expect(refunded.syncStatus).not.toBe('Blocked');
  });

  it('a deletion made here that the server’s completed order overtook gives way to it, and the staff are told', async () => {
    const b = syncingTerminal(server, 'till-2');
    try {
      const order = await soldByB(b);
      await a.call('orders.delete', { orderClientId: order.clientId });
      a.terminal.sync.pusher.start();
      await drained(a);

      const [remote] = await held();
      const local = await a.call('orders.get', { orderClientId: order.clientId });
      expect(remote).toMatchObject({ status: 'Done', sale: expect.anything() });
      expect(local).toMatchObject({ status: 'Done', blockedReason: null, version: remote!.version });
      expect(local.syncStatus).not.toBe('Blocked');
      expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'delete:cancelled']);
      const told = notifications.find((n) => n.kind === 'completed_elsewhere');
      expect(told?.message).toBe("the order was completed elsewhere before its deletion here reached the server: the server's completed order stands");
      await expectStored(order, told!);
      expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
    } finally {
      await b.terminal.shutdown();
      b.cleanup();
    }
  });

  it('a deletion refused 423 sale_exists (sold on another terminal, its close not in yet) is not applied: the server’s order stands at once, and the staff are told', async () => {
    const order = await syncedOrder();
    // Terminal 2 sells the order over the API; its close comes later.
    const till2 = (path: string, body: unknown, version: number) =>
      fetch(`${server.url}/v2/orders/${order.serverId}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.tokens['till-2']}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${version}"` },
        body: JSON.stringify(body),
      });
    const at = new Date().toISOString();
    const sale = await till2('sale', { clientId: crypto.randomUUID(), receiptNo: 'T2-000001', total: 100, transactions: [{ txId: crypto.randomUUID(), method: 'card', amount: 100, reference: 'X', tendered: null, change: null, at }] }, order.version);
    expect(sale.status).toBe(201);
    // Here nothing was paid: the staff delete the order.
    await a.call('orders.delete', { orderClientId: order.clientId });
    await drained(a);

    const [remote] = await held();
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(remote).toMatchObject({ status: 'InProgress', sale: { receiptNo: 'T2-000001' } });
    expect(local).toMatchObject({ status: 'InProgress', syncStatus: 'Synced', blockedReason: null, paid: 0, version: remote!.version, sale: null });
    expect(outboxRows(a, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:done', 'delete:cancelled']);
    const told = notifications.find((n) => n.kind === 'completed_elsewhere');
    expect(told?.message).toBe("another terminal sold this order: the deletion made here was not applied; the server's order stands");
    await expectStored(order, told!);
    // Not a double sale: nothing was sold or paid here, nothing to refund.
    expect(notifications.filter((n) => /paid twice|refund/.test(n.message))).toEqual([]);

    // Terminal 2's close, when it comes, is the server's completion, taken as any other.
    expect((await till2('close', {}, remote!.version)).status).toBe(200);
    await a.terminal.sync.puller.pullOnce();
    const closed = await a.call('orders.get', { orderClientId: order.clientId });
    expect(closed).toMatchObject({ status: 'Done', blockedReason: null });
    expect(closed.syncStatus).not.toBe('Blocked');
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('409 sale_exists (sold on another terminal) is Blocked with a refund prompt; nothing is dropped', async () => {
    const b = syncingTerminal(server, 'till-2');
    try {
      const order = await soldTwice(b, 'card');
      a.terminal.sync.pusher.start();
      await drained(a);
      const local = await a.call('orders.get', { orderClientId: order.clientId });
      expect(local.syncStatus).toBe('Blocked');
      expect(local.blockedReason?.message).toMatch(/paid twice — refund €1\.00 here/);
      expect(local.transactions).toHaveLength(1);
      expect(local.sale).not.toBeNull();
      const told = notifications.find((n) => n.kind === 'sync_blocked');
      expect(told?.message).toBe(local.blockedReason?.message);
      await expectStored(order, told!);
      const [remote] = await held();
      expect(remote!.sale).not.toBeNull();

      // Terminal A gives its customer the money back: its sale is void (the receipt kept, marked
      // so), terminal B's sale stands, and A's lane is free, nothing of it sent.
      expect(local.saleRefused).toBe(true);
      const before = await backOffice<unknown>(server, 'GET', '/__test/stats');
      const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
      expect(refunded.sale).toMatchObject({ receiptNo: local.sale!.receiptNo, voidedAt: expect.any(String), voidReason: expect.objectContaining({ message: 'another terminal sold the order; the payments taken here were refunded' }) });
      expect(refunded.saleRefused).toBe(false);
      expect(refunded.status).toBe('Done');
      expect(refunded.syncStatus).toBe('Charged');
      expect(refunded.transactions.map((tx) => tx.amount)).toEqual([100, -100]);
      expect(outboxRows(a, order.clientId).filter((op) => op.state !== 'done' && op.state !== 'cancelled')).toEqual([]);
      await drained(a);
      expect(await backOffice<unknown>(server, 'GET', '/__test/stats')).toEqual(before);
      const [after] = await held();
      expect(after!.sale?.receiptNo).toBe(remote!.sale!.receiptNo);
      expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
      // A second refund finds nothing to give back: the order is final again.
      await expect(a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 1 })).rejects.toThrow(/order_final|final/);
    } finally {
      await b.terminal.shutdown();
      b.cleanup();
    }
  });
});
