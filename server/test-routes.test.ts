import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterPosServer } from './app.ts';
import { delivery, newOrder, newSale, startServer, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer({ testMode: true }));
});
afterAll(() => server.close());

const create = async (overrides: Parameters<typeof newOrder>[0] = {}) =>
  (await call('POST', '/v2/orders', { body: newOrder(overrides) })).body;

describe('the back office (/__test/orders/{id}/…)', () => {
  it('closes an unsold order, reopens, edits and deletes it, each a new version', async () => {
    const order = await create();
    const closed = await call('POST', `/__test/orders/${order.id}/close`);
    expect(closed.body).toMatchObject({ status: 'Done', version: 2 });
    const reopened = await call('POST', `/__test/orders/${order.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'InProgress', version: 3 });
    const lines = [{ lineId: 'bo-1', sku: 'C1', name: 'Ham sandwich', qty: 2, unitPrice: 590 }];
    const edited = await call('POST', `/__test/orders/${order.id}/edit`, { body: { lines, status: 'Delayed' } });
    expect(edited.body).toMatchObject({ status: 'Delayed', total: 1180, version: 4, lines: [{ ...lines[0], discount: 0 }] });
    const deleted = await call('POST', `/__test/orders/${order.id}/delete`);
    expect(deleted.body).toMatchObject({ status: 'Deleted', version: 5 });
    // A device holding version 2 now gets 412 with the back office's copy.
    const stale = await call('PATCH', `/v2/orders/${order.id}`, { version: 2, body: { status: 'InDelivery' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.current).toEqual(deleted.body);
  });

  it('answers 404 for an unknown order and 422 for an invalid edit', async () => {
    expect((await call('POST', '/__test/orders/999999/close')).status).toBe(404);
    const order = await create();
    const invalid = await call('POST', `/__test/orders/${order.id}/edit`, { body: { status: 'Lost' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.field).toBe('status');
  });
});

describe('the carrier (/__test/shipments/…, /__test/step-states/…)', () => {
  it('adds and removes step states with source server', async () => {
    const shipment = crypto.randomUUID();
    const order = await create({ delivery: delivery(shipment) });
    const added = await call('POST', `/__test/shipments/${shipment}/step-states`, {
      body: { code: 'dispatched', at: '2026-11-21T10:00:00.000Z' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ shipmentId: shipment, orderId: order.id, code: 'dispatched', source: 'server' });
    expect((await call('POST', '/__test/shipments/nope/step-states', { body: { code: 'x' } })).status).toBe(404);
    expect((await call('DELETE', `/__test/step-states/${added.body.id}`)).status).toBe(200);
    expect((await call('DELETE', `/__test/step-states/${added.body.id}`)).status).toBe(404);
  });
});

describe('rules and catalog', () => {
  it('replaces the rules with a new version', async () => {
    const rules = [{ id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 60, position: 1, active: false }];
    const response = await call('PUT', '/__test/order-state-rules', { body: { rules } });
    expect(response.body).toEqual({ rules, version: 2 });
    expect((await call('GET', '/v2/order-state-rules')).body).toEqual({ rules, version: 2 });
    const invalid = await call('PUT', '/__test/order-state-rules', { body: { rules: [{ ...rules[0], minPercent: 0 }] } });
    expect(invalid.body.error.field).toBe('rules.0.minPercent');
  });

  it('bumps the catalog, replacing the products when given', async () => {
    const bumped = await call('POST', '/__test/catalog');
    expect(bumped.body.version).toBe(2);
    expect(bumped.body.products).toHaveLength(12);
    const products = [{ sku: 'Z1', name: 'Gift box', price: 1500, currency: 'EUR', barcode: null }];
    const replaced = await call('POST', '/__test/catalog', { body: { products } });
    expect(replaced.body).toEqual({ products, version: 3 });
    expect((await call('GET', '/v2/catalog')).body).toEqual({ products, version: 3 });
  });
});

describe('reading for invariant checks', () => {
  it('lists every order with its sale, transactions, step states and history', async () => {
    const shipment = crypto.randomUUID();
    const order = await create({ delivery: delivery(shipment) });
    const sale = newSale(730);
    await call('POST', `/v2/orders/${order.id}/sale`, { version: 1, body: sale });
    await call('POST', `/__test/shipments/${shipment}/step-states`, { body: { code: 'dispatched' } });
    const listed = (await call('GET', '/__test/orders')).body.orders.find((o: { id: number }) => o.id === order.id);
    expect(listed).toMatchObject({ id: order.id, saleId: expect.any(Number), version: 2 });
    expect(listed.sale).toMatchObject({ clientId: sale.clientId, transactions: [{ txId: sale.transactions[0]?.txId }] });
    expect(listed.stepStates).toHaveLength(1);
    expect(listed.stateHistory).toEqual([]);
  });

  it('counts what invariant checks need', async () => {
    const stats = (await call('GET', '/__test/stats')).body;
    expect(stats).toMatchObject({
      orders: { count: expect.any(Number), duplicateClientIds: [] },
      sales: { count: 1, duplicateClientIds: [], maxPerOrder: 1, ordersWithSeveralSales: [], danglingSaleIds: 0 },
      transactions: { count: 1, duplicateTxIds: [] },
      totals: { sales: 730, transactions: 730 },
      faults: { dropBefore: 0, dropAfterCommit: 0, error5xx: 0, retryAfter: 0, latency: 0 },
      requests: { total: expect.any(Number), byStatus: expect.objectContaining({ 201: expect.any(Number) }) },
    });
  });

  it('tells how the server runs', async () => {
    const info = (await call('GET', '/__test/info')).body;
    expect(info).toMatchObject({ testMode: true, durability: server.durability, devices: ['till-1', 'till-2', 'kiosk-1'] });
  });

  it('resets to a fresh, seeded server', async () => {
    expect((await call('POST', '/__test/reset')).body).toEqual({ reset: true });
    const stats = (await call('GET', '/__test/stats')).body;
    expect(stats.orders.count).toBe(0);
    expect(stats.idempotencyRecords).toBe(0);
    expect((await call('GET', '/v2/catalog')).body.version).toBe(1);
    expect((await call('GET', '/v2/changes')).body.cursor).toBe('2');
    expect((await create()).id).toBe(1);
  });
});

describe('the back office is bound by the locks', () => {
  it('never reopens, deletes or edits a sold order, nor changes a deleted one', async () => {
    const order = await create();
    const sold = await call('POST', `/v2/orders/${order.id}/sale`, { body: newSale(order.total), headers: { 'if-match': `"${order.version}"` } });
    expect(sold.status).toBe(201);
    for (const path of ['reopen', 'delete']) {
      const refused = await call('POST', `/__test/orders/${order.id}/${path}`);
      expect(refused.status, path).toBe(423);
      expect(refused.body.error.code).toBe('sale_exists');
    }
    expect((await call('POST', `/__test/orders/${order.id}/edit`, { body: { status: 'Delayed' } })).body.error.code).toBe('sale_exists');
    const other = await create();
    expect((await call('POST', `/__test/orders/${other.id}/close`)).status).toBe(200);
    expect((await call('POST', `/__test/orders/${other.id}/edit`, { body: { status: 'Delayed' } })).body.error.code).toBe('order_final');
    expect((await call('POST', `/__test/orders/${other.id}/delete`)).status).toBe(200);
    expect((await call('POST', `/__test/orders/${other.id}/reopen`)).body.error.code).toBe('order_final');
  });
});
