import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderNumber } from '../../common/order-label.ts';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';

let t: TempTerminal;
beforeEach(() => {
  t = tempTerminal();
});
afterEach(() => t.cleanup());

const coffee = { sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250 };
const ops = () => t.terminal.ctx.sqlite.prepare('select * from outbox order by seq').all() as Array<Record<string, unknown>>;
const markAttempted = (seq: unknown) => t.terminal.ctx.sqlite.prepare('update outbox set attempts = 1 where seq = ?').run(seq);

describe('orders', () => {
  it('opens an order offline with a client id, serverId 0 and a create operation', async () => {
    const order = await t.call('orders.create', { lines: [coffee], customer: { name: 'Ana' } });
    expect(order.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(order.serverId).toBe(0);
    expect(order.status).toBe('InProgress');
    expect(order.syncStatus).toBe('Syncing');
    expect(order.total).toBe(500);
    expect(order.balance).toBe(500);
    const [create] = ops();
    expect(create).toMatchObject({ kind: 'create', order_client_id: order.clientId, state: 'pending', attempts: 0, order_rev: 1 });
    expect(create?.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    const active = await t.call('orders.listActive', {});
    expect(active.map((o) => o.clientId)).toEqual([order.clientId]);
  });

  it('finds active orders by customer name or phone, the number shown, or the server number; not by the JSON around them', async () => {
    const ana = await t.call('orders.create', { customer: { name: 'Ana García', phone: '600 111 222' } });
    const walkIn = await t.call('orders.create', {});
    const ids = async (search: string) => (await t.call('orders.listActive', { search })).map((o) => o.clientId);
    expect(await ids('garcía')).toEqual([ana.clientId]);
    // Accents and case aside, as staff type them.
    expect(await ids('GARCIA')).toEqual([ana.clientId]);
    expect(await ids('ána garc')).toEqual([ana.clientId]);
    expect(await ids('111 2')).toEqual([ana.clientId]);
    expect(await ids(walkIn.clientId.slice(-6).toUpperCase())).toEqual([walkIn.clientId]);
    // As the number is shown: "#" first.
    expect(await ids(`#${walkIn.clientId.slice(-6).toUpperCase()}`)).toEqual([walkIn.clientId]);
    expect(await ids('name')).toEqual([]);
    expect(await ids('phone')).toEqual([]);
    expect(await ids('%')).toEqual([]);
  });

  it('edits lines by lineId and keeps the total', async () => {
    const order = await t.call('orders.create', {});
    const a = await t.call('orders.addLine', { orderClientId: order.clientId, ...coffee });
    const lineId = a.lines[0]!.lineId;
    const b = await t.call('orders.addLine', { orderClientId: order.clientId, sku: 'B2', name: 'Bun', qty: 1, unitPrice: 120, discount: 20 });
    expect(b.total).toBe(600);
    const c = await t.call('orders.updateLine', { orderClientId: order.clientId, lineId, qty: 3 });
    expect(c.lines.find((l) => l.lineId === lineId)).toMatchObject({ qty: 3, total: 750 });
    expect(c.total).toBe(850);
    const d = await t.call('orders.removeLine', { orderClientId: order.clientId, lineId });
    expect(d.total).toBe(100);
    expect(d.lines.map((l) => l.sku)).toEqual(['B2']);
  });

  it('folds edits into the never-attempted create, and into a never-attempted update only', async () => {
    const order = await t.call('orders.create', {});
    await t.call('orders.addLine', { orderClientId: order.clientId, ...coffee });
    await t.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Bo' } });
    expect(ops()).toHaveLength(1);
    expect(ops()[0]).toMatchObject({ kind: 'create', order_rev: 3 });

    markAttempted(ops()[0]!.seq);
    await t.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'Bun', qty: 1, unitPrice: 100 });
    await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'InDelivery' });
    expect(ops().map((o) => [o.kind, o.fields, o.order_rev])).toEqual([
      ['create', null, 3],
      ['update', '["lines","status"]', 5],
    ]);
    markAttempted(ops()[1]!.seq);
    await t.call('orders.setCustomer', { orderClientId: order.clientId, customer: null });
    expect(ops().map((o) => o.kind)).toEqual(['create', 'update', 'update']);
    expect(ops()[2]).toMatchObject({ fields: '["customer"]', order_rev: 6, depends_on: ops()[0]!.seq });
  });

  it('follows the business status machine', async () => {
    const order = await t.call('orders.create', {});
    await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'InDelivery' });
    await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'Delayed' });
    const back = await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'InDelivery' });
    expect(back.status).toBe('InDelivery');
    await expect(t.call('orders.setStatus', { orderClientId: order.clientId, status: 'InProgress' })).rejects.toThrow(
      /bad_status_change: .*cannot go from InDelivery to InProgress/,
    );
  });

  it('sets a delivery with shipments and clears it', async () => {
    const order = await t.call('orders.create', {});
    const withDelivery = await t.call('orders.setDelivery', {
      orderClientId: order.clientId,
      delivery: { address: '1 Main St', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }, { carrier: 'UPS', trackingNo: 'T2' }] },
    });
    expect(withDelivery.delivery?.shipments.map((s) => s.trackingNo)).toEqual(['T1', 'T2']);
    const kept = withDelivery.delivery!.shipments[1]!;
    const fewer = await t.call('orders.setDelivery', { orderClientId: order.clientId, delivery: { address: '2 Main St', shipments: [kept] } });
    expect(fewer.delivery).toEqual({ address: '2 Main St', shipments: [kept] });
    const none = await t.call('orders.setDelivery', { orderClientId: order.clientId, delivery: null });
    expect(none.delivery).toBeNull();
  });

  it('refuses a shipment that belongs to another order, changing nothing', async () => {
    const first = await t.call('orders.create', {});
    const taken = (await t.call('orders.setDelivery', { orderClientId: first.clientId, delivery: { address: 'A', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }] } })).delivery!.shipments[0]!;
    const second = await t.call('orders.create', {});
    const before = snapshotDatabase(t.terminal);
    const result = await t.terminal.dispatch('orders.setDelivery', { orderClientId: second.clientId, delivery: { address: 'B', shipments: [taken] } });
    // The other order is named by the number the staff see on it.
    expect(result).toMatchObject({ ok: false, error: { code: 'shipment_conflict', params: { order: orderNumber({ serverId: first.serverId, clientId: first.clientId }), trackingNo: 'T1' } } });
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });

  it('keeps a line id the caller chose, and refuses it on any order once it is taken, changing nothing', async () => {
    const first = await t.call('orders.create', { lines: [{ ...coffee, lineId: '01a20000-0000-7000-8000-0000000000a1' }] });
    expect(first.lines.map((l) => l.lineId)).toEqual(['01a20000-0000-7000-8000-0000000000a1']);
    const second = await t.call('orders.create', {});
    const before = snapshotDatabase(t.terminal);
    const taken = { ...coffee, lineId: first.lines[0]!.lineId };
    for (const [command, input] of [
      ['orders.addLine', { orderClientId: second.clientId, ...taken }],
      ['orders.create', { lines: [taken] }],
    ] as const) {
      const result = await t.terminal.dispatch(command, input);
      expect(result, command).toMatchObject({ ok: false, error: { code: 'duplicate_line', message: expect.stringMatching(/^lineId: /), params: { reason: 'other_order' } } });
    }
    const again = await t.terminal.dispatch('orders.addLine', { orderClientId: first.clientId, ...taken });
    expect(again).toMatchObject({ ok: false, error: { code: 'duplicate_line' } });
    expect(again.ok === false && again.error.params).toBeUndefined();
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });

  it('refuses a line change that names nothing to change: no new revision, nothing to send', async () => {
    const order = await t.call('orders.create', { lines: [coffee] });
    markAttempted(ops()[0]!.seq); // an edit now would be an update of its own
    const before = snapshotDatabase(t.terminal);
    const result = await t.terminal.dispatch('orders.updateLine', { orderClientId: order.clientId, lineId: order.lines[0]!.lineId });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('must change at least one of name, qty, unitPrice, discount') } });
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    expect(ops().map((o) => o.kind)).toEqual(['create']);
  });

  it('refuses a shipment listed twice, naming it by its tracking number, changing nothing', async () => {
    const order = await t.call('orders.create', {});
    const kept = (await t.call('orders.setDelivery', { orderClientId: order.clientId, delivery: { address: 'A', shipments: [{ carrier: 'DHL', trackingNo: 'T7' }] } })).delivery!.shipments[0]!;
    const before = snapshotDatabase(t.terminal);
    const result = await t.terminal.dispatch('orders.setDelivery', { orderClientId: order.clientId, delivery: { address: 'B', shipments: [kept, { ...kept, trackingNo: 'T8' }] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'duplicate_shipment', params: { trackingNo: 'T8' } } });
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });
});

