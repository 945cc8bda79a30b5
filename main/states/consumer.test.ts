import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../ipc/dispatch.ts';
import { stateHandlers } from './handlers.ts';
import { at, deliveryOrder, testBed, type TestBed } from './test-fixtures.ts';

/** The consumer's retry paths: partial re-enqueue, failures with backoff, dead jobs, skipped orders. */
describe('reconstruction consumer', () => {
  let bed: TestBed;
  afterEach(() => bed?.ctx.sqlite.close());

  const notice = (shipmentId: string, id: string, code = 'dispatched', hhmm = '10:00') =>
    bed.states.applyServerStepState({ id, shipmentId, code, at: at(hhmm) });
  const historyRows = () => bed.ctx.sqlite.prepare('select count(*) as n from order_state_history').get() as { n: number };

  /** Makes every history insert fail, as a full disk or a corrupt page would. */
  function breakHistoryWrites(): void {
    bed.ctx.sqlite.exec(`create trigger test_break before insert on order_state_history begin select raise(abort, 'disk I/O error (simulated)'); end`);
  }

  it('notifies the entries one job creates in the order their states followed each other, the current state last', () => {
    bed = testBed();
    const events: string[] = [];
    bed.ctx.events.on('notification', (n) => events.push(n.message));
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    // Delayed (rule R2) before In delivery (rule R1): rule order is not the order of the states.
    notice(shipmentIds[0]!, 'a', 'delayed', '08:00');
    notice(shipmentIds[0]!, 'b', 'dispatched', '08:30');
    bed.states.sweep();
    expect(bed.states.runDue().jobs).toMatchObject([{ changed: true }]);
    expect(bed.ctx.stores.orders.get(id)!.order_state).toBe('InDelivery');
    expect(events).toEqual([expect.stringContaining('is Delayed since'), expect.stringContaining('is InDelivery since')]);
    // The staff's list, newest first, starts with the current state.
    expect(bed.states.stores.notifications.list({ orderClientId: id, limit: 10 }).map((n) => n.state)).toEqual(['InDelivery', 'Delayed']);
  });

  it('retries a job that throws with growing delays, then keeps it dead with its error, visible over IPC', async () => {
    bed = testBed({ retry: { maxAttempts: 3, failureBaseMs: 1_000 } });
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    notice(shipmentIds[0]!, 'a');
    breakHistoryWrites();
    bed.states.sweep();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = bed.states.runDue().jobs;
      expect(job).toMatchObject({ orderClientId: id, outcome: attempt < 3 ? 'failed' : 'dead' });
      const row = bed.states.stores.queue.get(id)!;
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toContain('disk I/O error (simulated)');
      if (attempt < 3) {
        delays.push(Date.parse(row.due_at) - bed.clock.now());
        expect(bed.states.runDue().jobs).toEqual([]); // backing off
        bed.clock.set(row.due_at);
      }
    }
    expect(delays).toEqual([1_000, 2_000]);
    // Nothing of the failed runs was written; the marker's change is still held by the dead job.
    expect(historyRows().n).toBe(0);
    expect(bed.ctx.stores.orders.get(id)!.order_state).toBeNull();
    bed.clock.advance(3_600_000);
    expect(bed.states.runDue().jobs).toEqual([]); // dead jobs never run by themselves

    const dispatch = createDispatch(stateHandlers(bed.states) as unknown as Handlers);
    const listed = await dispatch('states.queue', { states: ['dead'] });
    expect(listed).toEqual({
      ok: true,
      value: [expect.objectContaining({ orderClientId: id, orderNumber: id.slice(-6).toUpperCase(), state: 'dead', attempts: 3, lastError: expect.stringContaining('simulated') })],
    });

    // Once the cause is fixed, the staff (or a new notice) puts it back; it then succeeds.
    bed.ctx.sqlite.exec('drop trigger test_break');
    expect(await dispatch('states.retryJob', { orderClientId: id })).toMatchObject({ ok: true, value: { state: 'queued', attempts: 0 } });
    expect(await dispatch('states.retryJob', { orderClientId: id })).toMatchObject({ ok: false, error: { code: 'not_dead' } });
    expect(bed.states.runDue().jobs).toEqual([expect.objectContaining({ outcome: 'done', changed: true })]);
    expect(bed.ctx.stores.orders.get(id)!.order_state).toBe('InDelivery');
    expect(bed.states.stores.queue.get(id)).toBeUndefined();
  });

  it('runs every due job across batches, and no more than asked', () => {
    bed = testBed();
    const orders = Array.from({ length: 6 }, (_, i) => deliveryOrder(bed, [`T${i}`]));
    const ids = orders.map((o) => o.orderClientId).sort();
    const queued = () => bed.ctx.sqlite.prepare(`select count(*) from order_state_process where state = 'queued'`).pluck().get();
    orders.forEach((o, i) => notice(o.shipmentIds[0]!, `n${i}`));
    bed.states.sweep();
    // Batches of 3 stopped at 5 jobs, then the one left.
    expect(bed.states.runDue({ batchSize: 3, maxJobs: 5 }).jobs).toHaveLength(5);
    expect(queued()).toBe(1);
    expect(bed.states.runDue({ batchSize: 3 }).jobs).toHaveLength(1);
    expect(queued()).toBe(0);
    // Six deletion jobs: batches of 4 and 2; then nothing is left to run.
    orders.forEach((_, i) => bed.states.removeServerStepState(`n${i}`));
    bed.states.sweep();
    const jobs = bed.states.runDue({ batchSize: 4 }).jobs;
    expect(jobs.map((j) => j.orderClientId).sort()).toEqual(ids);
    expect(jobs.every((j) => j.outcome === 'done' && j.changed)).toBe(true);
    expect(queued()).toBe(0);
    expect(bed.states.runDue({ batchSize: 1 }).jobs).toEqual([]);
  });

  it('a failing job in a batch rolls back alone; the others commit', () => {
    bed = testBed();
    const good = deliveryOrder(bed, ['T1']);
    const bad = deliveryOrder(bed, ['T2']);
    notice(good.shipmentIds[0]!, 'g');
    notice(bad.shipmentIds[0]!, 'b');
    // Fail only the bad order's history insert.
    bed.ctx.sqlite.exec(
      `create trigger test_break before insert on order_state_history when new.order_client_id = '${bad.orderClientId}'
       begin select raise(abort, 'bad row'); end`,
    );
    bed.states.sweep();
    const outcomes = Object.fromEntries(bed.states.runDue({ batchSize: 10 }).jobs.map((j) => [j.orderClientId, j.outcome]));
    expect(outcomes).toEqual({ [good.orderClientId]: 'done', [bad.orderClientId]: 'failed' });
    expect(bed.ctx.stores.orders.get(good.orderClientId)!.order_state).toBe('InDelivery');
    expect(bed.ctx.stores.orders.get(bad.orderClientId)!.order_state).toBeNull();
    // The bad order's status/outbox writes were rolled back; the good order's were not.
    expect(bed.ctx.stores.orders.get(bad.orderClientId)!.status).toBe('InProgress');
    expect(bed.ctx.stores.orders.get(good.orderClientId)!.status).toBe('InDelivery');
  });

  it('re-enqueues partly fulfilled rules a bounded number of times with growing delays, then lets go', () => {
    bed = testBed({ retry: { maxPartialRuns: 3, partialBaseMs: 10_000 } });
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1', 'T2', 'T3', 'T4']);
    notice(shipmentIds[0]!, 'a', 'delivered'); // R3 needs all four: 25 % is partial
    bed.states.sweep();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(bed.states.runDue().jobs).toEqual([expect.objectContaining({ outcome: 'requeued' })]);
      const row = bed.states.stores.queue.get(id)!;
      expect(row.partial_runs).toBe(i + 1);
      delays.push(Date.parse(row.due_at) - bed.clock.now());
      bed.clock.set(row.due_at);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000]);
    expect(bed.states.runDue().jobs).toEqual([expect.objectContaining({ outcome: 'done' })]);
    expect(bed.states.stores.queue.get(id)).toBeUndefined();
    // A later notice queues the order again.
    notice(shipmentIds[1]!, 'b', 'delivered');
    expect(bed.states.sweep()).toBe(1);
  });

  it('a sold (Done) order keeps its status but gets its history; a deleted order is skipped', () => {
    bed = testBed();
    const done = deliveryOrder(bed, ['T1']);
    const deleted = deliveryOrder(bed, ['T2']);
    bed.ctx.sqlite.prepare(`update orders set status = 'Done', sync_status = 'Charged' where client_id = ?`).run(done.orderClientId);
    notice(done.shipmentIds[0]!, 'a', 'delayed');
    notice(deleted.shipmentIds[0]!, 'b', 'delayed');
    bed.orders.delete({ orderClientId: deleted.orderClientId });
    bed.states.sweep();
    const outcomes = Object.fromEntries(bed.states.runDue().jobs.map((j) => [j.orderClientId, j.outcome]));
    expect(outcomes).toEqual({ [done.orderClientId]: 'done', [deleted.orderClientId]: 'skipped' });
    expect(bed.ctx.stores.orders.get(done.orderClientId)).toMatchObject({ status: 'Done', order_state: 'Delayed', sync_status: 'Syncing' });
    expect(bed.ctx.stores.orders.get(deleted.orderClientId)).toMatchObject({ status: 'Deleted', order_state: null });
    expect(bed.states.stores.queue.get(deleted.orderClientId)).toBeUndefined();
  });

  it('an order the server made final (Blocked, deleted there) gets its history but no status move the server would refuse', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    const other = deliveryOrder(bed, ['T2']); // the same, not final on the server
    const before = bed.ctx.stores.orders.get(id)!;
    const server = { id: 41, clientId: id, deviceId: 'till-b', status: 'Deleted', currency: 'EUR', lines: [], total: 0, customer: null, delivery: null, saleId: null, version: 3, createdAt: at('09:00'), updatedAt: at('09:30') };
    bed.ctx.sqlite
      .prepare(`update orders set sync_status = 'Blocked', blocked_reason = 'deleted on the server', server_id = 41, server_base = ? where client_id = ?`)
      .run(JSON.stringify(server), id);
    const opsBefore = (bed.ctx.sqlite.prepare('select count(*) as n from outbox where order_client_id = ?').get(id) as { n: number }).n;
    notice(shipmentIds[0]!, 'a', 'dispatched');
    notice(other.shipmentIds[0]!, 'b', 'dispatched');
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)).toMatchObject({ status: before.status, order_state: 'InDelivery', sync_status: 'Blocked' });
    const added = bed.ctx.sqlite.prepare('select kind from outbox where order_client_id = ? order by seq').all(id).slice(opsBefore);
    expect(added).toEqual([{ kind: 'stateHistory' }]);
    expect(bed.ctx.stores.orders.get(other.orderClientId)).toMatchObject({ status: 'InDelivery', order_state: 'InDelivery' });
  });

  it('the status follows only moves the status machine allows and only when the derived state changes', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    notice(shipmentIds[0]!, 'a', 'dispatched', '10:00');
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)!.status).toBe('InDelivery');
    // The staff moves it back by hand; an unrelated re-run that derives nothing new leaves it alone.
    bed.ctx.sqlite.prepare(`update orders set status = 'InProgress' where client_id = ?`).run(id);
    bed.ctx.sqlite.prepare(`update orders set order_state_process_required = 2 where client_id = ?`).run(id);
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)!.status).toBe('InProgress');
    // Delivered is a derived state, not a business status: the status stays.
    notice(shipmentIds[0]!, 'b', 'delivered', '11:00');
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'Delivered', status: 'InProgress' });
  });
});
