import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterPosServer } from './app.ts';
import { createFaultInjector } from './faults.ts';
import { newOrder, startServer, type Call } from './test-support.ts';

describe('test mode off', () => {
  let server: CounterPosServer;
  let call: Call;
  beforeAll(async () => {
    ({ server, call } = await startServer());
  });
  afterAll(() => server.close());

  it('has no /__test/ endpoints', async () => {
    expect(server.testMode).toBe(false);
    expect(server.faults).toBeNull();
    for (const [method, path] of [
      ['GET', '/__test/stats'],
      ['GET', '/__test/orders'],
      ['GET', '/__test/info'],
      ['POST', '/__test/faults'],
      ['POST', '/__test/orders/1/close'],
      ['POST', '/__test/reset'],
    ] as const) {
      const response = await call(method, path, { body: method === 'POST' ? { dropBeforeRate: 1 } : undefined });
      expect(response.status, path).toBe(404);
    }
  });

  it('injects no faults', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => call('POST', '/v2/orders', { body: newOrder() })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
  });

  it('refuses a fault plan without test mode', async () => {
    const { createServer } = await import('./app.ts');
    await expect(createServer({ faults: { dropBeforeRate: 1 } })).rejects.toThrow(/testMode/);
  });
});

describe('test mode faults', () => {
  let server: CounterPosServer;
  let call: Call;
  beforeAll(async () => {
    ({ server, call } = await startServer({ testMode: true }));
  });
  afterAll(() => server.close());

  const setFaults = (plan: Record<string, unknown>) => call('POST', '/__test/faults', { body: plan });
  const stats = async () => (await call('GET', '/__test/stats')).body;

  it('drop before processing: the client sees a socket error and nothing happened', async () => {
    const before = (await stats()).orders.count;
    await setFaults({ dropBeforeRate: 1 });
    const body = newOrder();
    const key = crypto.randomUUID();
    await expect(call('POST', '/v2/orders', { key, body })).rejects.toThrow(/fetch failed/);
    await setFaults({});
    const after = await stats();
    expect(after.orders.count).toBe(before);
    expect(after.faults.dropBefore).toBe(1);
    const retry = await call('POST', '/v2/orders', { key, body });
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe(false);
  });

  it('drop after commit: a socket error, yet the order was stored; the retry replays it', async () => {
    const before = (await stats()).orders.count;
    await setFaults({ dropAfterCommitRate: 1 });
    const body = newOrder();
    const key = crypto.randomUUID();
    await expect(call('POST', '/v2/orders', { key, body })).rejects.toThrow(/fetch failed/);
    await setFaults({});
    const retry = await call('POST', '/v2/orders', { key, body });
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe(true);
    expect(retry.body.clientId).toBe(body.clientId);
    const after = await stats();
    expect(after.orders.count).toBe(before + 1);
    expect(after.orders.duplicateClientIds).toEqual([]);
    expect(after.faults.dropAfterCommit).toBe(1);
  });

  it('answers 503 with Retry-After and changes nothing', async () => {
    await setFaults({ retryAfterRate: 1, retryAfterSeconds: 7 });
    const body = newOrder();
    const response = await call('POST', '/v2/orders', { body });
    await setFaults({});
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await call('POST', '/v2/orders', { body })).status).toBe(201);
  });

  it('answers 500 or 503 without effect, reads included, and never touches /__test/', async () => {
    await setFaults({ error5xxRate: 1, seed: 3 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) statuses.add((await call('GET', '/v2/health')).status);
    expect([...statuses].sort()).toEqual([500, 503]);
    // /__test/ stays reachable while every /v2/ request fails.
    expect((await call('GET', '/__test/stats')).status).toBe(200);
    await setFaults({});
  });

  it('adds latency', async () => {
    await setFaults({ latencyMs: [150, 150] });
    const started = performance.now();
    expect((await call('GET', '/v2/health')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await setFaults({});
    expect((await stats()).faults.latency).toBeGreaterThanOrEqual(1);
  });

  it('reports the plan and refuses an invalid one', async () => {
    const set = await setFaults({ seed: 9, dropBeforeRate: 0.1 });
    expect(set.body.plan).toMatchObject({ seed: 9, dropBeforeRate: 0.1, dropAfterCommitRate: 0, latencyMs: [0, 0] });
    expect((await call('GET', '/__test/faults')).body.plan.seed).toBe(9);
    const invalid = await setFaults({ dropBeforeRate: 2 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.field).toBe('dropBeforeRate');
    await setFaults({});
  });

  it('can be set at start', async () => {
    const other = await startServer({ testMode: true, faults: { retryAfterRate: 1, retryAfterSeconds: 2 } });
    try {
      expect((await other.call('GET', '/v2/health')).status).toBe(503);
      expect((await other.call('GET', '/__test/info')).body.faults).toMatchObject({ retryAfterRate: 1 });
    } finally {
      await other.server.close();
    }
  });
});

describe('fault plan', () => {
  it('draws the same faults from the same seed', () => {
    const plan = { seed: 42, dropBeforeRate: 0.2, dropAfterCommitRate: 0.2, error5xxRate: 0.1, retryAfterRate: 0.1, latencyMs: [0, 20] as [number, number] };
    const a = createFaultInjector(plan);
    const b = createFaultInjector(plan);
    const draws = (injector: ReturnType<typeof createFaultInjector>) => Array.from({ length: 200 }, () => injector.next());
    const first = draws(a);
    expect(draws(b)).toEqual(first);
    const kinds = new Set(first.map((fault) => fault.kind));
    expect(kinds).toEqual(new Set(['none', 'dropBefore', 'dropAfterCommit', 'error5xx', 'retryAfter']));
    expect(a.counts().dropBefore).toBe(first.filter((f) => f.kind === 'dropBefore').length);
    a.configure(plan);
    expect(draws(a)).toEqual(first);
  });

  it('draws roughly the configured rates', () => {
    const injector = createFaultInjector({ seed: 7, dropBeforeRate: 0.3 });
    const n = 10_000;
    const dropped = Array.from({ length: n }, () => injector.next()).filter((f) => f.kind === 'dropBefore').length;
    expect(dropped / n).toBeGreaterThan(0.27);
    expect(dropped / n).toBeLessThan(0.33);
  });
});
