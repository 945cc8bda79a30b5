import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import type { CounterPosServer } from './app.ts';
import { createdOrder, newOrder, startServer, TILL_2, type Call } from './test-support.ts';

/**
 * A `lineId` is the device's and names one line across orders (the terminal keys its lines by
 * it, as it does transactions by `txId`): a create or PATCH putting on an order a line of another
 * order is `409 client_id_conflict` naming the field, and stores nothing; an order sending its own
 * lines again is as before.
 */
let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer({ testMode: true }));
});
afterAll(() => server.close());

const line = (lineId: string, sku = 'A1', unitPrice = 250) => ({ lineId, sku, name: sku, qty: 1, unitPrice, discount: 0 });

const created = (body = newOrder()) => createdOrder(call, body);

async function stored(): Promise<{ count: number; lastSeq: number }> {
  const stats = (await call('GET', '/__test/stats')).body;
  return { count: stats.orders.count, lastSeq: stats.changes.lastSeq };
}

describe('a lineId of another order', () => {
  it('on a create: 409 client_id_conflict naming the line, nothing stored (the same order then goes in with its own lines)', async () => {
    const a = await created();
    const before = await stored();
    const body = newOrder({ lines: [line(crypto.randomUUID(), 'C1', 200), line(a.lines[1]!.lineId, 'B1', 230)], total: 430 });

    const response = await call('POST', '/v2/orders', { body, token: TILL_2 });

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'client_id_conflict', field: 'lines.1.lineId' });
    expect(response.body.error.message).toContain(`belongs to order ${a.id}`);
    expect(await stored()).toEqual(before);
    expect((await call('GET', `/v2/orders/${a.id}`)).body).toEqual(a);
    const own = await created({ ...body, lines: [body.lines[0]!, line(crypto.randomUUID(), 'B1', 230)] });
    expect(own.clientId).toBe(body.clientId);
  });

  it('on a PATCH: 409 client_id_conflict naming the line, the order unchanged', async () => {
    const a = await created();
    const b = await created();
    const before = await stored();
    const lines = [...b.lines, line(a.lines[0]!.lineId, 'X1', 100)];

    const response = await call('PATCH', `/v2/orders/${b.id}`, { version: 1, token: TILL_2, body: { lines, total: 830, customer: null } });

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'client_id_conflict', field: 'lines.2.lineId' });
    expect((await call('GET', `/v2/orders/${b.id}`)).body).toEqual(b);
    expect(await stored()).toEqual(before);
    // Replayed as stored, under the same key, like any refusal.
    const key = crypto.randomUUID();
    const first = await call('PATCH', `/v2/orders/${b.id}`, { version: 1, key, body: { lines, total: 830 } });
    const again = await call('PATCH', `/v2/orders/${b.id}`, { version: 1, key, body: { lines, total: 830 } });
    expect([first.status, again.status, again.replayed]).toEqual([409, 409, true]);
  });

  it('once no order holds it any more, it may go on another order', async () => {
    const a = await created();
    const freed = a.lines[0]!.lineId;
    const removed = await call('PATCH', `/v2/orders/${a.id}`, { version: 1, body: { lines: [a.lines[1]!], total: 230 } });
    expect(removed.status).toBe(200);
    const b = await created(newOrder({ lines: [line(freed)], total: 250 }));
    expect(b.lines[0]!.lineId).toBe(freed);
    // …and it is then b's: a putting it back is refused.
    const back = await call('PATCH', `/v2/orders/${a.id}`, { version: 2, body: { lines: [a.lines[1]!, line(freed)], total: 480 } });
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({ code: 'client_id_conflict', field: 'lines.1.lineId' });
  });
});

describe('an order sending its own lines again', () => {
  it('a PATCH keeping, changing or reordering its lines, a replay and the natural-key create: as before', async () => {
    const body = newOrder();
    const key = crypto.randomUUID();
    const a = await created(body);
    const path = `/v2/orders/${a.id}`;

    const kept = await call('PATCH', path, { version: 1, body: { lines: a.lines, total: 730, customer: { name: 'Kept', phone: null } } });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ version: 2, customer: { name: 'Kept' } });
    const changed = [{ ...a.lines[1]!, qty: 2 }, { ...a.lines[0]!, discount: 50 }];
    const reordered = await call('PATCH', path, { version: 2, key, body: { lines: changed, total: 910 } });
    expect(reordered.status).toBe(200);
    expect(reordered.body).toMatchObject({ version: 3, total: 910 });
    const replayed = await call('PATCH', path, { version: 2, key, body: { lines: changed, total: 910 } });
    expect([replayed.status, replayed.replayed]).toEqual([200, true]);

    const natural = await call('POST', '/v2/orders', { body });
    expect(natural.status).toBe(200);
    expect(natural.body).toMatchObject({ id: a.id, version: 3 });
  });

  it('an order stored holding a line another order holds too (by the back office here, or before this rule) keeps sending it', async () => {
    const a = await created();
    const b = await created();
    const shared = a.lines[0]!.lineId;
    const edited = await call('POST', `/__test/orders/${b.id}/edit`, { body: { lines: [...b.lines, line(shared, 'X1', 100)] } });
    expect(edited.status).toBe(200);

    const bEdited = api.Order.parse(edited.body);

    // Each sends its lines again, with another customer: its own lines, taken.
    for (const order of [a, bEdited]) {
      const body = { lines: order.lines, total: order.total, customer: { name: `Again ${order.id}`, phone: null } };
      const patch = await call('PATCH', `/v2/orders/${order.id}`, { version: order.version, body });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ version: order.version + 1, lines: order.lines });
    }
    // A third order still may not take it.
    const c = await call('POST', '/v2/orders', { body: newOrder({ lines: [line(shared)], total: 250 }) });
    expect(c.body.error).toMatchObject({ code: 'client_id_conflict', field: 'lines.0.lineId' });
  });
});

describe('POST /__test/reset', () => {
  it('forgets which order held each line', async () => {
    const a = await created();
    expect((await call('POST', '/__test/reset')).status).toBe(200);
    const again = await created(newOrder({ lines: [line(a.lines[0]!.lineId)], total: 250 }));
    expect(again.lines[0]!.lineId).toBe(a.lines[0]!.lineId);
  });
});
