import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { line, useRecoveryBed, type RecoveryBed, type SyncedOrder } from './testing/recovery-bed.ts';
import { backOffice, drained, outboxRows } from './testing/sync-harness.ts';

/** 412 and 423 recovery (SPEC §4) against the reference server acting as the other party: merges and resequencing. */
let server: CounterPosServer;
let a: TempTerminal;
let notifications: RecoveryBed['notifications'];
const { held, syncedOrder, expectStored } = useRecoveryBed((bed) => ({ server, a, notifications } = bed));

/** Another party adds a line EXTRA to the order (the back office's edit). */
async function remoteExtraLine(order: SyncedOrder, lineId: string) {
  await backOffice(server, 'POST', `/__test/orders/${order.serverId}/edit`, { lines: [...order.lines.map(({ total: _t, ...l }) => l), { lineId, ...line('EXTRA', 999), discount: 0 }] });
}

/** After the drain: the server holds this sale with the sold lines (not EXTRA), as the terminal does, and the staff were told. */
async function expectSoldLinesKept(order: SyncedOrder, receiptNo: string) {
  const [remote] = await held();
  const local = await a.call('orders.get', { orderClientId: order.clientId });
  expect(remote!.status).toBe('Done');
  expect(remote!.sale?.receiptNo).toBe(receiptNo);
  expect(remote!.lines.map((l) => l.sku)).toEqual(['A']);
  expect(local.lines.map((l) => l.sku)).toEqual(['A']);
  expect(local.version).toBe(remote!.version);
  expect(local.syncStatus).toBe('Charged');
  const told = notifications.find((n) => n.kind === 'sale_overrode');
  expect(told?.message).toMatch(/EXTRA/);
  // Kept with the order as staff know it, for the notifications list: a toast missed is not lost.
  await expectStored(order, told!);
  expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
}

describe('412: version conflicts', () => {
  it('merges a back-office edit with a local one line by line, then re-sends with a new key', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/edit`, { lines: [...order.lines.map(({ total: _t, ...l }) => l), { lineId: '01a20000-0000-7000-8000-0000000000b1', ...line('REMOTE', 300), discount: 0 }] });
    await a.call('orders.addLine', { orderClientId: order.clientId, ...line('LOCAL', 200) });
    a.terminal.sync.pusher.start();
    await drained(a);

    const [remote] = await held();
    expect(remote!.lines.map((l) => l.sku).sort()).toEqual(['A', 'LOCAL', 'REMOTE']);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local.lines.map((l) => l.sku).sort()).toEqual(['A', 'LOCAL', 'REMOTE']);
    expect(local.total).toBe(600);
    expect(local.version).toBe(remote!.version);
    expect(local.syncStatus).toBe('Synced');
    const update = outboxRows(a, order.clientId).find((op) => op.kind === 'update')!;
    expect(update.state).toBe('done');
    expect(JSON.parse(update.keys)).toHaveLength(2); // a new key after the definite 412
  });

  it('a Done status from the server wins over local edits, which become Blocked', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    await a.call('orders.addLine', { orderClientId: order.clientId, ...line('LATE') });
    a.terminal.sync.pusher.start();
    await drained(a);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local.syncStatus).toBe('Blocked');
    expect(local.blockedReason?.message).toBe("the order was completed elsewhere; the edits made here were not sent (Take the server's order to drop them)");
    expect(local.blockedReason).toMatchObject({ code: 'server_final', params: { reason: 'done_unsent' } });
    expect(outboxRows(a, order.clientId).find((op) => op.kind === 'update')?.state).toBe('blocked');

    // Nothing is held here: deleting it takes the server's order (Done, without LATE); nothing is sent.
    const settled = await a.call('orders.delete', { orderClientId: order.clientId });
    expect(settled).toMatchObject({ status: 'Done', syncStatus: 'Synced', blockedReason: null });
    expect(settled.lines.map((l) => l.sku)).toEqual(['A']);
    expect(outboxRows(a, order.clientId).map((op) => [op.kind, op.state])).toEqual([
      ['create', 'done'],
      ['update', 'cancelled'],
    ]);
    await drained(a);
    expect((await held()).map((o) => o.status)).toEqual(['Done']);
  });

  it('a sale made here re-asserts its sold lines over a remote change and says so', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/edit`, { lines: [...order.lines.map(({ total: _t, ...l }) => l), { lineId: '01a20000-0000-7000-8000-0000000000b2', ...line('EXTRA', 999), discount: 0 }] });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 100 });
    const sold = await a.call('sales.complete', { orderClientId: order.clientId });
    a.terminal.sync.pusher.start();
    await drained(a);
    const [remote] = await held();
    expect(remote!.status).toBe('Done');
    expect(remote!.lines.map((l) => l.sku)).toEqual(['A']);
    expect(remote!.sale?.receiptNo).toBe(sold.sale!.receiptNo);
    expect(notifications.find((n) => n.kind === 'sale_overrode')?.message).toMatch(/EXTRA/);
    expect((await a.call('orders.get', { orderClientId: order.clientId })).syncStatus).toBe('Charged');
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });

  it('a remote change met by an edit queued before the sale (its 412) is overridden by the sold lines, and says so', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await remoteExtraLine(order, '01a20000-0000-7000-8000-0000000000b4');
    // Queued here while offline: a customer-only update, then the sale; the update meets the 412.
    await a.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Ana' } });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 100 });
    const sold = await a.call('sales.complete', { orderClientId: order.clientId });
    a.terminal.sync.pusher.start();
    await drained(a);
    expect(JSON.parse(outboxRows(a, order.clientId).find((op) => op.kind === 'update')!.keys)).toHaveLength(2);
    expect((await held())[0]!.customer?.name).toBe('Ana');
    await expectSoldLinesKept(order, sold.sale!.receiptNo);
  });

  it('a remote change pulled before the push is overridden by the sold lines, even behind an edit that does not carry lines', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await remoteExtraLine(order, '01a20000-0000-7000-8000-0000000000b3');
    // Queued here while offline: a customer-only update (it sends no lines), then the sale.
    await a.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Ana' } });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 100 });
    const sold = await a.call('sales.complete', { orderClientId: order.clientId });
    // The pull learns the remote version first, so the push meets no 412 that could re-assert them.
    await a.terminal.sync.puller.pullOnce();
    expect((await a.call('orders.get', { orderClientId: order.clientId })).version).toBe(2);
    a.terminal.sync.pusher.start();
    await drained(a);
    await expectSoldLinesKept(order, sold.sale!.receiptNo);
  });
});

