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
