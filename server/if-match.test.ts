import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterPosServer } from './app.ts';
import { createdOrder, newOrder, newSale, startServer, type Call } from './test-support.ts';

/** `If-Match: "<version>"` on every order-changing request (API.md, Conventions: Concurrency). */

let server: CounterPosServer;
let call: Call;

beforeAll(async () => {
  ({ server, call } = await startServer());
});
afterAll(() => server.close());

const created = (overrides: Parameters<typeof newOrder>[0] = {}) => createdOrder(call, newOrder(overrides));

describe('If-Match', () => {
  /** A write with `If-Match` exactly as given. */
  const send = (method: string, path: string, ifMatch: string, body?: unknown) => call(method, path, { headers: { 'if-match': ifMatch }, body });

  it.each(['1', '"1', '1"', 'W/"1"', '"1", "2"', '*', '"v1"', "'1'"])(
    'answers If-Match: %s (not "<version>") like a missing one: 428 naming the form, and changes nothing',
    async (value) => {
      const order = await created();
      const response = await send('PATCH', `/v2/orders/${order.id}`, value, { status: 'Delayed' });
      expect(response.status).toBe(428);
      expect(response.body.error.code).toBe('precondition_required');
      expect(response.body.error.message).toContain('If-Match: "<version>"');
      expect((await call('GET', `/v2/orders/${order.id}`)).body).toEqual(order);
    },
  );

  it('checks the form on every order-changing request: sale, close, reopen and DELETE', async () => {
    const order = await created({ lines: [], total: 0 });
    for (const [method, path, body] of [
      ['POST', `/v2/orders/${order.id}/sale`, newSale(0, { transactions: [] })],
      ['POST', `/v2/orders/${order.id}/close`, undefined],
      ['POST', `/v2/orders/${order.id}/reopen`, undefined],
      ['DELETE', `/v2/orders/${order.id}`, undefined],
    ] as const) {
      expect((await send(method, path, 'W/"1"', body)).status).toBe(428);
    }
    expect((await call('GET', `/v2/orders/${order.id}`)).body).toEqual(order);
  });

  it('compares the quoted version as sent: "01" is not version 1 (412)', async () => {
    const order = await created();
    const response = await send('PATCH', `/v2/orders/${order.id}`, '"01"', { status: 'Delayed' });
    expect(response.status).toBe(412);
    expect(response.body.error.code).toBe('version_mismatch');
    expect((await send('PATCH', `/v2/orders/${order.id}`, '"1"', { status: 'Delayed' })).status).toBe(200);
  });
});
