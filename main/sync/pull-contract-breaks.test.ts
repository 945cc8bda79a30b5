import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { pages, startFeedServer, type FeedServer } from './testing/feed-server.ts';
import { FAST_SYNC } from './testing/sync-harness.ts';

/**
 * SPEC §7 "bad input from the server gets a clear error and changes nothing", API.md StepState and
 * Order: a pulled step state whose `orderId` is not its shipment's order, and an order whose
 * currency is not an ISO 4217 code, break the contract. Neither is taken; each is kept, its
 * problem shown on the sync panel (a restart too), until the server sends it right.
 */
let feed: FeedServer;
let t: TempTerminal | undefined;
beforeAll(async () => {
  feed = await startFeedServer();
});
afterAll(() => feed.close());
afterEach(async () => {
  await t?.terminal.shutdown();
  t?.cleanup();
  t = undefined;
  feed.route = () => undefined;
  feed.asked.length = 0;
});

function terminal(dataDir?: string): TempTerminal {
  t = tempTerminal({ serverUrl: feed.url, deviceToken: 'any-token', ...(dataDir ? { dataDir } : {}) }, { sync: FAST_SYNC, stateTimers: false });
  return t;
}

const T0 = '2026-11-21T10:00:00.000Z';
const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const parcel = (n: number) => ({ shipmentId: uuid(900 + n), carrier: 'DHL', trackingNo: `T${n}` });
/** Order n of another terminal: server id 1000 + n, one line of 1.00, with the parcels given. */
function remoteOrder(n: number, over: Record<string, unknown> = {}, parcels: number[] = []) {
  return {
    id: 1000 + n, clientId: uuid(n), deviceId: 'till-9', status: 'InProgress', currency: 'EUR',
    lines: [{ lineId: uuid(100 + n), sku: 'A', name: 'A', qty: 1, unitPrice: 100, discount: 0 }], total: 100,
    customer: null, delivery: parcels.length > 0 ? { address: 'Calle Mayor 1', shipments: parcels.map(parcel) } : null,
    saleId: null, version: 1, createdAt: T0, updatedAt: T0, ...over,
  };
}
const orderChange = (order: unknown) => ({ kind: 'order', order });
/** Notice `id` of parcel p, naming server order `orderId`. */
const notice = (id: string, p: number, orderId: number, code = 'dispatched') => ({
  kind: 'stepState',
  stepState: { id, shipmentId: parcel(p).shipmentId, orderId, code, at: T0, source: 'server' },
});

/** The step states in the terminal's database, with the order each is on. */
const stepStates = (tt: TempTerminal) =>
  tt.terminal.ctx.sqlite.prepare('select id, order_client_id as orderClientId, code from step_states order by id').all();
const kept = (tt: TempTerminal) => tt.terminal.ctx.stores.settings.get<Array<{ stepState: { id: string } }>>('pull.stepStatesNotTaken') ?? [];
const lastError = async (tt: TempTerminal) => (await tt.call('sync.status', {})).lastError;
const mismatch = (named: number, owner: number) => ({ code: 'unexpected_answer', params: { reason: 'step_state_order', order: named, shipmentOrder: owner } });

describe('a pulled step state whose orderId is not its shipment’s order', () => {
  it('is taken for neither order, kept and said (a restart too) until the server sends it right', async () => {
    const tt = terminal();
    const list: unknown[][] = [[orderChange(remoteOrder(1, {}, [1])), orderChange(remoteOrder(2, {}, [2])), notice('n-ok', 1, 1001, 'dispatched')]];
    feed.route = pages(list);
    await tt.terminal.sync.puller.pullOnce();
    expect(stepStates(tt)).toEqual([{ id: 'n-ok', orderClientId: uuid(1), code: 'dispatched' }]);

    // Parcel 1 is order 1001's, but these notices name order 1002: a new one, and a new copy of one held here.
    list.push([notice('n-bad', 1, 1002, 'delayed'), notice('n-ok', 1, 1002, 'delivered')]);
    await tt.terminal.sync.puller.pullOnce();

    expect(stepStates(tt)).toEqual([{ id: 'n-ok', orderClientId: uuid(1), code: 'dispatched' }]);
    expect(kept(tt).map((k) => k.stepState.id)).toEqual(['n-bad', 'n-ok']);
    expect(await lastError(tt)).toMatchObject(mismatch(1002, 1001));
    expect((await tt.call('states.timeline', { orderClientId: uuid(2) })).shipments[0]!.stepStates).toEqual([]);

    // A pull with nothing new, and a restart, still say it.
    await tt.terminal.sync.puller.pullOnce();
    expect(await lastError(tt)).toMatchObject(mismatch(1002, 1001));
    await tt.terminal.shutdown();
    const again = terminal(tt.dataDir);
    expect(await lastError(again)).toMatchObject(mismatch(1002, 1001));
    await again.terminal.sync.puller.pullOnce();
    expect(stepStates(again)).toEqual([{ id: 'n-ok', orderClientId: uuid(1), code: 'dispatched' }]);

    // The server sends both right (naming order 1001): taken, and nothing is said any more.
    list.push([notice('n-bad', 1, 1001, 'delayed'), notice('n-ok', 1, 1001, 'delivered')]);
    await again.terminal.sync.puller.pullOnce();
    expect(stepStates(again)).toEqual([
      { id: 'n-bad', orderClientId: uuid(1), code: 'delayed' },
      { id: 'n-ok', orderClientId: uuid(1), code: 'delivered' },
    ]);
    expect(kept(again)).toEqual([]);
    expect(await lastError(again)).toBeNull();
  });

  it('is taken once the feed moves its shipment to the order it names, later in the same page', async () => {
    const tt = terminal();
    const list: unknown[][] = [[orderChange(remoteOrder(1, {}, [1])), orderChange(remoteOrder(2))]];
    feed.route = pages(list);
    await tt.terminal.sync.puller.pullOnce();

    // The server moved parcel 1 to order 1002: the notice comes before the orders that say so.
    list.push([notice('n-1', 1, 1002), orderChange(remoteOrder(1, { version: 2 })), orderChange(remoteOrder(2, { version: 2 }, [1]))]);
    await tt.terminal.sync.puller.pullOnce();

    expect(stepStates(tt)).toEqual([{ id: 'n-1', orderClientId: uuid(2), code: 'dispatched' }]);
    expect(kept(tt)).toEqual([]);
    await tt.terminal.sync.puller.pullOnce();
    expect(await lastError(tt)).toBeNull();
  });

  it('is forgotten when the server removes it', async () => {
    const tt = terminal();
    const list: unknown[][] = [[orderChange(remoteOrder(1, {}, [1])), orderChange(remoteOrder(2)), notice('n-1', 1, 1002)]];
    feed.route = pages(list);
    await tt.terminal.sync.puller.pullOnce();
    expect(kept(tt)).toHaveLength(1);

    list.push([{ kind: 'stepStateRemoved', id: 'n-1' }]);
    await tt.terminal.sync.puller.pullOnce();

    expect(kept(tt)).toEqual([]);
    expect(stepStates(tt)).toEqual([]);
    expect(await lastError(tt)).toBeNull();
  });
});

