import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { drained, FAST_SYNC, outboxRows } from './testing/sync-harness.ts';

/**
 * A server that answers garbage: each case parks the operation with a clear error, the main
 * process keeps running and the order on the terminal is untouched.
 */
type Answer = { status: number; body: string; headers?: Record<string, string> };
let answer: Answer = { status: 200, body: '' };
/** When set, answers by request (method, path, body) instead of `answer`. */
let route: ((method: string, path: string, body: string) => Answer) | null = null;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const given = route ? route(req.method ?? 'GET', req.url ?? '/', body) : answer;
      res.writeHead(given.status, { 'content-type': 'application/json', ...given.headers });
      res.end(given.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const validOrder = { id: 7, clientId: 'x', deviceId: 'till-1', status: 'InProgress', currency: 'EUR', lines: [], total: 0, customer: null, delivery: null, saleId: null, version: 1, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z' };

const cases: Array<[string, Answer, RegExp]> = [
  ['not JSON', { status: 201, body: '<html>oops' }, /malformed_response: .*not JSON/],
  ['empty body', { status: 201, body: '' }, /malformed_response: .*unexpected body/],
  ['missing fields', { status: 201, body: JSON.stringify({ id: 5 }) }, /malformed_response: .*clientId/],
  ['wrong types', { status: 201, body: JSON.stringify({ ...validOrder, id: 'seven' }) }, /malformed_response: .*id:/],
  ['fractional money', { status: 201, body: JSON.stringify({ ...validOrder, total: 1.5 }) }, /malformed_response: .*total/],
  ['unexpected status', { status: 302, body: JSON.stringify({ hello: 1 }) }, /malformed_response: .*302 without an error body/],
  ['teapot with an error body', { status: 418, body: JSON.stringify({ error: { code: 'teapot', message: 'short and stout' } }) }, /teapot: short and stout/],
  ['412 without current', { status: 412, body: JSON.stringify({ error: { code: 'version_mismatch' } }) }, /412 without a valid current order/],
];

describe('malformed server answers', () => {
  it.each(cases)('%s: parked as Failed with a clear error, nothing else changed', async (_name, bad, error) => {
    answer = bad;
    const t: TempTerminal = tempTerminal({ serverUrl: url, deviceToken: 'whatever-token' }, { sync: FAST_SYNC, stateTimers: false });
    try {
      const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
      const orderRows = () => {
        const snap = snapshotDatabase(t.terminal);
        return { orders: snap.orders, lines: snap.order_lines, transactions: snap.transactions };
      };
      const before = orderRows();
      t.terminal.sync.start();
      await drained(t);
      const [op] = outboxRows(t, order.clientId);
      expect(op).toMatchObject({ kind: 'create', state: 'failed' });
      expect(op!.last_error).toMatch(error);
      const after = await t.call('orders.get', { orderClientId: order.clientId });
      expect(after.serverId).toBe(0);
      expect(after.syncStatus).toBe('Failed');
      const rows = orderRows();
      expect(rows.lines).toEqual(before.lines);
      expect(rows.transactions).toEqual(before.transactions);
      // The terminal still works.
      expect((await t.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'B', qty: 1, unitPrice: 1 })).total).toBe(101);
    } finally {
      await t.terminal.shutdown();
      t.cleanup();
    }
  });
});

describe('answers about another order', () => {
  const notFound: Answer = { status: 404, body: JSON.stringify({ error: { code: 'not_found', message: 'no' } }) };
  const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });
  const other = { ...validOrder, id: 4242, clientId: '01900000-0000-7000-8000-000000000011', deviceId: 'till-9', lines: [{ lineId: '01900000-0000-7000-8000-000000000111', sku: 'X', name: 'Foreign line', qty: 3, unitPrice: 1000, discount: 0 }], total: 3000, customer: { name: 'Somebody else', phone: '555' }, version: 5 };
  let t: TempTerminal | undefined;
  afterEach(async () => {
    route = null;
    await t?.terminal.shutdown();
    t?.cleanup();
    t = undefined;
  });
  const terminal = () => (t = tempTerminal({ serverUrl: url, deviceToken: 'whatever-token' }, { sync: FAST_SYNC, stateTimers: false }));

  it('a create answered 201 with another order (another clientId) is parked as Failed, its id, version and content not taken', async () => {
    const tt = terminal();
    const order = await tt.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    route = (method, path) => (method === 'POST' && path === '/v2/orders' ? json(201, other) : notFound);
    const notices: Array<{ kind: string; message: string }> = [];
    tt.terminal.on('notification', (n) => notices.push(n));
    tt.terminal.sync.start();
    await drained(tt);
    const [op] = outboxRows(tt, order.clientId);
    expect(op).toMatchObject({ kind: 'create', state: 'failed' });
    expect(op!.last_error).toBe(`the server answered create with order 4242 (${other.clientId}), not this one: nothing of its answer was taken`);
    const after = await tt.call('orders.get', { orderClientId: order.clientId });
    expect(after).toMatchObject({ serverId: 0, version: 0, syncStatus: 'Failed', customer: null, total: 100 });
    expect(after.lines.map((l) => l.name)).toEqual(['A']);
    expect(tt.terminal.ctx.stores.orders.get(order.clientId)?.server_base).toBeNull();
    expect(notices).toEqual([expect.objectContaining({ kind: 'sync_failed', message: op!.last_error })]);
    // Nothing of it binds this order to order 4242: it was not stored here either.
    expect(tt.terminal.ctx.stores.orders.get(other.clientId)).toBeUndefined();
  });

  it.each([
    ['another clientId', false],
    ['this clientId but another server id', true],
  ] as const)('a 412 whose current order is another order (%s) is not merged into this one: the update is parked as Failed', async (_name, sameClientId) => {
    const tt = terminal();
    const order = await tt.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    const sent = (body: string) => JSON.parse(body) as { clientId: string; lines: unknown[]; total: number };
    route = (method, path, body) => {
      if (method === 'POST' && path === '/v2/orders') return json(201, { ...validOrder, id: 77, clientId: sent(body).clientId, lines: sent(body).lines, total: sent(body).total });
      if (method === 'PATCH' && path === '/v2/orders/77') {
        return json(412, { error: { code: 'version_mismatch', message: 'stale', current: { ...other, clientId: sameClientId ? order.clientId : other.clientId } } });
      }
      return notFound;
    };
    tt.terminal.sync.start();
    await drained(tt);
    await tt.call('orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Mine' } });
    await drained(tt);
    const update = outboxRows(tt, order.clientId).find((op) => op.kind === 'update')!;
    expect(update.state).toBe('failed');
    expect(update.last_error).toBe(`the server answered update with order 4242 (${sameClientId ? order.clientId : other.clientId}), not this one: nothing of its answer was taken`);
    const after = await tt.call('orders.get', { orderClientId: order.clientId });
    expect(after).toMatchObject({ serverId: 77, version: 1, syncStatus: 'Failed', customer: { name: 'Mine' }, total: 100 });
    expect(after.lines.map((l) => l.name)).toEqual(['A']);
    expect(JSON.parse(tt.terminal.ctx.stores.orders.get(order.clientId)!.server_base!)).toMatchObject({ id: 77, version: 1 });
  });
});
