import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import type { Order } from '../../common/backend-api.ts';
import { inTransaction } from '../context.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import type { DroppingProxy } from './testing/dropping-proxy.ts';
import { useProxiedTerminal } from './testing/proxied-terminal.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { doubleSaleReason } from './server-final.ts';
import { SyncStore } from './sync-store.ts';
import { useRecoveryBed } from './testing/recovery-bed.ts';
import { backOffice, drained, outboxRows } from './testing/sync-harness.ts';

/**
 * A sale made here that the server took (or may have taken: its answer lost), while another
 * terminal changed the sold order's lines and the back office closed it: the operation re-asserting
 * the sold lines then finds the server's order closed, with a sale. That sale is this terminal's:
 * not a double sale, the order ends Charged, and its money is not refunded here (the server keeps
 * the sale: a refund would lose it). Only the sale itself refused (409 sale_exists) is a double sale.
 */

type HeldLine = { lineId: string; sku: string; name: string; qty: number; unitPrice: number; discount: number };
type Held = { orders: Array<{ clientId: string; status: string; version: number; total: number; lines: HeldLine[]; sale: { clientId: string; receiptNo: string } | null }> };

/** The server's copy of an order, as the back office sees it. */
async function heldOrder(server: CounterPosServer, clientId: string) {
  return (await backOffice<Held>(server, 'GET', '/__test/orders')).orders.find((o) => o.clientId === clientId)!;
}

/** A request to the API as `device` (another terminal, or this terminal's own request whose answer was lost). */
async function api(server: CounterPosServer, device: string, method: string, path: string, body: unknown, version?: number) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.tokens[device]}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
      ...(version === undefined ? {} : { 'if-match': `"${version}"` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { version?: number; order?: { version: number } } };
}

/** Terminal 2 adds line B (€0.50) to the order as the server holds it (sold, not closed: the server allows it). */
async function anotherTerminalAddsLine(server: CounterPosServer, clientId: string, serverId: number) {
  const remote = await heldOrder(server, clientId);
  const patched = await api(server, 'till-2', 'PATCH', `/v2/orders/${serverId}`, {
    lines: [...remote.lines, { lineId: crypto.randomUUID(), sku: 'B', name: 'B', qty: 1, unitPrice: 50, discount: 0 }],
    total: remote.total + 50,
  }, remote.version);
  expect(patched.status).toBe(200);
}

