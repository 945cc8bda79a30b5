import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import type { CounterPosServer } from './app.ts';
import { delivery, newOrder, startServer, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;

beforeEach(async () => {
  await server?.close();
  ({ server, call } = await startServer({ testMode: true }));
});
afterAll(() => server.close());

async function pull(since?: string, limit?: number): Promise<api.ChangesResponse> {
  const query = new URLSearchParams();
  if (since !== undefined) query.set('since', since);
  if (limit !== undefined) query.set('limit', String(limit));
  const response = await call('GET', `/v2/changes?${query}`);
  expect(response.status).toBe(200);
  return api.ChangesResponse.parse(response.body);
}

describe('GET /v2/changes', () => {
  it('starts with the seeded catalog and rules', async () => {
    const feed = await pull();
    expect(feed.changes).toEqual([
      { kind: 'catalog', version: 1 },
      { kind: 'rules', version: 1 },
    ]);
    expect(feed.hasMore).toBe(false);
    expect(await pull(feed.cursor)).toEqual({ changes: [], cursor: feed.cursor, hasMore: false });
  });

  it('returns each changed order once, as it is now, after the cursor', async () => {
    const start = (await pull()).cursor;
    const a = (await call('POST', '/v2/orders', { body: newOrder() })).body;
    const b = (await call('POST', '/v2/orders', { body: newOrder(), token: 'dev-token-till-2' })).body;
    await call('PATCH', `/v2/orders/${a.id}`, { version: 1, body: { status: 'Delayed' } });
    const feed = await pull(start);
    expect(feed.changes.map((c) => (c.kind === 'order' ? [c.order.id, c.order.version] : c.kind))).toEqual([
      [b.id, 1],
      [a.id, 2],
    ]);
    // Refusals change nothing and add nothing.
    await call('PATCH', `/v2/orders/${a.id}`, { version: 1, body: { status: 'InProgress' } });
    expect((await pull(feed.cursor)).changes).toEqual([]);
  });

  it('pages with limit and hasMore, without losing what changes meanwhile', async () => {
    const start = (await pull()).cursor;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call('POST', '/v2/orders', { body: newOrder() })).body.id);
    const page1 = await pull(start, 2);
    expect(page1.hasMore).toBe(true);
    expect(page1.changes.map((c) => c.kind === 'order' && c.order.id)).toEqual(ids.slice(0, 2));
    // The first order changes between pages: it comes again, in its new version, at the end.
    await call('PATCH', `/v2/orders/${ids[0]}`, { version: 1, body: { status: 'InDelivery' } });
    const page2 = await pull(page1.cursor, 2);
    const page3 = await pull(page2.cursor, 2);
    expect(page3.hasMore).toBe(false);
    const rest = [...page2.changes, ...page3.changes].map((c) => c.kind === 'order' && [c.order.id, c.order.version]);
    expect(rest).toEqual([
      [ids[2], 1],
      [ids[3], 1],
      [ids[4], 1],
      [ids[0], 2],
    ]);
  });

  it('reports step states added and removed, by devices and carriers', async () => {
    const shipment = crypto.randomUUID();
    await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(shipment) }) });
    const start = (await pull()).cursor;
    const manual = { id: crypto.randomUUID(), code: 'dispatched', at: '2026-11-21T10:00:00.000Z' };
    await call('POST', `/v2/shipments/${shipment}/step-states`, { body: manual });
    const carrier = (await call('POST', `/__test/shipments/${shipment}/step-states`, { body: { code: 'delivered' } })).body;
    const feed = await pull(start);
    expect(feed.changes).toEqual([
      { kind: 'stepState', stepState: expect.objectContaining({ id: manual.id, source: 'manual' }) },
      { kind: 'stepState', stepState: expect.objectContaining({ id: carrier.id, source: 'server' }) },
    ]);
    await call('DELETE', `/v2/step-states/${manual.id}`);
    await call('DELETE', `/__test/step-states/${carrier.id}`);
    expect((await pull(feed.cursor)).changes).toEqual([
      { kind: 'stepStateRemoved', id: manual.id },
      { kind: 'stepStateRemoved', id: carrier.id },
    ]);
  });

  it('gives a shipment’s step states to the order it moves to, each in the feed again after that order', async () => {
    const [s1, s2] = [crypto.randomUUID(), crypto.randomUUID()];
    const a = (await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(s1, s2) }) })).body;
    const b = (await call('POST', '/v2/orders', { body: newOrder() })).body;
    const manual = { id: crypto.randomUUID(), code: 'dispatched', at: '2026-11-21T10:00:00.000Z' };
    await call('POST', `/v2/shipments/${s1}/step-states`, { body: manual });
    const carrier = (await call('POST', `/__test/shipments/${s1}/step-states`, { body: { code: 'delayed' } })).body;
    const other = (await call('POST', `/__test/shipments/${s2}/step-states`, { body: { code: 'delivered' } })).body;
    const start = (await pull()).cursor;
    const seen = (feed: api.ChangesResponse) =>
      feed.changes.map((c) => (c.kind === 'order' ? ['order', c.order.id] : c.kind === 'stepState' ? [c.stepState.id, c.stepState.orderId] : [c.kind]));

    // A drops s1: nobody holds it, its step states stay A's.
    await call('PATCH', `/v2/orders/${a.id}`, { version: 1, body: { delivery: delivery(s2) } });
    const dropped = await pull(start);
    expect(seen(dropped)).toEqual([['order', a.id]]);
    // B takes it: its step states become B's in the same write, after B in the feed; s2's stay A's.
    const patched = await call('PATCH', `/v2/orders/${b.id}`, { version: 1, body: { delivery: delivery(s1) } });
    expect(patched.status).toBe(200);
    const moved = await pull(dropped.cursor);
    expect(seen(moved)).toEqual([['order', b.id], [manual.id, b.id], [carrier.id, b.id]]);
    expect(moved.changes.slice(1)).toEqual([
      { kind: 'stepState', stepState: { ...manual, shipmentId: s1, orderId: b.id, source: 'manual' } },
      { kind: 'stepState', stepState: { ...carrier, orderId: b.id } },
    ]);
    // Another edit of B's delivery (its shipments its own already) moves nothing more.
    await call('PATCH', `/v2/orders/${b.id}`, { version: 2, body: { delivery: { ...delivery(s1), address: '2 Market Street' } } });
    expect(seen(await pull(moved.cursor))).toEqual([['order', b.id]]);

    // A new order may take a dropped shipment too, and the back office's edits move them alike.
    await call('POST', `/__test/orders/${a.id}/edit`, { body: { delivery: null } });
    const c = (await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(s2) }) })).body;
    const created = await pull(moved.cursor);
    expect(seen(created).slice(-3)).toEqual([['order', a.id], ['order', c.id], [other.id, c.id]]);
    await call('POST', `/__test/orders/${c.id}/edit`, { body: { delivery: null } });
    await call('POST', `/__test/orders/${a.id}/edit`, { body: { delivery: delivery(s2) } });
    expect(seen(await pull(created.cursor))).toEqual([['order', c.id], ['order', a.id], [other.id, a.id]]);
  });

  it('reports rule and catalog changes with their versions', async () => {
    const start = (await pull()).cursor;
    const rules = [{ id: 'R9', state: 'Delivered', code: 'delivered', minPercent: 100, position: 1, active: true }];
    await call('PUT', '/__test/order-state-rules', { body: { rules } });
    await call('POST', '/__test/catalog', { body: {} });
    expect((await pull(start)).changes).toEqual([
      { kind: 'rules', version: 2 },
      { kind: 'catalog', version: 2 },
    ]);
  });

  it.each(['abc', '-1', '1.5', '999999'])('refuses the cursor %s with 400 bad_cursor', async (cursor) => {
    const response = await call('GET', `/v2/changes?since=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_cursor');
  });

  it.each(['0', '1001', 'x'])('refuses the limit %s with 400 bad_limit', async (limit) => {
    const response = await call('GET', `/v2/changes?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_limit');
  });
});
