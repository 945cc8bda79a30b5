import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { tempTerminal } from '../testing/temp-terminal.ts';
import { startDroppingProxy, type DroppingProxy } from './testing/dropping-proxy.ts';
import { backOffice, drained, FAST_SYNC, outboxRows, startServer, until } from './testing/sync-harness.ts';

/**
 * The server commits and then drops the connection without answering: every kind of operation
 * is retried with the same key and body, and the server holds its effect exactly once.
 */
let server: CounterPosServer;
let proxy: DroppingProxy;
let t: TempTerminal;
beforeEach(async () => {
  server = await startServer();
  proxy = await startDroppingProxy(server.url);
  t = tempTerminal({ serverUrl: proxy.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! }, { sync: FAST_SYNC, stateTimers: false });
  t.terminal.sync.start();
  // The engine's first pull is over and its next is a minute away: none lands mid-test.
  await t.terminal.sync.puller.pullOnce();
});
afterEach(async () => {
  await t.terminal.shutdown();
  t.cleanup();
  await proxy.close();
  await server.close();
});

type Held = {
  orders: Array<{
    clientId: string;
    status: string;
    version: number;
    customer: { name: string } | null;
    lines: Array<{ sku: string; qty: number }>;
    sale: { transactions: unknown[] } | null;
    stepStates: Array<{ id: string }>;
    stateHistory: Array<{ id: string }>;
  }>;
};

const paths: Record<string, [string, RegExp]> = {
  create: ['POST', /^\/v2\/orders$/],
  update: ['PATCH', /^\/v2\/orders\/\d+$/],
  sale: ['POST', /^\/v2\/orders\/\d+\/sale$/],
  close: ['POST', /^\/v2\/orders\/\d+\/close$/],
  reopen: ['POST', /^\/v2\/orders\/\d+\/reopen$/],
  delete: ['DELETE', /^\/v2\/orders\/\d+$/],
  stepState: ['POST', /^\/v2\/shipments\/[^/]+\/step-states$/],
  stepStateRemove: ['DELETE', /^\/v2\/step-states\/[^/]+$/],
  stateHistory: ['POST', /^\/v2\/orders\/\d+\/state-history$/],
};

/** Arms the proxy to lose the next two answers of `kind` (after the server committed). */
function loseAnswersOf(kind: string): void {
  const [method, path] = paths[kind]!;
  proxy.drop({ method, path, times: 2 });
}

/** Checks that `kind` was committed, its answers lost, then replayed to the same key. */
function expectRecovered(kind: string): void {
  const [method, path] = paths[kind]!;
  const seen = proxy.log.filter((e) => e.method === method && path.test(e.path));
  expect(seen.filter((e) => e.dropped).length, `${kind} answers dropped`).toBe(2);
  expect(seen.every((e) => e.status < 300), `${kind} statuses ${seen.map((e) => e.status)}`).toBe(true);
  const final = seen.at(-1)!;
  expect(final.dropped).toBe(false);
  expect(final.replayed, `${kind} replayed`).toBe(true);
  expect(new Set(seen.slice(-3).map((e) => e.idempotencyKey)).size, `${kind} kept its key`).toBe(1);
}

async function held() {
  return (await backOffice<Held>(server, 'GET', '/__test/orders')).orders;
}

async function newOrder() {
  const order = await t.call('orders.create', { lines: [{ sku: 'S1', name: 'Item', qty: 1, unitPrice: 100 }] });
  return order.clientId;
}