describe('a sale the server took; its order closed elsewhere while the sold lines were re-asserted', () => {
  let server: CounterPosServer;
  let proxy: DroppingProxy;
  let t: TempTerminal;
  useProxiedTerminal((bed) => ({ server, proxy, t } = bed));
  const holding = (count: number) => expect.poll(() => proxy.holding, { timeout: 10_000 }).toBe(count);

  it('the update’s 412 (closed, with this sale) settles the order Charged, not as a double sale, and its money is not refunded here', async () => {
    const created = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(t);
    const order = await t.call('orders.get', { orderClientId: created.clientId });

    proxy.drop({ method: 'POST', path: /^\/v2\/orders\/\d+\/sale$/, times: 1, hold: true });
    proxy.drop({ method: 'POST', path: /^\/v2\/orders\/\d+\/close$/, times: 1, hold: true });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const sold = (await t.call('sales.complete', { orderClientId: order.clientId })).sale!;
    await holding(1); // the server took the sale; its answer is on its way
    await anotherTerminalAddsLine(server, order.clientId, order.serverId);
    proxy.release(); // the sale's 201; the close goes, and is answered 412 (terminal 2's change)
    await holding(1);
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    proxy.release(); // the close's 412: the sold lines are re-asserted (an update), answered 412: the order is Done, with this sale
    await drained(t);

    expect(proxy.log.filter((e) => e.method === 'PATCH').map((e) => e.status)).toEqual([412]);
    expect(proxy.log.filter((e) => e.path.endsWith('/sale')).map((e) => e.status)).toEqual([201]);
    const there = await heldOrder(server, order.clientId);
    expect(there).toMatchObject({ status: 'Done', sale: { clientId: sold.clientId, receiptNo: sold.receiptNo } });
    const local = await t.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Charged', blockedReason: null, saleRefused: false, paid: 100, version: there.version });
    expect(local.lines.map((l) => l.sku)).toEqual(['A']); // the sold lines stay
    expect(outboxRows(t, order.clientId).filter((r) => r.state !== 'done' && r.state !== 'cancelled')).toEqual([]);
    expect(outboxRows(t, order.clientId).filter((r) => r.kind === 'close' && r.state === 'done')).toHaveLength(1);

    // The server keeps the sale of €1.00 paid at this till: the till does not pay it back.
    const refund = await t.terminal.dispatch('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refund).toMatchObject({ ok: false, error: { code: 'order_final' } });
    const after = await t.call('orders.get', { orderClientId: order.clientId });
    expect(after).toMatchObject({ status: 'Done', syncStatus: 'Charged', paid: 100 });
    expect(after.sale?.voidedAt).toBeNull();
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });

  it('a sale found closed without a sale (412) whose reopen finds the order sold by another terminal is a double sale: the sale, sent, is refused 409 sale_exists', async () => {
    const created = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(t);
    const order = await t.call('orders.get', { orderClientId: created.clientId });
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`); // closed without a sale

    proxy.drop({ method: 'POST', path: /^\/v2\/orders\/\d+\/sale$/, times: 1, hold: true });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    await t.call('sales.complete', { orderClientId: order.clientId });
    await holding(1); // the sale's 412 (closed without a sale) is on its way
    // Meanwhile the order is reopened, and terminal 2 sells and closes it.
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/reopen`);
    const remote = await heldOrder(server, order.clientId);
    const at = new Date().toISOString();
    const other = await api(server, 'till-2', 'POST', `/v2/orders/${order.serverId}/sale`, {
      clientId: crypto.randomUUID(), receiptNo: 'T2-000001', total: 100,
      transactions: [{ txId: crypto.randomUUID(), method: 'cash', amount: 100, reference: null, tendered: 100, change: 0, at }],
    }, remote.version);
    expect(other.status).toBe(201);
    expect((await api(server, 'till-2', 'POST', `/v2/orders/${order.serverId}/close`, {}, other.body.order!.version)).status).toBe(200);
    proxy.release(); // reopen → sale → close; the reopen is answered 412 (closed, with a sale): the sale is sent
    await drained(t);

    expect(proxy.log.filter((e) => e.path.endsWith('/sale')).map((e) => e.status)).toEqual([412, 409]);
    expect(proxy.log.filter((e) => e.path.endsWith('/reopen')).map((e) => e.status)).toEqual([412]);
    const local = await t.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Blocked', saleRefused: true });
    expect(local.blockedReason?.message).toMatch(/paid twice — refund €1\.00 here/);

    const refunded = await t.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refunded).toMatchObject({ status: 'Done', syncStatus: 'Charged', saleRefused: false, paid: 0 });
    expect(refunded.sale?.voidedAt).toEqual(expect.any(String));
    expect(await heldOrder(server, order.clientId)).toMatchObject({ status: 'Done', sale: { receiptNo: 'T2-000001' } });
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });
});

