import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import type { CounterPosServer } from './app.ts';
import { createdOrder, delivery, newOrder, startServer, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer());
});
afterAll(() => server.close());

const created = (overrides: Parameters<typeof newOrder>[0] = {}) => createdOrder(call, newOrder(overrides));

describe('POST /v2/orders', () => {
  it('creates the order with an incremental id, version 1 and the device of the token', async () => {
    const body = newOrder({ createdAt: '2026-11-21T09:00:00.000Z', delivery: delivery(crypto.randomUUID()) });
    const first = await call('POST', '/v2/orders', { body });
    expect(first.status).toBe(201);
    const order = api.Order.parse(first.body);
    expect(order).toMatchObject({
      clientId: body.clientId,
      deviceId: 'till-1',
      status: 'InProgress',
      total: 730,
      saleId: null,
      version: 1,
      createdAt: '2026-11-21T09:00:00.000Z',
    });
    expect(order.lines[1]?.discount).toBe(0);
    const second = await created();
    expect(second.id).toBe(order.id + 1);
  });

  it('returns the existing order with 200 when its clientId exists, even under a new key', async () => {
    const body = newOrder();
    const first = await call('POST', '/v2/orders', { body });
    const again = await call('POST', '/v2/orders', { body: { ...body, total: 0, lines: [] } });
    expect(again.status).toBe(200);
    expect(again.replayed).toBe(false);
    expect(again.body).toEqual(first.body);
  });

  it('accepts and ignores transactions: never stored, never returned', async () => {
    const body = { ...newOrder(), transactions: [{ txId: 't1', method: 'cash', amount: 100 }] };
    const response = await call('POST', '/v2/orders', { body });
    expect(response.status).toBe(201);
    expect(response.body).not.toHaveProperty('transactions');
    const read = await call('GET', `/v2/orders/${response.body.id}`);
    expect(read.body).not.toHaveProperty('transactions');
  });

  it.each(['id', 'version', 'deviceId', 'saleId', 'updatedAt'])('refuses the server-owned field %s, naming it', async (field) => {
    const body = { ...newOrder(), [field]: field === 'deviceId' || field === 'updatedAt' ? 'x' : 1 };
    const response = await call('POST', '/v2/orders', { body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'server_owned_field', field });
    expect(response.body.error.message).toContain(field);
    // Nothing was stored: the order can then be created.
    expect((await call('POST', '/v2/orders', { body: { ...body, [field]: undefined } })).status).toBe(201);
  });

  it.each([
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 0, unitPrice: 250 }], total: 0 }, 'lines.0.qty'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1.5, unitPrice: 250 }], total: 375 }, 'lines.0.qty'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: -1 }], total: -1 }, 'lines.0.unitPrice'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 2.5 }], total: 2.5 }, 'lines.0.unitPrice'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 250, discount: -5 }], total: 255 }, 'lines.0.discount'],
    // A discount above the line's value makes a negative total: an order then closed without a sale.
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 100, discount: 200 }], total: -100 }, 'lines.0.discount'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 3, unitPrice: 5_000_000_000_000 }], total: 15_000_000_000_000 }, 'lines.0.unitPrice'],
    [{ lines: [{ lineId: 'l', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 2 ** 53 - 1 }], total: 2 ** 53 - 1 }, 'lines.0.unitPrice'],
    [{ total: 2 ** 60 }, 'total'],
    [{ currency: 'euro' }, 'currency'],
    [{ status: 'Done' }, 'status'],
    [{ clientId: '' }, 'clientId'],
    [{ createdAt: 'yesterday' }, 'createdAt'],
    [{ delivery: { address: 'x', shipments: [{ carrier: 'PostCo' }] } }, 'delivery.shipments.0.shipmentId'],
  ])('refuses an invalid body %j with 422 naming %s, and stores nothing', async (overrides, field) => {
    const body = { ...newOrder(), ...overrides };
    const response = await call('POST', '/v2/orders', { body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    // Nothing was stored: the order's clientId is still free.
    const clientId = body.clientId === '' ? crypto.randomUUID() : body.clientId;
    expect((await call('POST', '/v2/orders', { body: newOrder({ clientId }) })).status).toBe(201);
  });

  it.each(['2026-11-21T10:00:00Z', '2026-11-21T10:00Z', '2026-11-21T10:00:00.1Z', '2026-11-21T10:00:00.123456789Z', '2026-11-21T10:00:00.000+00:00'])(
    'refuses createdAt %s (not UTC with exactly milliseconds) with 422 naming it, and stores nothing',
    async (createdAt) => {
      const body = newOrder({ createdAt });
      const response = await call('POST', '/v2/orders', { body });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'createdAt' });
      expect(response.body.error.message).toContain('milliseconds');
      expect((await call('POST', '/v2/orders', { body: { ...body, createdAt: '2026-11-21T10:00:00.000Z' } })).status).toBe(201);
    },
  );

  it.each(['ZZZ', 'ABC'])('refuses the currency %s, not an ISO 4217 code the terminal knows, with 422 naming it', async (currency) => {
    const response = await call('POST', '/v2/orders', { body: newOrder({ currency }) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'currency' });
    expect((await call('POST', '/v2/orders', { body: newOrder({ currency: 'JPY' }) })).status).toBe(201);
  });

  it('refuses two lines with the same lineId with 422 naming the second, and stores nothing', async () => {
    const lineId = crypto.randomUUID();
    const body = newOrder({
      lines: [
        { lineId: crypto.randomUUID(), sku: 'C1', name: 'Tea', qty: 1, unitPrice: 200 },
        { lineId, sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 250 },
        { lineId, sku: 'B1', name: 'Croissant', qty: 1, unitPrice: 230 },
      ],
      total: 680,
    });
    const response = await call('POST', '/v2/orders', { body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'lines.2.lineId' });
    expect((await call('POST', '/v2/orders', { body: newOrder({ clientId: body.clientId }) })).status).toBe(201);
  });

  it('refuses a total that is not the sum of the lines: 422 total_mismatch', async () => {
    const body = newOrder({ total: 731 });
    const response = await call('POST', '/v2/orders', { body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'total_mismatch', field: 'total' });
    // Nothing was stored: the same clientId can then be created.
    expect((await call('POST', '/v2/orders', { body: { ...body, total: 730 } })).status).toBe(201);
  });

  it('accepts an empty order (no lines, total 0)', async () => {
    const order = await created({ lines: [], total: 0 });
    expect(order.lines).toEqual([]);
  });

  it('refuses malformed JSON with 400 bad_json', async () => {
    const response = await call('POST', '/v2/orders', { rawBody: '{"clientId":' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_json');
  });

  it('refuses a shipment that belongs to another order', async () => {
    const shipmentId = crypto.randomUUID();
    await created({ delivery: delivery(shipmentId) });
    const response = await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(shipmentId) }) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'shipment_conflict', field: 'delivery.shipments.0.shipmentId' });
  });
});

