import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import type { CounterPosServer } from './app.ts';
import { newOrder, newSale, startServer, TILL_2, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer({ testMode: true }));
});
afterAll(() => server.close());

async function order(overrides: Parameters<typeof newOrder>[0] = {}): Promise<api.Order> {
  return api.Order.parse((await call('POST', '/v2/orders', { body: newOrder(overrides) })).body);
}

describe('POST /v2/orders/{id}/sale', () => {
  it('records the sale, sets the order saleId and bumps its version', async () => {
    const { id } = await order();
    const sale = newSale(730, {
      createdAt: '2026-11-21T10:00:00.000Z',
      transactions: [
        { txId: 'tx-card', method: 'card', amount: 500, reference: 'AUTH123', at: '2026-11-21T09:58:00.000Z' },
        { txId: 'tx-cash', method: 'cash', amount: 230, tendered: 500, change: 270, at: '2026-11-21T09:59:00.000Z' },
      ],
    });
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: sale });
    expect(response.status).toBe(201);
    const body = api.SaleResponse.parse(response.body);
    expect(body.sale).toMatchObject({ clientId: sale.clientId, orderId: id, receiptNo: sale.receiptNo, total: 730 });
    expect(body.sale.createdAt).toBe('2026-11-21T10:00:00.000Z');
    expect(body.sale.transactions[0]).toEqual({
      txId: 'tx-card', method: 'card', amount: 500, reference: 'AUTH123', tendered: null, change: null, at: '2026-11-21T09:58:00.000Z',
    });
    expect(body.order).toMatchObject({ saleId: body.sale.id, version: 2, status: 'InProgress' });
  });

  it('returns the existing sale with 200 when its clientId exists, whatever key or version', async () => {
    const { id } = await order();
    const sale = newSale(730);
    const first = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: sale });
    const again = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: sale });
    expect(again.status).toBe(200);
    expect(again.replayed).toBe(false);
    expect(again.body).toEqual(first.body);
    const stats = (await call('GET', '/__test/stats')).body;
    expect(stats.sales.duplicateClientIds).toEqual([]);
    expect(stats.sales.maxPerOrder).toBe(1);
  });

  it('refuses a sale clientId that belongs to another order: 409 client_id_conflict', async () => {
    const a = await order();
    const b = await order();
    const sale = newSale(730);
    await call('POST', `/v2/orders/${a.id}/sale`, { version: 1, body: sale });
    const response = await call('POST', `/v2/orders/${b.id}/sale`, { version: 1, body: sale });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('client_id_conflict');
  });

  it('refuses a second, different sale: 409 sale_exists', async () => {
    const { id } = await order();
    await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(730) });
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 2, body: newSale(730), token: TILL_2 });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('sale_exists');
  });

  it('refuses a Done order (423 order_closed) and a Deleted one (423 order_final)', async () => {
    const done = await order();
    await call('POST', `/__test/orders/${done.id}/close`);
    const closed = await call('POST', `/v2/orders/${done.id}/sale`, { version: 2, body: newSale(730) });
    expect(closed.status).toBe(423);
    expect(closed.body.error.code).toBe('order_closed');

    const deleted = await order();
    await call('DELETE', `/v2/orders/${deleted.id}`, { version: 1 });
    const final = await call('POST', `/v2/orders/${deleted.id}/sale`, { version: 2, body: newSale(730) });
    expect(final.status).toBe(423);
    expect(final.body.error.code).toBe('order_final');
  });

  it('is recovered after order_closed by reopen → sale → close', async () => {
    const { id } = await order();
    await call('POST', `/__test/orders/${id}/close`);
    expect((await call('POST', `/v2/orders/${id}/sale`, { version: 2, body: newSale(730) })).status).toBe(423);
    expect((await call('POST', `/v2/orders/${id}/reopen`, { version: 2 })).status).toBe(200);
    expect((await call('POST', `/v2/orders/${id}/sale`, { version: 3, body: newSale(730) })).status).toBe(201);
    const closed = await call('POST', `/v2/orders/${id}/close`, { version: 4 });
    expect(closed.body).toMatchObject({ status: 'Done', version: 5 });
  });

  it('refuses a stale version (412 with current), no If-Match (428), an unknown order (404)', async () => {
    const o = await order();
    const stale = await call('POST', `/v2/orders/${o.id}/sale`, { version: 3, body: newSale(730) });
    expect(stale.status).toBe(412);
    expect(stale.body.error.current).toEqual(o);
    expect((await call('POST', `/v2/orders/${o.id}/sale`, { body: newSale(730) })).status).toBe(428);
    expect((await call('POST', '/v2/orders/999999/sale', { version: 1, body: newSale(730) })).status).toBe(404);
  });

  it('refuses transactions that do not add up to the total: 422 amount_mismatch', async () => {
    const { id } = await order();
    const sale = newSale(730);
    const response = await call('POST', `/v2/orders/${id}/sale`, {
      version: 1,
      body: { ...sale, transactions: [{ ...sale.transactions[0], amount: 700, tendered: 700 }] },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'amount_mismatch', field: 'transactions' });
    expect((await call('GET', `/v2/orders/${id}`)).body).toMatchObject({ saleId: null, version: 1 });
  });

  it('refuses transactions that add up to the total only through float rounding, and records nothing', async () => {
    const { id } = await order({ lines: [{ lineId: crypto.randomUUID(), sku: 'A1', name: 'Sweet', qty: 1, unitPrice: 1 }], total: 1 });
    const at = new Date().toISOString();
    const amounts = [Number.MAX_SAFE_INTEGER, 2, -Number.MAX_SAFE_INTEGER];
    const response = await call('POST', `/v2/orders/${id}/sale`, {
      version: 1,
      body: newSale(1, { transactions: amounts.map((amount) => ({ txId: crypto.randomUUID(), method: 'card', amount, at })) }),
    });
    expect(response.status).toBe(422);
    expect(api.ErrorBody.parse(response.body).error.field).toMatch(/^transactions/);
    expect((await call('GET', `/v2/orders/${id}`)).body).toMatchObject({ saleId: null, version: 1 });
  });

  it("refuses a sale whose total alone is not the order's (its transactions pay the order): 422 total_mismatch", async () => {
    const { id } = await order(); // 730
    const paid = [{ txId: crypto.randomUUID(), method: 'card', amount: 730, at: '2026-11-21T10:00:00.000Z' }];
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(700, { transactions: paid }) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'total_mismatch', field: 'total' });
  });

  it("refuses a sale whose total and transactions both disagree with the order's total: 422 amount_mismatch", async () => {
    const { id } = await order(); // 730; the sale says 700 and pays 700
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(700) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'amount_mismatch', field: 'transactions' });
    expect((await call('GET', `/v2/orders/${id}`)).body).toMatchObject({ saleId: null, version: 1 });
  });

  it("refuses a txId already recorded in another order's sale: 409 client_id_conflict naming it, and records nothing", async () => {
    const a = await order();
    const b = await order();
    const at = '2026-11-21T10:00:00.000Z';
    const reused = { txId: crypto.randomUUID(), method: 'card', amount: 430, at };
    const first = newSale(730, { transactions: [{ txId: crypto.randomUUID(), method: 'card', amount: 300, at }, reused] });
    expect((await call('POST', `/v2/orders/${a.id}/sale`, { version: 1, body: first })).status).toBe(201);

    const second = newSale(730, { transactions: [{ txId: crypto.randomUUID(), method: 'card', amount: 300, at }, reused] });
    const response = await call('POST', `/v2/orders/${b.id}/sale`, { version: 1, token: TILL_2, body: second });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'client_id_conflict', field: 'transactions.1.txId' });
    expect((await call('GET', `/v2/orders/${b.id}`)).body).toMatchObject({ saleId: null, version: 1 });
    const stats = (await call('GET', '/__test/stats')).body;
    expect(stats.transactions.duplicateTxIds).toEqual([]);

    // The first sale, sent again by its clientId (a lost answer, a retry under a new key), is still its own: 200.
    const again = await call('POST', `/v2/orders/${a.id}/sale`, { version: 1, body: first });
    expect(again.status).toBe(200);
    expect(again.body.sale.transactions.map((tx: { txId: string }) => tx.txId)).toContain(reused.txId);
    // Another sale of the same order reusing it: the order's sale is the reason (409 sale_exists).
    const other = await call('POST', `/v2/orders/${a.id}/sale`, { version: 2, body: { ...second, clientId: crypto.randomUUID() } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('sale_exists');
  });

  it.each([
    [{ createdAt: '2026-11-21T10:00:00Z' }, 'createdAt'],
    [{ createdAt: '2026-11-21T10:00:00.123456Z' }, 'createdAt'],
    [{ transactions: [{ txId: 'a', method: 'card', amount: 730, at: '2026-11-21T10:00:00Z' }] }, 'transactions.0.at'],
    [{ transactions: [{ txId: 'a', method: 'card', amount: 730, at: '2026-11-21T11:00:00.000+01:00' }] }, 'transactions.0.at'],
  ])('refuses a sale time without exactly milliseconds in UTC (%j) with 422 naming %s', async (overrides, field) => {
    const { id } = await order();
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(730, overrides) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    expect((await call('GET', `/v2/orders/${id}`)).body).toMatchObject({ saleId: null, version: 1 });
  });

  it('accepts payments and refunds that net to the total', async () => {
    const { id } = await order();
    const at = new Date().toISOString();
    const response = await call('POST', `/v2/orders/${id}/sale`, {
      version: 1,
      body: newSale(730, {
        transactions: [
          { txId: crypto.randomUUID(), method: 'card', amount: 1000, at },
          { txId: crypto.randomUUID(), method: 'card', amount: -270, at },
        ],
      }),
    });
    expect(response.status).toBe(201);
  });

  it.each([
    [{ transactions: [{ txId: 'a', method: 'bitcoin', amount: 730, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.method'],
    [{ transactions: [{ txId: 'a', method: 'cash', amount: 7.3, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.amount'],
    [
      {
        transactions: [
          { txId: 'a', method: 'cash', amount: 365, at: '2026-11-21T10:00:00.000Z' },
          { txId: 'a', method: 'cash', amount: 365, at: '2026-11-21T10:00:00.000Z' },
        ],
      },
      'transactions.1.txId',
    ],
    [{ receiptNo: '' }, 'receiptNo'],
    // Cash as the terminal records it: tendered at least the amount, change exactly the difference.
    [{ transactions: [{ txId: 'a', method: 'cash', amount: 730, tendered: 100, change: 5000, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.tendered'],
    [{ transactions: [{ txId: 'a', method: 'cash', amount: 730, tendered: 1000, change: 5000, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.change'],
    [{ transactions: [{ txId: 'a', method: 'cash', amount: 730, change: 270, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.change'],
    [{ transactions: [{ txId: 'a', method: 'card', amount: 730, tendered: 1000, change: 270, at: '2026-11-21T10:00:00.000Z' }] }, 'transactions.0.tendered'],
  ])('refuses an invalid sale %j with 422 naming %s', async (overrides, field) => {
    const { id } = await order();
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(730, overrides) });
    expect(response.status).toBe(422);
    expect(response.body.error.field).toBe(field);
  });

  it('refuses a sale body with a server-owned field', async () => {
    const { id } = await order();
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(730, { id: 5 }) });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'server_owned_field', field: 'id' });
  });

  it('records a sale of 0 with no transactions', async () => {
    const { id } = await order({ lines: [], total: 0 });
    const response = await call('POST', `/v2/orders/${id}/sale`, { version: 1, body: newSale(0, { transactions: [] }) });
    expect(response.status).toBe(201);
  });
});