describe('412 and the pull: a sold order and the customer and delivery changed elsewhere', () => {
  const shipmentId = '01a20000-0000-7000-8000-00000000c0de';
  /** The back office sets the customer and the delivery while this terminal is offline; then the order is paid and sold here. */
  async function soldOverBackOfficeEdit(order: SyncedOrder) {
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/edit`, {
      customer: { name: 'Ana', phone: '+34 600 000 000' },
      delivery: { address: 'Calle Mayor 1', shipments: [{ shipmentId, carrier: 'DHL', trackingNo: 'TRK1' }] },
    });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    return a.call('sales.complete', { orderClientId: order.clientId });
  }

  /** After the drain: the sale and its lines on the server, and the back office's customer and delivery on both sides. */
  async function expectAgreed(order: SyncedOrder, receiptNo: string) {
    const [remote] = (await held()) as unknown as Array<{ status: string; version: number; lines: Array<{ sku: string }>; sale: { receiptNo: string } | null; customer: unknown; delivery: unknown }>;
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(remote).toMatchObject({ status: 'Done', sale: { receiptNo }, customer: { name: 'Ana', phone: '+34 600 000 000' } });
    expect(remote!.delivery).toMatchObject({ address: 'Calle Mayor 1', shipments: [{ shipmentId, carrier: 'DHL', trackingNo: 'TRK1' }] });
    expect(remote!.lines.map((l) => l.sku)).toEqual(['A']);
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Charged', version: remote!.version, customer: { name: 'Ana', phone: '+34 600 000 000' } });
    expect(local.delivery).toMatchObject({ address: 'Calle Mayor 1', shipments: [{ shipmentId, carrier: 'DHL', trackingNo: 'TRK1' }] });
    expect(local.lines.map((l) => l.sku)).toEqual(['A']);
    // Nothing of the sold lines was overridden: nothing to tell.
    expect(notifications.filter((n) => n.kind === 'sale_overrode')).toEqual([]);
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  }

  it('a sale made here keeps its lines, and takes the customer and delivery the back office set meanwhile (found by the sale’s 412)', async () => {
    const order = await syncedOrder();
    const sold = await soldOverBackOfficeEdit(order);
    a.terminal.sync.pusher.start();
    await drained(a);
    expect(JSON.parse(outboxRows(a, order.clientId).find((op) => op.kind === 'sale')!.keys)).toHaveLength(2); // re-sent after its 412
    // A later pull finds nothing to change.
    await a.terminal.sync.puller.pullOnce();
    await drained(a);
    await expectAgreed(order, sold.sale!.receiptNo);
  });

  it('a sale made here keeps its lines, and takes the customer and delivery the back office set meanwhile (pulled before the push)', async () => {
    const order = await syncedOrder();
    const sold = await soldOverBackOfficeEdit(order);
    await a.terminal.sync.puller.pullOnce();
    const pulled = await a.call('orders.get', { orderClientId: order.clientId });
    expect(pulled).toMatchObject({ status: 'Done', version: 2, customer: { name: 'Ana' }, delivery: { address: 'Calle Mayor 1' } });
    expect(pulled.lines.map((l) => l.sku)).toEqual(['A']);
    a.terminal.sync.pusher.start();
    await drained(a);
    await expectAgreed(order, sold.sale!.receiptNo);
  });

  it('a customer changed here and by the back office before a sale here keeps this terminal’s, which the server takes; the back office’s delivery stands', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/edit`, {
      customer: { name: 'Ana' },
      delivery: { address: 'Calle Mayor 1', shipments: [{ shipmentId, carrier: 'DHL', trackingNo: 'TRK1' }] },
    });
    await a.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Bea' } });
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    await a.call('sales.complete', { orderClientId: order.clientId });
    await a.terminal.sync.puller.pullOnce();
    expect(await a.call('orders.get', { orderClientId: order.clientId })).toMatchObject({ customer: { name: 'Bea' }, delivery: { address: 'Calle Mayor 1' } });
    a.terminal.sync.pusher.start();
    await drained(a);
    const [remote] = (await held()) as unknown as Array<{ version: number; customer: unknown; delivery: { address: string } | null; sale: unknown }>;
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(remote).toMatchObject({ customer: { name: 'Bea' }, delivery: { address: 'Calle Mayor 1' }, sale: expect.anything() });
    expect(local).toMatchObject({ syncStatus: 'Charged', version: remote!.version, customer: { name: 'Bea' }, delivery: { address: 'Calle Mayor 1' } });
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });
});