describe('deletion', () => {
  it('deletes an order the server never saw without any request', async () => {
    const order = await t.call('orders.create', { lines: [coffee] });
    await t.call('orders.addLine', { orderClientId: order.clientId, ...coffee });
    const deleted = await t.call('orders.delete', { orderClientId: order.clientId });
    expect(deleted.status).toBe('Deleted');
    expect(deleted.syncStatus).toBe('Removed');
    expect(ops().map((o) => [o.kind, o.state])).toEqual([['create', 'cancelled']]);
    expect(await t.call('orders.listActive', {})).toEqual([]);
  });

  it('waits for a create that may be in flight, then deletes on the server', async () => {
    const order = await t.call('orders.create', { lines: [coffee] });
    markAttempted(ops()[0]!.seq);
    const deleted = await t.call('orders.delete', { orderClientId: order.clientId });
    expect(deleted.syncStatus).toBe('Removing');
    expect(ops().map((o) => [o.kind, o.state, o.depends_on])).toEqual([
      ['create', 'pending', null],
      ['delete', 'pending', ops()[0]!.seq],
    ]);
  });

  it('refuses while payments are held, and deletes after they are refunded', async () => {
    const order = await t.call('orders.create', { lines: [coffee] });
    const paid = await t.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 300 });
    const before = snapshotDatabase(t.terminal);
    await expect(t.call('orders.delete', { orderClientId: order.clientId })).rejects.toThrow(/payments_held: the order holds €3\.00/);
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    await t.call('payments.refund', { orderClientId: order.clientId, txId: paid.transactions[0]!.txId, amount: 300 });
    const deleted = await t.call('orders.delete', { orderClientId: order.clientId });
    expect(deleted.status).toBe('Deleted');
    expect(deleted.transactions.map((x) => [x.method, x.amount])).toEqual([
      ['card', 300],
      ['card', -300],
    ]);
  });

  it('refuses to edit or delete a deleted order', async () => {
    const order = await t.call('orders.create', {});
    await t.call('orders.delete', { orderClientId: order.clientId });
    await expect(t.call('orders.addLine', { orderClientId: order.clientId, ...coffee })).rejects.toThrow(/order_final/);
    await expect(t.call('orders.delete', { orderClientId: order.clientId })).rejects.toThrow(/order_final/);
  });
});
