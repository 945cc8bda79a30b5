import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterPosServer } from './app.ts';
import { createdOrder, newOrder, newSale, startServer, type Call } from './test-support.ts';

/** `close`, `reopen` and `DELETE` of an order: their refusals, and their bodies (none, or `{}`). */

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer());
});
afterAll(() => server.close());

const created = (overrides: Parameters<typeof newOrder>[0] = {}) => createdOrder(call, newOrder(overrides));

describe('POST /v2/orders/{id}/close', () => {
  it('refuses to close an unsold order with a total: 423 sale_required', async () => {
    const order = await created();
    const response = await call('POST', `/v2/orders/${order.id}/close`, { version: 1 });
    expect(response.status).toBe(423);
    expect(response.body.error.code).toBe('sale_required');
  });

  it('closes an order with a total of 0 and no sale', async () => {
    const order = await created({ lines: [], total: 0 });
    const response = await call('POST', `/v2/orders/${order.id}/close`, { version: 1, body: {} });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'Done', version: 2 });
  });

  it('closes a sold order', async () => {
    const order = await created();
    const sold = await call('POST', `/v2/orders/${order.id}/sale`, { version: 1, body: newSale(730) });
    const response = await call('POST', `/v2/orders/${order.id}/close`, { version: sold.body.order.version });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'Done', version: 3, saleId: sold.body.sale.id });
  });

  it('refuses a Deleted order (423 order_final), a stale version (412) and no If-Match (428)', async () => {
    const order = await created({ lines: [], total: 0 });
    expect((await call('POST', `/v2/orders/${order.id}/close`)).status).toBe(428);
    expect((await call('POST', `/v2/orders/${order.id}/close`, { version: 5 })).status).toBe(412);
    await call('DELETE', `/v2/orders/${order.id}`, { version: 1 });
    const response = await call('POST', `/v2/orders/${order.id}/close`, { version: 2 });
    expect(response.status).toBe(423);
    expect(response.body.error.code).toBe('order_final');
  });

  it('refuses a body with a server-owned field', async () => {
    const order = await created({ lines: [], total: 0 });
    const response = await call('POST', `/v2/orders/${order.id}/close`, { version: 1, body: { saleId: 3 } });
    expect(response.status).toBe(422);
    expect(response.body.error.field).toBe('saleId');
  });
});

describe('POST /v2/orders/{id}/reopen', () => {
  it('reopens a Done order without a sale to InProgress', async () => {
    const order = await created({ lines: [], total: 0 });
    await call('POST', `/v2/orders/${order.id}/close`, { version: 1 });
    const response = await call('POST', `/v2/orders/${order.id}/reopen`, { version: 2 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'InProgress', version: 3 });
  });

  it('refuses an order with a sale (423 sale_exists), a Deleted one (423 order_final) and a stale version (412)', async () => {
    const sold = await created();
    await call('POST', `/v2/orders/${sold.id}/sale`, { version: 1, body: newSale(730) });
    await call('POST', `/v2/orders/${sold.id}/close`, { version: 2 });
    const withSale = await call('POST', `/v2/orders/${sold.id}/reopen`, { version: 3 });
    expect(withSale.status).toBe(423);
    expect(withSale.body.error.code).toBe('sale_exists');

    const deleted = await created();
    await call('DELETE', `/v2/orders/${deleted.id}`, { version: 1 });
    const final = await call('POST', `/v2/orders/${deleted.id}/reopen`, { version: 2 });
    expect(final.status).toBe(423);
    expect(final.body.error.code).toBe('order_final');
    expect((await call('POST', `/v2/orders/${deleted.id}/reopen`, { version: 1 })).status).toBe(412);
  });
});

describe('DELETE /v2/orders/{id}', () => {
  it('sets the status to Deleted', async () => {
    const order = await created();
    const response = await call('DELETE', `/v2/orders/${order.id}`, { version: 1 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'Deleted', version: 2 });
  });

  it('refuses an order with a sale (423 sale_exists), a stale version (412), no If-Match (428), unknown (404)', async () => {
    const order = await created();
    await call('POST', `/v2/orders/${order.id}/sale`, { version: 1, body: newSale(730) });
    const response = await call('DELETE', `/v2/orders/${order.id}`, { version: 2 });
    expect(response.status).toBe(423);
    expect(response.body.error.code).toBe('sale_exists');
    expect((await call('DELETE', `/v2/orders/${order.id}`, { version: 1 })).status).toBe(412);
    expect((await call('DELETE', `/v2/orders/${order.id}`)).status).toBe(428);
    expect((await call('DELETE', '/v2/orders/999999', { version: 1 })).status).toBe(404);
  });
});

describe('close, reopen and DELETE bodies: none, or {}', () => {
  const paths = {
    close: ['POST', (id: number) => `/v2/orders/${id}/close`],
    reopen: ['POST', (id: number) => `/v2/orders/${id}/reopen`],
    DELETE: ['DELETE', (id: number) => `/v2/orders/${id}`],
  } as const;

  it.each([
    ['close', { status: 'Deleted' }, 'status'],
    ['reopen', { lines: [] }, 'lines'],
    ['DELETE', { reason: 'mistake', note: 'x' }, 'reason'],
  ] as const)('%s refuses a body %j with 422 naming its first field, and changes nothing', async (action, body, field) => {
    const order = await created({ lines: [], total: 0 });
    const [method, path] = paths[action];
    const response = await call(method, path(order.id), { version: 1, body });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    expect((await call('GET', `/v2/orders/${order.id}`)).body).toEqual(order);
  });

  it.each(['close', 'reopen', 'DELETE'] as const)('%s names a server-owned field as such, before any other', async (action) => {
    const order = await created({ lines: [], total: 0 });
    const [method, path] = paths[action];
    const response = await call(method, path(order.id), { version: 1, body: { note: 'x', version: 1 } });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'server_owned_field', field: 'version' });
  });

  it.each(['close', 'DELETE'] as const)('%s takes {} and no body alike', async (action) => {
    const [method, path] = paths[action];
    const withEmpty = await created({ lines: [], total: 0 });
    expect((await call(method, path(withEmpty.id), { version: 1, body: {} })).status).toBe(200);
    const without = await created({ lines: [], total: 0 });
    expect((await call(method, path(without.id), { version: 1 })).status).toBe(200);
  });
});