describe('a pulled order in a currency that is not ISO 4217', () => {
  it('is not taken, held here or not: kept, said and fetched again until the server sends a known code', async () => {
    const tt = terminal();
    let copy: unknown = remoteOrder(2, { currency: 'XYZ' });
    const list: unknown[][] = [[orderChange(remoteOrder(1)), orderChange(copy)]];
    feed.route = pages(list, (method, path) => (method === 'GET' && path === '/v2/orders/1002' ? { status: 200, body: copy } : undefined));

    await tt.terminal.sync.puller.pullOnce();

    expect(tt.terminal.ctx.stores.orders.get(uuid(2))).toBeUndefined();
    const problem = { code: 'unexpected_answer', params: { reason: 'order', order: 1002, detail: 'currency: is not a currency this terminal knows' } };
    expect(await lastError(tt)).toMatchObject(problem);
    // Held here: a new copy in an unknown currency leaves it as it is.
    list.push([orderChange(remoteOrder(1, { version: 2, currency: 'EUX' }))]);
    await tt.terminal.sync.puller.pullOnce();
    expect(tt.terminal.ctx.stores.orders.get(uuid(1))).toMatchObject({ currency: 'EUR', version: 1 });
    const notTaken = tt.terminal.ctx.stores.settings.get<Array<{ serverId: number; problem: unknown }>>('pull.notTaken') ?? [];
    expect(notTaken.map((k) => k.serverId).sort()).toEqual([1001, 1002]);
    expect(notTaken.find((k) => k.serverId === 1001)?.problem).toMatchObject({ code: 'unexpected_answer', params: { order: 1001, detail: 'currency: is not a currency this terminal knows' } });

    // The server corrects order 1002 (in another valid currency): fetched again and taken as it is.
    copy = remoteOrder(2, { currency: 'JPY', version: 2 });
    await tt.terminal.sync.puller.pullOnce();
    expect(tt.terminal.ctx.stores.orders.get(uuid(2))).toMatchObject({ currency: 'JPY', version: 2 });
    expect(feed.asked.filter((a) => a === 'GET /v2/orders/1002').length).toBeGreaterThan(0);
  });

  it('a catalog with such a product is not taken, and is fetched again until the server corrects it', async () => {
    const tt = terminal();
    const before = await tt.call('catalog.list', {});
    let products = [{ sku: 'NEW1', name: 'Rye loaf', price: 420, currency: 'EUR', barcode: null }, { sku: 'NEW2', name: 'Tea', price: 300, currency: 'QQQ', barcode: null }];
    feed.route = pages([[{ kind: 'catalog', version: 3 }]], (method, path) => (method === 'GET' && path === '/v2/catalog' ? { status: 200, body: { products, version: 3 } } : undefined));

    await tt.terminal.sync.puller.pullOnce();

    expect(await tt.call('catalog.list', {})).toEqual(before);
    expect(await lastError(tt)).toMatchObject({ code: 'unexpected_answer', params: { reason: 'catalog', detail: 'products.1.currency: is not a currency this terminal knows' } });
    await tt.terminal.sync.puller.pullOnce();
    expect(await lastError(tt)).toMatchObject({ code: 'unexpected_answer', params: { reason: 'catalog' } });

    products = products.slice(0, 1);
    await tt.terminal.sync.puller.pullOnce();
    expect((await tt.call('catalog.list', {})).products.map((p) => p.sku)).toEqual(['NEW1']);
    expect(await lastError(tt)).toBeNull();
  });
});