describe('a sale the server may hold (its answer lost) behind a re-assert of its lines; the order closed elsewhere', () => {
  let server: CounterPosServer;
  let a: TempTerminal;
  const { held } = useRecoveryBed((bed) => ({ server, a } = bed));

  /**
   * Terminal A sells an order (its pusher stopped); terminal 2 adds a line on the server; A's pull
   * queues the sold lines' re-assert ahead of the sale. `before` runs after A's sale and before
   * terminal 2's change: it is where the server gets its sale (A's, whose answer was lost).
   */
  async function soldHereReasserted(before: (order: { clientId: string; serverId: number; version: number }, sold: Awaited<ReturnType<typeof soldHere>>) => Promise<void>) {
    const order = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(a);
    const synced = await a.call('orders.get', { orderClientId: order.clientId });
    await a.terminal.sync.pusher.stop();
    const sold = await soldHere(synced.clientId);
    await before(synced, sold);
    await anotherTerminalAddsLine(server, synced.clientId, synced.serverId);
    await a.terminal.sync.puller.pullOnce();
    expect(outboxRows(a, synced.clientId).filter((r) => r.state === 'pending').map((r) => r.kind)).toEqual(['update', 'sale', 'close']);
    return { order: synced, sold };
  }

  /** The order's operations not cancelled (the pull's re-sequencing keeps the ones it replaced as cancelled history). */
  const liveRows = (clientId: string) => outboxRows(a, clientId).filter((r) => r.state !== 'cancelled').map((r) => `${r.kind}:${r.state}`);

  async function soldHere(clientId: string) {
    await a.call('payments.record', { orderClientId: clientId, method: 'cash', amount: 100 });
    return a.call('sales.complete', { orderClientId: clientId });
  }

  /** A's sale as A's pusher sends it, reaching the server while its answer is lost. */
  async function saleReachesServerAnswerLost(order: { serverId: number; version: number }, sold: Awaited<ReturnType<typeof soldHere>>) {
    const tx = sold.transactions[0]!;
    const sale = await api(server, 'till-1', 'POST', `/v2/orders/${order.serverId}/sale`, {
      clientId: sold.sale!.clientId,
      receiptNo: sold.sale!.receiptNo,
      total: 100,
      transactions: [{ txId: tx.txId, method: tx.method, amount: tx.amount, reference: tx.reference, tendered: tx.tendered, change: tx.change, at: tx.at }],
      createdAt: sold.sale!.createdAt,
    }, order.version);
    expect(sale.status).toBe(201);
  }

  async function expectChargedWithThisSale(order: { clientId: string }, sold: Awaited<ReturnType<typeof soldHere>>) {
    const [there] = await held();
    expect(there).toMatchObject({ status: 'Done', sale: { receiptNo: sold.sale!.receiptNo } });
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Charged', blockedReason: null, saleRefused: false, paid: 100 });
    expect(local.lines.map((l) => l.sku)).toEqual(['A']);
    // The re-assert the closed order can no longer take is cancelled; the sale, sent again, is the server's.
    expect(liveRows(order.clientId)).toEqual(['create:done', 'sale:done', 'close:done']);
    expect(outboxRows(a, order.clientId).filter((r) => r.kind === 'update').map((r) => r.state)).toEqual(['cancelled']);

    // The server keeps A's sale of €1.00: A does not pay it back.
    const refund = await a.terminal.dispatch('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refund).toMatchObject({ ok: false, error: { code: 'order_final' } });
    const after = await a.call('orders.get', { orderClientId: order.clientId });
    expect(after).toMatchObject({ status: 'Done', syncStatus: 'Charged', paid: 100 });
    expect(after.sale?.voidedAt).toBeNull();
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  }

  it('the update’s 412 (closed, with a sale) sends the sale first: answered 200 with this sale, the order ends Charged, not as a double sale', async () => {
    const { order, sold } = await soldHereReasserted(saleReachesServerAnswerLost);
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    a.terminal.sync.pusher.start();
    await drained(a);
    await expectChargedWithThisSale(order, sold);
  });

  it('the same when a pull brought the closed order first (the update is then refused 423 order_final)', async () => {
    const { order, sold } = await soldHereReasserted(saleReachesServerAnswerLost);
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    await a.terminal.sync.puller.pullOnce();
    a.terminal.sync.pusher.start();
    await drained(a);
    await expectChargedWithThisSale(order, sold);
  });

  /**
   * What an update's or a close's 412 (closed, with a sale) used to leave, before this was fixed:
   * the lane's head Blocked as a double sale, the server's closed order as the last copy known.
   */
  async function leftBlockedAsDoubleSale(order: { clientId: string; serverId: number }) {
    const current = (await (await fetch(`${server.url}/v2/orders/${order.serverId}`, { headers: { authorization: `Bearer ${server.tokens['till-1']}` } })).json()) as Order;
    expect(current).toMatchObject({ status: 'Done', saleId: expect.any(Number) });
    const { ctx } = a.terminal;
    inTransaction(ctx, () => {
      const store = new SyncStore(ctx);
      store.adoptServerOrder(order.clientId, current);
      const why = doubleSaleReason(ctx, order.clientId);
      store.park(store.lane(order.clientId)[0]!.seq, 'blocked', why, ctx.clock.iso());
      refreshSyncStatus(ctx, order.clientId, why);
    });
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Blocked', saleRefused: false });
    return local;
  }

  /** The money of the sale the server holds stays here: the refund is refused, nothing changes. */
  async function expectNotRefunded(order: { clientId: string }, local: Awaited<ReturnType<typeof leftBlockedAsDoubleSale>>) {
    const refund = await a.terminal.dispatch('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refund).toMatchObject({ ok: false, error: { code: 'order_final' } });
    const after = await a.call('orders.get', { orderClientId: order.clientId });
    expect(after).toMatchObject({ paid: 100, syncStatus: 'Blocked', sale: { receiptNo: local.sale!.receiptNo, voidedAt: null } });
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  }

  it('an order left Blocked as a double sale by an earlier version, its sale unanswered behind: its money is not refunded while the server may hold the sale', async () => {
    const { order } = await soldHereReasserted(saleReachesServerAnswerLost);
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    const local = await leftBlockedAsDoubleSale(order);
    expect(liveRows(order.clientId)).toEqual(['create:done', 'update:blocked', 'sale:pending', 'close:pending']);
    await expectNotRefunded(order, local);
  });

  it('an order left Blocked as a double sale by an earlier version, its sale acknowledged: its money is not refunded (the server holds the sale)', async () => {
    const created = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(a);
    const order = await a.call('orders.get', { orderClientId: created.clientId });
    await a.terminal.sync.pusher.stop();
    const sold = await soldHere(order.clientId);
    await saleReachesServerAnswerLost(order, sold);
    // Its answer came in: the sale is done here, the close waits.
    const saleOp = outboxRows(a, order.clientId).find((r) => r.kind === 'sale')!;
    inTransaction(a.terminal.ctx, () => new SyncStore(a.terminal.ctx).markDone(saleOp.seq, a.terminal.ctx.clock.iso()));
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    const local = await leftBlockedAsDoubleSale(order);
    expect(liveRows(order.clientId)).toEqual(['create:done', 'sale:done', 'close:blocked']);
    await expectNotRefunded(order, local);
  });

  it('a sale another terminal made is still a double sale: the sale, sent, is refused 409 sale_exists; Blocked with the refund prompt, and refunded, void', async () => {
    const { order } = await soldHereReasserted(async () => {});
    // Terminal 2 sells the order (with its line B: €1.50) and closes it.
    const remote = await heldOrder(server, order.clientId);
    const at = new Date().toISOString();
    const other = await api(server, 'till-2', 'POST', `/v2/orders/${order.serverId}/sale`, {
      clientId: crypto.randomUUID(), receiptNo: 'T2-000001', total: 150,
      transactions: [{ txId: crypto.randomUUID(), method: 'cash', amount: 150, reference: null, tendered: 150, change: 0, at }],
    }, remote.version);
    expect(other.status).toBe(201);
    expect((await api(server, 'till-2', 'POST', `/v2/orders/${order.serverId}/close`, {}, other.body.order!.version)).status).toBe(200);

    a.terminal.sync.pusher.start();
    await drained(a);
    const local = await a.call('orders.get', { orderClientId: order.clientId });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Blocked', saleRefused: true });
    expect(local.blockedReason?.message).toMatch(/paid twice — refund €1\.00 here/);
    expect(liveRows(order.clientId)).toEqual(['create:done', 'sale:blocked', 'close:pending']);
    expect(outboxRows(a, order.clientId).filter((r) => r.kind === 'update').map((r) => r.state)).toEqual(['cancelled']);

    const refunded = await a.call('payments.refund', { orderClientId: order.clientId, txId: local.transactions[0]!.txId, amount: 100 });
    expect(refunded).toMatchObject({ status: 'Done', syncStatus: 'Charged', saleRefused: false, paid: 0 });
    expect(refunded.sale?.voidedAt).toEqual(expect.any(String));
    const [there] = await held();
    expect(there).toMatchObject({ status: 'Done', sale: { receiptNo: 'T2-000001' } });
    expect(outboxViolations(a.terminal.ctx.sqlite)).toEqual([]);
  });
});

describe('a customer set here, then a sale; the order closed elsewhere without a sale', () => {
  let server: CounterPosServer;
  let t: TempTerminal;
  useProxiedTerminal((bed) => ({ server, t } = bed));

  it('the customer reaches the server with the sale (reopen, the customer and lines, sale, close): terminal and server agree', async () => {
    const created = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(t);
    const order = await t.call('orders.get', { orderClientId: created.clientId });
    // Offline: the customer is set and the order sold here (update, sale, close queued).
    await t.terminal.sync.pusher.stop();
    await t.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Alice' } });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const sold = (await t.call('sales.complete', { orderClientId: order.clientId })).sale!;
    // Meanwhile the back office closes the order without a sale, and a pull brings that version:
    // the update is refused 423 order_final and cancelled ahead of the sale, which meets order_closed.
    await backOffice(server, 'POST', `/__test/orders/${order.serverId}/close`);
    await t.terminal.sync.puller.pullOnce();
    t.terminal.sync.pusher.start();
    await drained(t);

    const there = (await backOffice<{ orders: Array<{ clientId: string; status: string; customer: unknown; sale: { clientId: string } | null }> }>(server, 'GET', '/__test/orders')).orders.find(
      (o) => o.clientId === order.clientId,
    )!;
    const local = await t.call('orders.get', { orderClientId: order.clientId });
    expect(there).toMatchObject({ status: 'Done', sale: { clientId: sold.clientId }, customer: { name: 'Alice' } });
    expect(local).toMatchObject({ status: 'Done', syncStatus: 'Charged', customer: { name: 'Alice' } });
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });
});