describe('a lost answer after commit is recovered by the same request', () => {
  it('create', async () => {
    loseAnswersOf('create');
    const id = await newOrder();
    await drained(t);
    expectRecovered('create');
    expect((await held()).filter((o) => o.clientId === id)).toHaveLength(1);
    expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Synced');
  });

  it('update', async () => {
    const id = await newOrder();
    await drained(t);
    loseAnswersOf('update');
    await t.call('orders.addLine', { orderClientId: id, sku: 'B', name: 'Bun', qty: 1, unitPrice: 50 });
    await drained(t);
    expectRecovered('update');
    expect((await held())[0]!.lines).toHaveLength(2);
    expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Synced');
  });

  it('sale and close', async () => {
    const id = await newOrder();
    await drained(t);
    loseAnswersOf('sale');
    loseAnswersOf('close');
    await t.call('payments.record', { orderClientId: id, method: 'cash', amount: 100 });
    await t.call('sales.complete', { orderClientId: id });
    await drained(t);
    expectRecovered('sale');
    expectRecovered('close');
    const orders = await held();
    expect(orders).toHaveLength(1);
    expect(orders[0]!.status).toBe('Done');
    expect(orders[0]!.sale?.transactions).toHaveLength(1);
    expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Charged');
  });

  it('delete', async () => {
    const id = await newOrder();
    await drained(t);
    loseAnswersOf('delete');
    await t.call('orders.delete', { orderClientId: id });
    await drained(t);
    expectRecovered('delete');
    expect((await held())[0]!.status).toBe('Deleted');
    expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Removed');
  });

  it('reopen (recovering a sale refused because the order was closed elsewhere)', async () => {
    const id = await newOrder();
    await drained(t);
    const serverId = (await t.call('orders.get', { orderClientId: id })).serverId;
    await backOffice(server, 'POST', `/__test/orders/${serverId}/close`);
    loseAnswersOf('reopen');
    await t.call('payments.record', { orderClientId: id, method: 'cash', amount: 100 });
    await t.call('sales.complete', { orderClientId: id });
    await drained(t);
    expectRecovered('reopen');
    const [order] = await held();
    expect(order!.status).toBe('Done');
    expect(order!.sale).not.toBeNull();
    expect((await t.call('orders.get', { orderClientId: id })).syncStatus).toBe('Charged');
  });

  it('step state, state history and step-state removal', async () => {
    const id = await newOrder();
    const withDelivery = await t.call('orders.setDelivery', {
      orderClientId: id,
      delivery: { address: '1 Main St', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }] },
    });
    await drained(t);
    loseAnswersOf('stepState');
    loseAnswersOf('stateHistory');
    loseAnswersOf('stepStateRemove');
    const shipmentId = withDelivery.delivery!.shipments[0]!.shipmentId;
    const notice = await t.call('states.addStepState', { shipmentId, code: 'dispatched', at: new Date(Date.now() - 3_600_000).toISOString() });
    t.terminal.states.drain();
    await drained(t);
    expectRecovered('stepState');
    expectRecovered('stateHistory');
    let [order] = await held();
    expect(order!.stepStates.map((s) => s.id)).toEqual([notice.id]);
    expect(order!.stateHistory).toHaveLength(1);
    await t.call('states.removeStepState', { stepStateId: notice.id });
    await drained(t);
    expectRecovered('stepStateRemove');
    [order] = await held();
    expect(order!.stepStates).toEqual([]);
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });
});

/** The retry's time comes: the lane is woken rather than a minute waited. */
function wakeRetry(term: TempTerminal, seq: number): void {
  term.terminal.ctx.sqlite.prepare('update outbox set next_attempt_at = null where seq = ?').run(seq);
  term.terminal.sync.pusher.start();
  term.terminal.sync.pusher.notify(outboxRows(term).find((op) => op.seq === seq)!.order_client_id);
}

