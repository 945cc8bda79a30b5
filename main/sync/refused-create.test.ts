import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { backOffice, drained, outboxRows, startServer, syncingTerminal } from './testing/sync-harness.ts';

/** An order whose create the server refused for good (422): the server never held it. */
let server: CounterPosServer;
let t: TempTerminal;
beforeEach(async () => {
  server = await startServer();
  t = syncingTerminal(server);
  t.terminal.sync.start();
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await server.close();
});

describe('an order the server refused to create', () => {
  it('is deleted here without a request: its create and everything after it are cancelled, nothing waits behind the refusal', async () => {
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    // Its total no longer matches its lines: the server answers 422 total_mismatch.
    t.terminal.ctx.sqlite.prepare('update orders set total = total + 1 where client_id = ?').run(order.clientId);
    await drained(t);
    expect(outboxRows(t, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:failed']);
    await t.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'B', qty: 1, unitPrice: 50 });

    const deleted = await t.call('orders.delete', { orderClientId: order.clientId });
    await drained(t);

    expect(deleted.status).toBe('Deleted');
    expect(deleted.syncStatus).toBe('Removed');
    expect(outboxRows(t, order.clientId).map((r) => `${r.kind}:${r.state}`)).toEqual(['create:cancelled', 'update:cancelled']);
    const stats = await backOffice<{ orders: { count: number }; requests: Record<string, number> }>(server, 'GET', '/__test/stats');
    expect(stats.orders.count).toBe(0);
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });
});
