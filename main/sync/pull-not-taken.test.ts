import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { backOffice, drained, FAST_SYNC, outboxRows, startServer, syncingTerminal } from './testing/sync-harness.ts';

/**
 * SPEC §4 "Pull", §7 "after the network heals and the outbox drains, the terminal's orders and the
 * server's agree": an order of another terminal that this terminal cannot take (taking it throws:
 * here one of its lines has the id of a line of an order held here, which the server now refuses
 * but the back office can still write, as orders stored before that rule hold it) is not lost
 * when the cursor moves past its change: it is fetched again at every pull, by its server id,
 * until taken, its problem shown meanwhile, a restart included.
 */
let server: CounterPosServer;
let a: TempTerminal;
let b: TempTerminal;
const extra: TempTerminal[] = [];

beforeEach(async () => {
  server = await startServer();
  a = syncingTerminal(server, 'till-1');
  b = syncingTerminal(server, 'till-2');
  for (const t of [a, b]) {
    t.terminal.sync.start();
    // The engine's first pull is over and its next is a minute away: none lands mid-test.
    await t.terminal.sync.puller.pullOnce();
  }
});
afterEach(async () => {
  for (const t of [a, b, ...extra.splice(0)]) {
    await t.terminal.shutdown();
    t.cleanup();
  }
  await server.close();
});

const line = (sku: string, unitPrice = 100) => ({ sku, name: sku, qty: 1, unitPrice });
type Held = { id: number; clientId: string; version: number; lines: Array<{ lineId: string; sku: string; qty: number; unitPrice: number; discount: number }> };
const heldOn = async (serverId: number) => (await backOffice<{ orders: Held[] }>(server, 'GET', '/__test/orders')).orders.find((o) => o.id === serverId)!;
const notTaken = (t: TempTerminal) => t.terminal.ctx.stores.settings.get<Array<{ serverId: number }>>('pull.notTaken') ?? [];

/** P on A (lines A and S, synced), and Q on B (line Z, synced) given by the back office a line under the id of P's line S. */
async function clash() {
  const p = await a.call('orders.create', { lines: [line('A'), line('S')] });
  const q = await b.call('orders.create', { lines: [line('Z', 300)] });
  await Promise.all([drained(a), drained(b)]);
  const [pHeld, qHeld] = [await a.call('orders.get', { orderClientId: p.clientId }), await b.call('orders.get', { orderClientId: q.clientId })];
  const shared = pHeld.lines[1]!.lineId;
  const own = qHeld.lines.map(({ lineId, sku, name, qty, unitPrice, discount }) => ({ lineId, sku, name, qty, unitPrice, discount }));
  await backOffice(server, 'POST', `/__test/orders/${qHeld.serverId}/edit`, { lines: [...own, { lineId: shared, sku: 'S2', name: 'S2', qty: 1, unitPrice: 50, discount: 0 }] });
  return { p: pHeld, q: qHeld, shared };
}

const skipped = (serverId: number) => ({ code: 'change_skipped', params: { reason: 'order', order: String(serverId), detail: expect.stringContaining('UNIQUE constraint failed: order_lines.line_id') } });

describe('an order of another terminal whose line id is a line id of an order here', () => {
  it('can no longer be made by a terminal: the server refuses it (409 client_id_conflict) and keeps the one order', async () => {
    const p = await a.call('orders.create', { lines: [line('A')] });
    await drained(a);
    const taken = (await a.call('orders.get', { orderClientId: p.clientId })).lines[0]!.lineId;

    // B has not pulled P; a caller there chooses the same line id (orders.create takes one).
    const q = await b.call('orders.create', { lines: [{ lineId: taken, sku: 'Z', name: 'Z', qty: 1, unitPrice: 300 }] });
    await drained(b);

    const [create] = outboxRows(b, q.clientId);
    expect(create).toMatchObject({ kind: 'create', state: 'failed' });
    expect(create!.last_error).toContain('client_id_conflict');
    expect(create!.last_error).toContain('lines.0.lineId');
    const held = (await backOffice<{ orders: Held[] }>(server, 'GET', '/__test/orders')).orders;
    expect(held.map((o) => o.clientId)).toEqual([p.clientId]);
  });

  it('held by the server: fetched again at every pull and said until taken, remembered across a restart, then taken', async () => {
    const { p, q, shared } = await clash();

    await a.terminal.sync.puller.pullOnce();

    expect(a.terminal.ctx.stores.orders.get(q.clientId)).toBeUndefined();
    expect(a.terminal.sync.puller.lastError).toMatchObject(skipped(q.serverId));
    expect(notTaken(a)).toEqual([expect.objectContaining({ serverId: q.serverId, clientId: q.clientId })]);

    // The next pull, with nothing new in the feed, fetches it again: still refused, still said.
    await a.terminal.sync.puller.pullOnce();
    expect(a.terminal.ctx.stores.orders.get(q.clientId)).toBeUndefined();
    expect((await a.call('sync.status', {})).lastError).toMatchObject(skipped(q.serverId));

    // Restarted on the same data folder: remembered, and said before any pull.
    await a.terminal.shutdown();
    const again = tempTerminal({ dataDir: a.dataDir, serverUrl: server.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
    extra.push(again);
    expect((await again.call('sync.status', {})).lastError).toMatchObject(skipped(q.serverId));
    expect(notTaken(again)).toEqual([expect.objectContaining({ serverId: q.serverId })]);
    await again.terminal.sync.puller.pullOnce();
    expect(again.terminal.ctx.stores.orders.get(q.clientId)).toBeUndefined();
    expect(again.terminal.sync.puller.lastError).toMatchObject(skipped(q.serverId));

    // The staff remove P's line: the conflict is gone, and the next pull takes Q as the server has it.
    await again.call('orders.removeLine', { orderClientId: p.clientId, lineId: shared });
    await again.terminal.sync.puller.pullOnce();
    const taken = await again.call('orders.get', { orderClientId: q.clientId });
    expect(taken.lines.map((l) => l.sku)).toEqual(['Z', 'S2']);
    expect(again.terminal.sync.puller.lastError).toBeNull();
    expect(notTaken(again)).toEqual([]);

    // Once the outbox drains, A's orders and the server's agree.
    again.terminal.sync.pusher.start();
    await drained(again);
    for (const order of [p, q]) {
      const here = await again.call('orders.get', { orderClientId: order.clientId });
      const there = await heldOn(order.serverId);
      expect(here.version).toBe(there.version);
      expect(here.lines.map(({ lineId, sku, qty, unitPrice, discount }) => ({ lineId, sku, qty, unitPrice, discount }))).toEqual(
        there.lines.map(({ lineId, sku, qty, unitPrice, discount }) => ({ lineId, sku, qty, unitPrice, discount })),
      );
    }
  });

  it('changed on the server so it can be taken: taken from the feed, and no longer fetched or said', async () => {
    const { q } = await clash();
    await a.terminal.sync.puller.pullOnce();
    expect(a.terminal.sync.puller.lastError).toMatchObject(skipped(q.serverId));

    // The back office takes the shared line off Q: its next version reaches A through the feed.
    const onServer = await heldOn(q.serverId);
    await backOffice(server, 'POST', `/__test/orders/${q.serverId}/edit`, { lines: onServer.lines.slice(0, 1) });
    await a.terminal.sync.puller.pullOnce();

    expect(await a.call('orders.get', { orderClientId: q.clientId })).toMatchObject({ version: onServer.version + 1, total: 300 });
    expect(a.terminal.sync.puller.lastError).toBeNull();
    expect(notTaken(a)).toEqual([]);
  });
});
