import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { backOffice, FAST_SYNC, outboxRows, startServer, until } from './testing/sync-harness.ts';

/**
 * README "a new server address … operations waiting to be sent go there at once": so does one
 * whose request was on its way to the old address when the address changed, once that request
 * gets no answer, rather than after its backoff (here a minute). The old address is a server
 * that takes the connection and never answers, until the test drops it.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('an operation in flight to the old address when it changed goes to the new one at once after getting no answer', async () => {
  const sockets: Socket[] = [];
  let dropping = false;
  const silent = createNetServer((socket) => (dropping ? socket.destroy() : sockets.push(socket)));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
  const server: CounterPosServer = await startServer();
  cleanups.push(() => server.close());
  const t: TempTerminal = tempTerminal(
    { serverUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, deviceId: 'till-1', deviceToken: server.tokens['till-1']! },
    { sync: { ...FAST_SYNC, requestTimeoutMs: 60_000, backoff: { baseMs: 60_000, capMs: 60_000 } }, stateTimers: false },
  );
  cleanups.push(async () => {
    await t.terminal.shutdown();
    t.cleanup();
  });
  const dropAll = () => {
    dropping = true;
    for (const socket of sockets) socket.destroy();
  };
  cleanups.push(dropAll); // before the terminal shuts down: nothing waits on the old address
  t.terminal.sync.start();

  const order = await t.call('orders.create', { lines: [{ sku: 'C1', name: 'Coffee', qty: 1, unitPrice: 250 }] });
  await expect.poll(() => t.terminal.sync.pusher.inFlight, { message: 'the create is on its way to the old address' }).toBe(1);
  const [key] = JSON.parse(outboxRows(t, order.clientId)[0]!.keys) as string[];

  await t.call('settings.update', { serverUrl: server.url });
  dropAll(); // the old address never answered

  await until(t, () => (t.terminal.ctx.stores.orders.get(order.clientId)?.server_id ?? 0) > 0, 'the create answered by the new address', 5_000);
  expect(outboxRows(t, order.clientId)[0]).toMatchObject({ state: 'done', attempts: 2 });
  expect(JSON.parse(outboxRows(t, order.clientId)[0]!.keys)).toEqual([key]);
  const held = await backOffice<{ orders: Array<{ clientId: string }> }>(server, 'GET', '/__test/orders');
  expect(held.orders.filter((o) => o.clientId === order.clientId)).toHaveLength(1);
});