describe('a pull between a lost answer and its retry', () => {
  // Retries wait a minute here, so a pull can come between a lost answer and its retry.
  let slow: TempTerminal;
  beforeEach(async () => {
    slow = tempTerminal(
      { serverUrl: proxy.url, deviceId: 'till-2', deviceToken: server.tokens['till-2']! },
      { sync: { ...FAST_SYNC, backoff: { baseMs: 60_000, capMs: 60_000 } }, stateTimers: false },
    );
    slow.terminal.sync.start();
    await slow.terminal.sync.puller.pullOnce();
  });
  afterEach(async () => {
    await slow.terminal.shutdown();
    slow.cleanup();
  });

  /** An order with one line, on the server at version 1; the pusher is then stopped. */
  async function syncedOrder() {
    const { clientId } = await slow.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await drained(slow);
    await slow.terminal.sync.pusher.stop();
    return slow.call('orders.get', { orderClientId: clientId });
  }

  /** Sends the order's update once, losing the answer; the pusher is stopped again. */
  async function sendLosingAnswer(orderClientId: string) {
    proxy.drop({ method: 'PATCH', path: paths.update![1], times: 1 });
    slow.terminal.sync.pusher.start();
    const update = () => outboxRows(slow, orderClientId).find((op) => op.kind === 'update')!;
    await until(slow, () => update().attempts === 1 && update().last_error !== null, 'the lost answer');
    await slow.terminal.sync.pusher.stop();
    return update;
  }

  it('leaves the order alone until the answer is known: an edit the server already holds is not kept over a later one made elsewhere', async () => {
    const order = await syncedOrder();
    const { serverId, lines } = order;
    await slow.call('orders.updateLine', { orderClientId: order.clientId, lineId: lines[0]!.lineId, qty: 3 });
    // The server takes qty 3 (version 2) and the answer is lost.
    const update = await sendLosingAnswer(order.clientId);
    // Someone who saw qty 3 sets it to 2 (version 3); the pull sees that before the retry.
    const [v2] = await held();
    await backOffice(server, 'POST', `/__test/orders/${serverId}/edit`, { lines: v2!.lines.map((l) => ({ ...l, qty: 2 })) });
    await slow.terminal.sync.puller.pullOnce();
    const waiting = await slow.call('orders.get', { orderClientId: order.clientId });
    expect(waiting.version).toBe(1);
    expect(waiting.lines[0]!.qty).toBe(3);
    wakeRetry(slow, update().seq);
    await drained(slow);

    expect(proxy.log.filter((e) => e.method === 'PATCH').at(-1)?.replayed).toBe(true);
    const [remote] = await held();
    const local = await slow.call('orders.get', { orderClientId: order.clientId });
    expect(remote!.lines.map((l) => l.qty)).toEqual([2]);
    expect(local.lines.map((l) => l.qty)).toEqual([2]);
    expect(local.version).toBe(remote!.version);
    expect(local.syncStatus).toBe('Synced');
    expect(outboxViolations(slow.terminal.ctx.sqlite)).toEqual([]);
  });

  it('a refusal replayed then is merged as it was: nothing of the newer version is undone, and the change lands on it', async () => {
    const order = await syncedOrder();
    const serverId = order.serverId;
    await slow.call('orders.addLine', { orderClientId: order.clientId, sku: 'X', name: 'X', qty: 1, unitPrice: 50 });
    const [v1] = await held();
    await backOffice(server, 'POST', `/__test/orders/${serverId}/edit`, { lines: [...v1!.lines, { lineId: '01a20000-0000-7000-8000-0000000000c1', sku: 'BO', name: 'BO', qty: 1, unitPrice: 90, discount: 0 }] });
    // The update meets a 412 (version 2) that is stored with its key, and its answer is lost.
    const update = await sendLosingAnswer(order.clientId);
    // Meanwhile the back office changes the customer (version 3); the pull leaves the order
    // alone while the update's answer is unknown.
    await backOffice(server, 'POST', `/__test/orders/${serverId}/edit`, { customer: { name: 'Back office', phone: null } });
    await slow.terminal.sync.puller.pullOnce();
    expect((await slow.call('orders.get', { orderClientId: order.clientId })).version).toBe(1);
    // The same key gets the stored 412, whose order is version 2.
    wakeRetry(slow, update().seq);
    await drained(slow);

    expect(proxy.log.some((e) => e.method === 'PATCH' && e.status === 412 && e.replayed)).toBe(true);
    const [remote] = await held();
    const local = await slow.call('orders.get', { orderClientId: order.clientId });
    expect(remote!.customer?.name).toBe('Back office');
    expect(local.customer?.name).toBe('Back office');
    expect(remote!.lines.map((l) => l.sku)).toEqual(['A', 'BO', 'X']);
    expect(local.lines.map((l) => l.sku)).toEqual(['A', 'BO', 'X']);
    expect(local.version).toBe(remote!.version);
    expect(outboxViolations(slow.terminal.ctx.sqlite)).toEqual([]);
  });
});