describe('GET /v2/orders/{id}', () => {
  it('reads an order, any device', async () => {
    const order = await created();
    const response = await call('GET', `/v2/orders/${order.id}`, { token: 'dev-token-till-2' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(order);
  });

  it.each(['999999', 'abc', '-1'])('answers 404 for %s', async (id) => {
    const response = await call('GET', `/v2/orders/${id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('PATCH /v2/orders/{id}', () => {
  it('changes lines, customer, delivery and status, one version further', async () => {
    const order = await created();
    const lines = [{ lineId: 'l1', sku: 'A3', name: 'Cappuccino', qty: 3, unitPrice: 320, discount: 60 }];
    const response = await call('PATCH', `/v2/orders/${order.id}`, {
      version: 1,
      body: { lines, total: 900, customer: null, delivery: delivery('s-patch-1'), status: 'InDelivery', transactions: [] },
    });
    expect(response.status).toBe(200);
    const patched = api.Order.parse(response.body);
    expect(patched).toMatchObject({ version: 2, total: 900, customer: null, status: 'InDelivery', lines });
    expect(patched.delivery?.shipments[0]?.shipmentId).toBe('s-patch-1');
    expect(patched).not.toHaveProperty('transactions');
    expect(patched.updatedAt >= order.updatedAt).toBe(true);
  });

  it('accepts a change that changes nothing without a new version', async () => {
    const order = await created();
    const response = await call('PATCH', `/v2/orders/${order.id}`, { version: 1, body: { status: 'InProgress' } });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('answers 428 without If-Match and 412 with the current order on another version', async () => {
    const order = await created();
    const missing = await call('PATCH', `/v2/orders/${order.id}`, { body: { status: 'Delayed' } });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe('precondition_required');
    const stale = await call('PATCH', `/v2/orders/${order.id}`, { version: 7, body: { status: 'Delayed' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('version_mismatch');
    expect(api.Order.parse(stale.body.error.current)).toEqual(order);
  });

  it('refuses lines without total, a wrong total, a final status and server-owned fields with 422', async () => {
    const order = await created();
    const path = `/v2/orders/${order.id}`;
    const noTotal = await call('PATCH', path, { version: 1, body: { lines: [] } });
    expect(noTotal.body.error).toMatchObject({ code: 'validation_failed', field: 'total' });
    const wrongTotal = await call('PATCH', path, { version: 1, body: { lines: [], total: 5 } });
    expect(wrongTotal.body.error).toMatchObject({ code: 'total_mismatch', field: 'total' });
    const totalOnly = await call('PATCH', path, { version: 1, body: { total: 5 } });
    expect(totalOnly.body.error).toMatchObject({ code: 'total_mismatch', field: 'total' });
    const done = await call('PATCH', path, { version: 1, body: { status: 'Done' } });
    expect(done.body.error).toMatchObject({ code: 'validation_failed', field: 'status' });
    const owned = await call('PATCH', path, { version: 1, body: { version: 2 } });
    expect(owned.body.error).toMatchObject({ code: 'server_owned_field', field: 'version' });
    const overDiscounted = { lineId: 'l', sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250, discount: 501 };
    const negative = await call('PATCH', path, { version: 1, body: { lines: [overDiscounted], total: -1 } });
    expect(negative.status).toBe(422);
    expect(negative.body.error).toMatchObject({ code: 'validation_failed', field: 'lines.0.discount' });
    expect((await call('GET', path)).body).toMatchObject({ version: 1, total: 730 });
  });

  it('refuses lines repeating a lineId with 422 naming the repeat, and changes nothing', async () => {
    const order = await created();
    const line = { lineId: 'same', sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 250 };
    const response = await call('PATCH', `/v2/orders/${order.id}`, { version: 1, body: { lines: [line, line], total: 500 } });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'lines.1.lineId' });
    expect((await call('GET', `/v2/orders/${order.id}`)).body).toEqual(order);
  });

  it('refuses any change to a Done or Deleted order: 423 order_final', async () => {
    const done = await created({ lines: [], total: 0 });
    await call('POST', `/v2/orders/${done.id}/close`, { version: 1 });
    const deleted = await created();
    await call('DELETE', `/v2/orders/${deleted.id}`, { version: 1 });
    for (const order of [done, deleted]) {
      const response = await call('PATCH', `/v2/orders/${order.id}`, { version: 2, body: { status: 'Delayed' } });
      expect(response.status).toBe(423);
      expect(response.body.error.code).toBe('order_final');
    }
  });

  it('answers 404 for an unknown order', async () => {
    const response = await call('PATCH', '/v2/orders/999999', { version: 1, body: {} });
    expect(response.status).toBe(404);
  });
});
