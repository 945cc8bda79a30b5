import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterPosServer } from './app.ts';
import { canonicalJson } from './idempotency.ts';
import { newOrder, newSale, startServer, tempDir, TILL_2, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer({ testMode: true }));
});
afterAll(() => server.close());

const orderCount = async () => (await call('GET', '/__test/stats')).body.orders.count as number;

describe('Authorization', () => {
  it.each([null, 'not-a-token'])('answers 401 to token %s, on reads and writes', async (token) => {
    for (const [method, path] of [
      ['GET', '/v2/health'],
      ['GET', '/v2/changes'],
      ['POST', '/v2/orders'],
    ] as const) {
      const response = await call(method, path, { token, body: method === 'POST' ? newOrder() : undefined });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });

  it.each([null, 'not-a-token'])('answers 401 to token %s on a /v2/ path no route takes (404 only with a known token)', async (token) => {
    for (const [method, path] of [
      ['GET', '/v2/ordres/1'],
      ['GET', '/v2'],
      ['PUT', '/v2/orders/1'],
      ['POST', '/v2/unknown?x=1'],
    ] as const) {
      const response = await call(method, path, { token, body: method === 'GET' ? undefined : {} });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      const known = await call(method, path, { body: method === 'GET' ? undefined : {} });
      expect(known.status).toBe(404);
      expect(known.body.error.code).toBe('not_found');
    }
    // Outside /v2/ an unknown path stays a plain 404.
    expect((await call('GET', '/v3/orders', { token })).status).toBe(404);
  });

  it('answers 401 to a /v2/ request without a known token even when its body is too large (413 only with one)', async () => {
    const rawBody = JSON.stringify({ ...newOrder(), padding: 'x'.repeat(1_100_000) });
    expect((await call('POST', '/v2/orders', { token: null, rawBody })).status).toBe(401);
    expect((await call('POST', '/v2/orders', { rawBody })).status).toBe(413);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer with Idempotent-Replayed: true and no new effect', async () => {
    const key = crypto.randomUUID();
    const body = newOrder();
    const first = await call('POST', '/v2/orders', { key, body });
    const before = await orderCount();
    const again = await call('POST', '/v2/orders', { key, body });
    expect(first.replayed).toBe(false);
    expect(again.status).toBe(201);
    expect(again.replayed).toBe(true);
    expect(again.body).toEqual(first.body);
    expect(await orderCount()).toBe(before);
  });

  it('takes the same body in another key order or spacing as the same request', async () => {
    const key = crypto.randomUUID();
    const body = newOrder();
    await call('POST', '/v2/orders', { key, body });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await call('POST', '/v2/orders', { key, rawBody: JSON.stringify(reordered, null, 2) });
    expect(again.replayed).toBe(true);
  });

  it('replays a stored refusal like a success, even once the request would now succeed', async () => {
    const order = (await call('POST', '/v2/orders', { body: newOrder() })).body;
    const key = crypto.randomUUID();
    const stale = await call('PATCH', `/v2/orders/${order.id}`, { key, version: 9, body: { status: 'Delayed' } });
    expect(stale.status).toBe(412);
    const again = await call('PATCH', `/v2/orders/${order.id}`, { key, version: 1, body: { status: 'Delayed' } });
    expect(again.status).toBe(412);
    expect(again.replayed).toBe(true);
    const fresh = await call('PATCH', `/v2/orders/${order.id}`, { version: 1, body: { status: 'Delayed' } });
    expect(fresh.status).toBe(200);
  });

  it('refuses the same key with another body or path: 422 idempotency_key_reused, nothing changes', async () => {
    const key = crypto.randomUUID();
    const created = await call('POST', '/v2/orders', { key, body: newOrder() });
    const before = await orderCount();
    const otherBody = await call('POST', '/v2/orders', { key, body: newOrder() });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('idempotency_key_reused');
    const otherPath = await call('POST', `/v2/orders/${created.body.id}/close`, { key, version: 1 });
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.error.code).toBe('idempotency_key_reused');
    expect(await orderCount()).toBe(before);
    // The stored answer is still the first one.
    expect((await call('POST', '/v2/orders', { key, body: newOrder() })).body.error.code).toBe('idempotency_key_reused');
  });

  it('scopes keys to the device', async () => {
    const key = crypto.randomUUID();
    expect((await call('POST', '/v2/orders', { key, body: newOrder() })).status).toBe(201);
    const other = await call('POST', '/v2/orders', { key, body: newOrder(), token: TILL_2 });
    expect(other.status).toBe(201);
    expect(other.replayed).toBe(false);
    expect(other.body.deviceId).toBe('till-2');
  });

  it('answers 400 idempotency_key_missing on every write without a key, changing nothing', async () => {
    const order = (await call('POST', '/v2/orders', { body: newOrder({ delivery: { address: 'x', shipments: [{ shipmentId: 'idem-s1', carrier: 'c' }] } }) })).body;
    const writes = [
      ['POST', '/v2/orders', newOrder()],
      ['PATCH', `/v2/orders/${order.id}`, { status: 'Delayed' }],
      ['POST', `/v2/orders/${order.id}/sale`, newSale(730)],
      ['POST', `/v2/orders/${order.id}/close`, undefined],
      ['POST', `/v2/orders/${order.id}/reopen`, undefined],
      ['DELETE', `/v2/orders/${order.id}`, undefined],
      ['POST', '/v2/shipments/idem-s1/step-states', { id: 'ss-1', code: 'dispatched', at: '2026-11-21T10:00:00.000Z' }],
      ['DELETE', '/v2/step-states/ss-1', undefined],
      ['POST', `/v2/orders/${order.id}/state-history`, { added: [], removed: [] }],
    ] as const;
    for (const [method, path, body] of writes) {
      const response = await call(method, path, { key: null, version: 1, body });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body.error.code).toBe('idempotency_key_missing');
    }
    expect((await call('GET', `/v2/orders/${order.id}`)).body.version).toBe(1);
  });

  it('answers 409 idempotency_key_in_progress while the first request with the key is processed', async () => {
    await call('POST', '/__test/faults', { body: { latencyMs: [300, 300] } });
    try {
      const key = crypto.randomUUID();
      const body = newOrder();
      const first = call('POST', '/v2/orders', { key, body });
      const second = call('POST', '/v2/orders', { key, body });
      const statuses = (await Promise.all([first, second])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
      const retry = await call('POST', '/v2/orders', { key, body });
      expect(retry.replayed).toBe(true);
    } finally {
      await call('POST', '/__test/faults', { body: {} });
    }
  });

  it('does not store a 5xx: a retry with the same key is processed anew', async () => {
    await call('POST', '/__test/faults', { body: { error5xxRate: 1 } });
    const key = crypto.randomUUID();
    const body = newOrder();
    const failed = await call('POST', '/v2/orders', { key, body });
    expect([500, 503]).toContain(failed.status);
    await call('POST', '/__test/faults', { body: {} });
    const retry = await call('POST', '/v2/orders', { key, body });
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe(false);
  });

  it('canonicalises JSON for fingerprints', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});

describe('restart', () => {
  it('keeps orders, ids, versions, changes and idempotency records', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'server.sqlite');
      const first = await startServer({ db });
      const key = crypto.randomUUID();
      const body = newOrder();
      const created = await first.call('POST', '/v2/orders', { key, body });
      const patched = await first.call('PATCH', `/v2/orders/${created.body.id}`, { version: 1, body: { status: 'Delayed' } });
      const changes = await first.call('GET', '/v2/changes');
      await first.server.close();

      const second = await startServer({ db });
      try {
        expect(second.server.durability).toBe('journal_mode=wal synchronous=NORMAL');
        const replay = await second.call('POST', '/v2/orders', { key, body });
        expect(replay.status).toBe(201);
        expect(replay.replayed).toBe(true);
        expect(replay.body).toEqual(created.body);
        expect((await second.call('GET', `/v2/orders/${created.body.id}`)).body).toEqual(patched.body);
        const next = await second.call('POST', '/v2/orders', { body: newOrder() });
        expect(next.body.id).toBe(created.body.id + 1);
        const since = await second.call('GET', `/v2/changes?since=${changes.body.cursor}`);
        expect(since.status).toBe(200);
        expect(since.body.changes.map((c: { order: { id: number } }) => c.order.id)).toEqual([next.body.id]);
        // The catalog and rules were seeded once, not again on restart.
        expect((await second.call('GET', '/v2/catalog')).body.version).toBe(1);
      } finally {
        await second.server.close();
      }
    } finally {
      cleanup();
    }
  });
});