describe('a pull while a request is in flight', () => {
  /** Resolves once the proxy holds an answer (nothing on the terminal's side announces that). */
  function answerHeld(): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + 5000;
      const check = () => {
        if (proxy.holding > 0) resolve();
        else if (Date.now() > deadline) reject(new Error('no answer was held'));
        else setTimeout(check, 5);
      };
      check();
    });
  }

  /**
   * A synced order gets a line X here; the update is committed by the server (version 2) and
   * its answer held; then the back office adds a line BO (version 3).
   */
  async function updateInFlightThenBackOfficeLine() {
    const clientId = await newOrder();
    await drained(t);
    const { serverId } = await t.call('orders.get', { orderClientId: clientId });
    proxy.drop({ method: 'PATCH', path: paths.update![1], times: 1, hold: true });
    await t.call('orders.addLine', { orderClientId: clientId, sku: 'X', name: 'X', qty: 1, unitPrice: 50 });
    await answerHeld();
    const [v2] = await held();
    await backOffice(server, 'POST', `/__test/orders/${serverId}/edit`, { lines: [...v2!.lines, { lineId: '01a20000-0000-7000-8000-0000000000d1', sku: 'BO', name: 'BO', qty: 1, unitPrice: 90, discount: 0 }] });
    return { clientId, serverId };
  }

  it('an order deleted elsewhere meanwhile ends as the server holds it once the answer is in', async () => {
    const { clientId, serverId } = await updateInFlightThenBackOfficeLine();
    await backOffice(server, 'POST', `/__test/orders/${serverId}/delete`);
    await t.terminal.sync.puller.pullOnce();
    expect(t.terminal.sync.pusher.isBusy(clientId)).toBe(true);
    proxy.release();
    await drained(t);

    const [remote] = await held();
    const local = await t.call('orders.get', { orderClientId: clientId });
    expect(remote!.status).toBe('Deleted');
    expect(local.status).toBe('Deleted');
    expect(local.lines.map((l) => l.sku)).toEqual(remote!.lines.map((l) => l.sku));
    expect(local.version).toBe(remote!.version);
    expect(outboxViolations(t.terminal.ctx.sqlite)).toEqual([]);
  });

  it('an order left alone is fetched by a later pull when the fetch after the answer failed', async () => {
    const { clientId } = await updateInFlightThenBackOfficeLine();
    await t.terminal.sync.puller.pullOnce(); // left alone: the update is in flight
    // The fetch made once the update is answered gets no answer (it times out).
    proxy.drop({ method: 'GET', path: /^\/v2\/orders\/\d+$/, times: 1, hold: true });
    proxy.release();
    await drained(t);
    expect((await t.call('orders.get', { orderClientId: clientId })).lines.map((l) => l.sku)).toEqual(['S1', 'X']);
    proxy.release();
    // Nothing changes on the server, yet the next pull fetches the order it left alone.
    await t.terminal.sync.puller.pullOnce();
    const [remote] = await held();
    const local = await t.call('orders.get', { orderClientId: clientId });
    expect(remote!.lines.map((l) => l.sku)).toEqual(['S1', 'X', 'BO']);
    expect(local.lines.map((l) => l.sku)).toEqual(['S1', 'X', 'BO']);
    expect(local.version).toBe(remote!.version);
  });
});