describe('423 and 409: locked orders', () => {
  for (const pulled of [false, true]) {
    it(`a sale made here over a remote edit and close re-asserts its lines after the reopen (${pulled ? 'pulled first' : 'found by the push'})`, async () => {
      const order = await syncedOrder();
      await a.terminal.sync.pusher.stop();
      await remoteExtraLine(order, '01a20000-0000-7000-8000-0000000000b4');
      await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
      await a.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 100 });
      const sold = await a.call('sales.complete', { orderClientId: order.clientId });
      if (pulled) await a.terminal.sync.puller.pullOnce();
      a.terminal.sync.pusher.start();
      await drained(a);
      await expectSoldLinesKept(order, sold.sale!.receiptNo);
      expect(outboxRows(a, order.clientId).filter((op) => op.state === 'done').map((op) => op.kind)).toEqual(['create', 'reopen', 'update', 'sale', 'close']);
    });
  }

  it('a close answered sale_required finishes the sale first, then closes', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    await a.call('sales.complete', { orderClientId: order.clientId });
    // Defensive path: the close reaches the server first (here: the sale op was set aside by hand).
    a.terminal.ctx.sqlite.prepare(`update outbox set state = 'cancelled' where kind = 'sale'`).run();
    a.terminal.sync.pusher.start();
    await drained(a);
    const [remote] = await held();
    expect(remote!.status).toBe('Done');
    expect(remote!.sale).not.toBeNull();
    const kinds = outboxRows(a, order.clientId).map((op) => `${op.kind}:${op.state}`);
    expect(kinds).toEqual(['create:done', 'sale:cancelled', 'close:cancelled', 'sale:done', 'close:done']);
  });

  it('a sale answered order_closed is recovered by reopen → sale → close', async () => {
    const order = await syncedOrder();
    await a.terminal.sync.pusher.stop();
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    await a.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    await a.call('sales.complete', { orderClientId: order.clientId });
    a.terminal.sync.pusher.start();
    await drained(a);
    const kinds = outboxRows(a, order.clientId).map((op) => `${op.kind}:${op.state}`);
    expect(kinds).toEqual(['create:done', 'sale:cancelled', 'close:cancelled', 'reopen:done', 'sale:done', 'close:done']);
    const [remote] = await held();
    expect(remote!.status).toBe('Done');
    expect(remote!.sale).not.toBeNull();
  });
});
