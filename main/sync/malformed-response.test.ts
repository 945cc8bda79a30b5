import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { drained, FAST_SYNC, outboxRows } from './testing/sync-harness.ts';

/**
 * A server that answers garbage: each case parks the operation with a clear error, the main
 * process keeps running and the order on the terminal is untouched.
 */
type Answer = { status: number; body: string; headers?: Record<string, string> };
let answer: Answer = { status: 200, body: '' };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
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
