import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { startDroppingProxy, type DroppingProxy } from './testing/dropping-proxy.ts';
import { drained, FAST_SYNC, outboxRows, startServer } from './testing/sync-harness.ts';

/**
 * Back from an outage, what waited out a long backoff for want of an answer goes at once: the
 * sales of the offline hour reach the server when it answers again, not up to a minute later.
 */
let server: CounterPosServer;
let proxy: DroppingProxy;
let t: TempTerminal;
/** Backoff long enough that waiting it out cannot pass for going at once (10–20 s for a first retry). */
const LONG_BACKOFF = { ...FAST_SYNC, backoff: { baseMs: 20_000, capMs: 60_000 } };
beforeEach(async () => {
  server = await startServer();
  proxy = await startDroppingProxy(server.url);
  t = tempTerminal({ serverUrl: proxy.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! }, { sync: LONG_BACKOFF, stateTimers: false });
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await proxy.close();
  await server.close();
});

/** Three orders whose creates got no answer (their sockets dropped), so the terminal is offline and each waits its backoff. */
async function offlineWithThreeWaiting(): Promise<string[]> {
  proxy.drop({ method: 'POST', path: /^\/v2\/orders$/, times: 3 });
  const ids: string[] = [];
  for (const sku of ['A', 'B', 'C']) ids.push((await t.call('orders.create', { lines: [{ sku, name: sku, qty: 1, unitPrice: 100 }] })).clientId);
  t.terminal.sync.pusher.start();
  await expect.poll(() => outboxRows(t).filter((r) => r.attempts === 1).length, { timeout: 10_000 }).toBe(3);
  await expect.poll(async () => (await t.call('sync.status', {})).online).toBe(false);
  return ids;
}

const heldCount = async () => ((await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: unknown[] }).orders.length;

describe('back online', () => {
  it('a pull answered while offline sends what waited for an answer now; their answers bring the terminal online', async () => {
    await offlineWithThreeWaiting();
    await t.terminal.sync.puller.pullOnce();
    await drained(t, 5_000);
    expect(outboxRows(t).map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect((await t.call('sync.status', {})).online).toBe(true);
    expect(await heldCount()).toBe(3);
  });

  it('the first answer after an outage sends the other lanes waiting for one at once', async () => {
    const [first] = await offlineWithThreeWaiting();
    // One lane's backoff runs out (the others still have 10 s or more to wait); it gets an answer.
    t.terminal.ctx.sqlite.prepare(`update outbox set next_attempt_at = null where order_client_id = ?`).run(first);
    t.terminal.sync.pusher.notify(first!);
    await drained(t, 5_000);
    expect(outboxRows(t).map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect(await heldCount()).toBe(3);
  });
});
