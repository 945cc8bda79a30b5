import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { backOffice, drained, outboxRows, startServer, syncingTerminal } from './testing/sync-harness.ts';

/**
 * One order whose operations keep failing must not delay the others: its lane stops (Failed) or
 * waits (Delayed), every other lane drains as if it were not there.
 */
let server: CounterPosServer;
let t: TempTerminal;
beforeEach(async () => {
  server = await startServer();
  t = syncingTerminal(server, 'till-1', { concurrency: 4 });
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await server.close();
});

const ORDERS = 150;

async function createOrders(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1 + (i % 3), unitPrice: 100 }] })).clientId);
  }
  return ids;
}

async function timeDrain(): Promise<number> {
  const started = performance.now();
  t.terminal.sync.start();
  await drained(t, 60_000);
  await t.terminal.sync.stop();
  return performance.now() - started;
}

describe('head-of-line blocking', () => {
  it('an order refused permanently, created first, does not hold back the others', async () => {
    const baselineIds = await createOrders(ORDERS);
    const baselineMs = await timeDrain();

    // The stuck ones go first in the queue: a create the server refuses (422: its total does
    // not match its lines), and a notice for a shipment the server does not know (404).
    const [bad, orphan] = await createOrders(2);
    t.terminal.ctx.sqlite.prepare('update orders set total = total + 1 where client_id = ?').run(bad);
    t.terminal.ctx.sqlite.prepare('update orders set server_id = 999999 where client_id = ?').run(orphan);
    t.terminal.ctx.sqlite.prepare(`update outbox set state = 'done' where order_client_id = ? and kind = 'create'`).run(orphan);
    t.terminal.ctx.stores.outbox.enqueue({
      orderClientId: orphan!,
      kind: 'stepState',
      orderRev: 1,
      payload: { id: '01a20000-0000-7000-8000-00000000f00d', shipmentId: '01a20000-0000-7000-8000-00000000beef', code: 'dispatched', at: '2026-11-21T10:00:00.000Z' },
    });
    const ids = await createOrders(ORDERS);
    const withStuckMs = await timeDrain();

    expect(outboxRows(t, bad).map((op) => op.state)).toEqual(['failed']);
    expect(outboxRows(t, bad)[0]!.last_error).toMatch(/total_mismatch/);
    // The refusal is kept with its code and facts (for the staff's words), and told once, naming the operation.
    const [op] = await t.call('outbox.list', { orderClientId: bad! });
    expect(op?.lastError).toMatchObject({ code: 'refused', params: { serverCode: 'total_mismatch' }, message: expect.stringMatching(/^total_mismatch: /) });
    const told = await t.call('states.notifications', { orderClientId: bad! });
    expect(told).toEqual([
      expect.objectContaining({
        kind: 'sync_failed',
        message: expect.stringMatching(/^The server refused create \(total_mismatch\): /),
        detail: expect.objectContaining({ code: 'refused', params: expect.objectContaining({ kind: 'create', reason: 'notice', serverCode: 'total_mismatch' }) }),
      }),
    ]);
    expect(outboxRows(t, orphan).at(-1)).toMatchObject({ kind: 'stepState', state: 'failed' });
    expect((await t.call('orders.get', { orderClientId: bad! })).syncStatus).toBe('Failed');
    for (const id of ids) expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Synced');
    const stats = await backOffice<{ orders: { count: number } }>(server, 'GET', '/__test/stats');
    expect(stats.orders.count).toBe(baselineIds.length + ids.length);
    console.log(JSON.stringify({ headOfLine: true, orders: ORDERS, baseline_ms: Math.round(baselineMs), with_stuck_orders_ms: Math.round(withStuckMs), ratio: Number((withStuckMs / baselineMs).toFixed(2)) }));
  });
});
