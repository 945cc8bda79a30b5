import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { FAST_SYNC } from './testing/sync-harness.ts';

/**
 * SPEC §4 "one stuck order never blocks the others", §7 "bad input from the server gets a clear
 * error and changes nothing": a change of a /v2/changes page that the terminal cannot or must not
 * take is skipped and recorded, naming its order and what was wrong; the rest of the page, the
 * cursor and the later pages go on. A server on 127.0.0.1 serves the pages the test sets.
 */
type Answer = { status: number; body: unknown };
type Route = (method: string, path: string) => Answer | undefined;
const notFound: Answer = { status: 404, body: { error: { code: 'not_found', message: 'no' } } };
let route: Route = () => undefined;
const asked: string[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      asked.push(`${req.method} ${req.url}`);
      const answer = route(req.method ?? 'GET', req.url ?? '/') ?? notFound;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let t: TempTerminal | undefined;
afterEach(async () => {
  await t?.terminal.shutdown();
  t?.cleanup();
  t = undefined;
  route = () => undefined;
  asked.length = 0;
});

function terminal(): TempTerminal {
  t = tempTerminal({ serverUrl: url, deviceToken: 'any-token' }, { sync: FAST_SYNC, stateTimers: false });
  return t;
}

const T0 = '2026-11-21T10:00:00.000Z';
const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
type Line = { lineId: string; sku: string; name: string; qty: number; unitPrice: number; discount: number };
const line = (n: number, over: Partial<Line> = {}): Line => ({ lineId: uuid(100 + n), sku: 'A', name: 'A', qty: 1, unitPrice: 100, discount: 0, ...over });
/** Order n of another terminal: server id 1000 + n, one line of 1.00. */
function remoteOrder(n: number, over: Record<string, unknown> = {}) {
  return {
    id: 1000 + n, clientId: uuid(n), deviceId: 'till-9', status: 'InProgress', currency: 'EUR', lines: [line(n)], total: 100,
    customer: null, delivery: null, saleId: null, version: 1, createdAt: T0, updatedAt: T0, ...over,
  };
}
const orderChange = (order: unknown) => ({ kind: 'order', order });

/** /v2/changes serving `pages` in turn (the cursor is the next page's index); `extra` answers the rest. */
function feed(pages: unknown[][], extra: Route = () => undefined): Route {
  return (method, path) => {
    if (method !== 'GET' || !path.startsWith('/v2/changes')) return extra(method, path);
    const since = new URL(path, 'http://x').searchParams.get('since');
    const index = since === null ? 0 : Number(since);
    return { status: 200, body: { changes: pages[index] ?? [], cursor: String(Math.min(index + 1, pages.length)), hasMore: index + 1 < pages.length } };
  };
}

const known = (tt: TempTerminal, n: number) => tt.terminal.ctx.stores.orders.get(uuid(n)) !== undefined;
const cursor = (tt: TempTerminal) => tt.terminal.ctx.stores.settings.get<string>('pull.cursor');

describe('a pulled order the contract refuses', () => {
  const twice = { shipmentId: uuid(900), carrier: 'DHL', trackingNo: 'T1' };
  it.each([
    ['two lines under one lineId', { lines: [line(1), line(1)], total: 200 }, 'lines.1.lineId: appears twice in this order (each line has its own lineId)'],
    ['a discount above the line’s value', { lines: [line(1, { discount: 5000 })], total: -4900 }, 'lines.0.discount: discount 5000 exceeds the line\'s value 100'],
    ['qty × price beyond any amount', { lines: [line(1, { qty: 1_000_000_000, unitPrice: 10_000_000_000_000 })], total: 0 }, 'lines.0.unitPrice: quantity × unit price is too large'],
    ['a total that is not the sum of its lines', { total: 99 }, 'total: must be the sum of the line totals (100), not 99'],
    ['one shipment listed twice', { delivery: { address: 'Here', shipments: [twice, twice] } }, 'delivery.shipments.1.shipmentId: appears twice in this order (each shipment has its own shipmentId)'],
  ])('%s: not stored, named with its field; the rest of the page, the next page and the cursor go on', async (_name, bad, detail) => {
    const tt = terminal();
    route = feed([[orderChange(remoteOrder(1, bad)), orderChange(remoteOrder(2))], [orderChange(remoteOrder(3))]]);

    expect(await tt.terminal.sync.puller.pullOnce()).toBe(2);

    expect(known(tt, 1)).toBe(false);
    expect(known(tt, 2) && known(tt, 3)).toBe(true);
    expect(cursor(tt)).toBe('2');
    // Still the last error after the next page was taken: the staff see it until the next pull.
    expect(tt.terminal.sync.puller.lastError).toEqual({
      code: 'unexpected_answer',
      params: { reason: 'order', answer: 200, order: 1001, detail },
      message: `order 1001: unexpected answer 200 (${detail})`,
    });
    expect((await tt.call('sync.status', {})).lastError?.code).toBe('unexpected_answer');
  });

  it('is fetched again at every pull, its problem shown (a restart too) until the server sends it as the contract says', async () => {
    const tt = terminal();
    const bad = remoteOrder(1, { total: 99 });
    let copy: unknown = bad;
    route = feed([[orderChange(bad)]], (method, path) => (method === 'GET' && path === '/v2/orders/1001' ? { status: 200, body: copy } : undefined));
    await tt.terminal.sync.puller.pullOnce();
    expect(asked.filter((a) => a.startsWith('GET /v2/orders/'))).toEqual([]); // not again in the same pull
    const problem = { code: 'unexpected_answer', params: { reason: 'order', order: 1001 } };
    for (let pull = 0; pull < 2; pull++) {
      await tt.terminal.sync.puller.pullOnce();
      expect(known(tt, 1)).toBe(false);
      expect((await tt.call('sync.status', {})).lastError).toMatchObject(problem);
    }
    expect(asked.filter((a) => a === 'GET /v2/orders/1001')).toHaveLength(2);
    // A restart does not hide it: the list is kept with the cursor.
    await tt.terminal.shutdown();
    tt.terminal.close();
    t = tempTerminal({ serverUrl: url, deviceToken: 'any-token', dataDir: tt.dataDir }, { sync: FAST_SYNC, stateTimers: false });
    expect((await t.call('sync.status', {})).lastError).toMatchObject(problem);
    copy = remoteOrder(1, { total: 100, version: 2 });
    await t.terminal.sync.puller.pullOnce();
    expect(known(t, 1)).toBe(true);
    expect((await t.call('sync.status', {})).lastError).toBeNull();
  });

  it('a change of another shape than its kind’s is refused naming its place in the page', async () => {
    const tt = terminal();
    route = feed([[{ kind: 'stepState', stepState: { id: 'x' } }, orderChange(remoteOrder(2))]]);
    await tt.terminal.sync.puller.pullOnce();
    expect(known(tt, 2)).toBe(true);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({ code: 'unexpected_answer', params: { reason: 'pull', detail: expect.stringMatching(/^changes\.0\.stepState\.shipmentId: /) } });
  });
});

describe('a pulled change that a newer server knows and this terminal does not', () => {
  it('is ignored: the orders around it arrive, no error', async () => {
    const tt = terminal();
    route = feed([[{ kind: 'promotion', promotion: { id: 'P1' } }, orderChange(remoteOrder(9))], [orderChange(remoteOrder(10))]]);
    expect(await tt.terminal.sync.puller.pullOnce()).toBe(3);
    expect(known(tt, 9) && known(tt, 10)).toBe(true);
    expect(tt.terminal.sync.puller.lastError).toBeNull();
    expect(cursor(tt)).toBe('2');
  });
});

describe('a pulled order that taking throws on', () => {
  it('a remote line id that is a line of a local order: skipped alone, the local order untouched, the order named', async () => {
    const tt = terminal();
    const local = await tt.call('orders.create', { lines: [{ sku: 'L', name: 'Local', qty: 1, unitPrice: 250 }] });
    const clash = line(5, { lineId: local.lines[0]!.lineId });
    route = feed([[orderChange(remoteOrder(4)), orderChange(remoteOrder(5, { lines: [clash] })), orderChange(remoteOrder(6))], [orderChange(remoteOrder(7))]]);

    await tt.terminal.sync.puller.pullOnce();

    expect(known(tt, 5)).toBe(false); // nothing of it: the order row went with its savepoint
    expect([4, 6, 7].every((n) => known(tt, n))).toBe(true);
    expect(cursor(tt)).toBe('2');
    const after = await tt.call('orders.get', { orderClientId: local.clientId });
    expect(after.lines).toEqual(local.lines);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({
      code: 'change_skipped',
      params: { reason: 'order', order: '1005', detail: expect.stringContaining('UNIQUE constraint failed: order_lines.line_id') },
    });
    expect(tt.terminal.ctx.stores.settings.get('pull.notTaken')).toEqual([{ serverId: 1005, clientId: uuid(5), problem: tt.terminal.sync.puller.lastError }]);
    expect(asked).not.toContain('GET /v2/orders/1005'); // not again in the pull that skipped it
    // Every later pull goes on; the order not taken is fetched again, and the server no longer has it (404): forgotten.
    route = feed([[], [], [orderChange(remoteOrder(8))]]);
    await tt.terminal.sync.puller.pullOnce();
    expect(known(tt, 8)).toBe(true);
    expect(asked.filter((a) => a === 'GET /v2/orders/1005')).toHaveLength(1);
    expect(tt.terminal.ctx.stores.settings.get('pull.notTaken')).toEqual([]);
    expect(tt.terminal.sync.puller.lastError).toBeNull();
  });

  it('an order held here is left as it is, fetched again at the next pull, and taken once it can be', async () => {
    const tt = terminal();
    const local = await tt.call('orders.create', { lines: [{ sku: 'L', name: 'Local', qty: 1, unitPrice: 250 }] });
    const clash = line(40, { lineId: local.lines[0]!.lineId, sku: 'B', name: 'B', unitPrice: 250 });
    const v2 = remoteOrder(40, { version: 2, lines: [line(40), clash], total: 350 });
    route = feed([[orderChange(remoteOrder(40))], [orderChange(v2), orderChange(remoteOrder(41))]], (method, path) =>
      method === 'GET' && path === '/v2/orders/1040' ? { status: 200, body: v2 } : undefined,
    );

    await tt.terminal.sync.puller.pullOnce();

    const held = await tt.call('orders.get', { orderClientId: uuid(40) });
    expect(held).toMatchObject({ version: 1, total: 100 });
    expect(held.lines.map((l) => l.lineId)).toEqual([uuid(140)]);
    expect(known(tt, 41)).toBe(true);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({ code: 'change_skipped', params: { order: '1040' } });
    expect(asked).not.toContain('GET /v2/orders/1040'); // not again in the pull that skipped it

    // The next pull fetches it again: still refused while the clash stands, and still said.
    await tt.terminal.sync.puller.pullOnce();
    expect(asked.filter((a) => a === 'GET /v2/orders/1040')).toHaveLength(1);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({ code: 'change_skipped', params: { order: '1040' } });
    expect((await tt.call('orders.get', { orderClientId: uuid(40) })).version).toBe(1);

    // The staff remove the local line: the next pull takes the server's order.
    await tt.call('orders.removeLine', { orderClientId: local.clientId, lineId: local.lines[0]!.lineId });
    await tt.terminal.sync.puller.pullOnce();
    const taken = await tt.call('orders.get', { orderClientId: uuid(40) });
    expect(taken).toMatchObject({ version: 2, total: 350 });
    expect(taken.lines.map((l) => l.sku)).toEqual(['A', 'B']);
    expect(tt.terminal.sync.puller.lastError).toBeNull();
    expect(tt.terminal.ctx.stores.settings.get<string[]>('pull.leftAlone')).toEqual([]);
  });
});

describe('a rule set the terminal cannot take', () => {
  const rule = { id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true };
  const rulesAt = (rules: unknown[]): Route => (method, path) => (method === 'GET' && path === '/v2/order-state-rules' ? { status: 200, body: { rules, version: 2 } } : undefined);

  it('one listing a rule id twice: refused naming the field, the pages go on, and it is fetched again', async () => {
    const tt = terminal();
    const before = await tt.call('states.rules', {});
    route = feed([[{ kind: 'rules', version: 2 }], [orderChange(remoteOrder(20))]], rulesAt([rule, { ...rule, position: 2 }]));

    await tt.terminal.sync.puller.pullOnce();

    expect(known(tt, 20)).toBe(true);
    expect(cursor(tt)).toBe('2');
    expect(await tt.call('states.rules', {})).toEqual(before);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({
      code: 'unexpected_answer',
      params: { reason: 'rules', answer: 200, detail: 'rules.1.id: appears twice in this rule set (each rule has its own id)' },
    });

    // The server corrects it: the next pull takes it, with nothing new in the feed.
    route = feed([[], [], []], rulesAt([rule, { ...rule, id: 'R2', position: 2 }]));
    await tt.terminal.sync.puller.pullOnce();
    expect((await tt.call('states.rules', {})).rules.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(tt.terminal.sync.puller.lastError).toBeNull();
  });

  it('one whose writing throws: recorded, the pages go on, and it is fetched again', async () => {
    const tt = terminal();
    // The database refuses the rule set (as a full disk or a broken file would).
    tt.terminal.ctx.sqlite.exec(`create temp trigger refuse_rules before insert on order_state_rules begin select raise(abort, 'rules refused by the test'); end`);
    route = feed([[{ kind: 'rules', version: 2 }], [orderChange(remoteOrder(21))]], rulesAt([rule]));

    await tt.terminal.sync.puller.pullOnce();

    expect(known(tt, 21)).toBe(true);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({ code: 'unexpected_answer', params: { reason: 'rules', detail: expect.stringContaining('rules refused by the test') } });

    tt.terminal.ctx.sqlite.exec('drop trigger temp.refuse_rules');
    await tt.terminal.sync.puller.pullOnce();
    expect((await tt.call('states.rules', {})).rules.map((r) => r.id)).toEqual(['R1']);
    expect(tt.terminal.sync.puller.lastError).toBeNull();
  });
});

describe('a catalog the terminal cannot take', () => {
  it('one whose writing throws: recorded, the pages go on, and it is fetched again', async () => {
    const tt = terminal();
    const before = await tt.call('catalog.list', {});
    const products = [{ sku: 'NEW1', name: 'Rye loaf', price: 420, currency: 'EUR', barcode: null }];
    for (const event of ['insert', 'update']) {
      tt.terminal.ctx.sqlite.exec(
        `create temp trigger refuse_catalog_${event} before ${event} on device_settings when new.key = 'catalog' begin select raise(abort, 'catalog refused by the test'); end`,
      );
    }
    route = feed([[{ kind: 'catalog', version: 3 }], [orderChange(remoteOrder(22))]], (method, path) =>
      method === 'GET' && path === '/v2/catalog' ? { status: 200, body: { products, version: 3 } } : undefined,
    );

    await tt.terminal.sync.puller.pullOnce();

    expect(known(tt, 22)).toBe(true);
    expect(cursor(tt)).toBe('2');
    expect(await tt.call('catalog.list', {})).toEqual(before);
    expect(tt.terminal.sync.puller.lastError).toMatchObject({ code: 'unexpected_answer', params: { reason: 'catalog', detail: expect.stringContaining('catalog refused by the test') } });

    tt.terminal.ctx.sqlite.exec('drop trigger temp.refuse_catalog_insert; drop trigger temp.refuse_catalog_update');
    await tt.terminal.sync.puller.pullOnce();
    expect(await tt.call('catalog.list', {})).toEqual({ version: 3, products: [{ sku: 'NEW1', name: 'Rye loaf', unitPrice: 420, barcode: null }] });
    expect(tt.terminal.sync.puller.lastError).toBeNull();
  });
});
