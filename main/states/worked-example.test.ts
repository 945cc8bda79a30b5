import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../common/ipc-contract.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import { chronology } from './reconstruct.ts';
import { at, deliveryOrder, testBed, type TestBed, workedExampleNotices } from './test-fixtures.ts';

/**
 * SPEC §6's worked example end to end against the database: shipments A–D, rules R1 InDelivery
 * on dispatched ≥ 50 %, R2 Delayed on delayed ≥ 25 %, R3 Delivered on delivered = 100 % (the
 * built-in set). Notices arrive from the carrier (the sync engine's path) in time order.
 */
describe('SPEC §6 worked example, step by step', () => {
  let bed: TestBed;
  afterEach(() => bed?.ctx.sqlite.close());

  function ops(orderClientId: string): OutboxRow[] {
    return bed.ctx.sqlite.prepare<[string], OutboxRow>('select * from outbox where order_client_id = ? order by seq').all(orderClientId);
  }
  function marker(orderClientId: string): number {
    return bed.ctx.stores.orders.get(orderClientId)!.order_state_process_required;
  }

  it('derives, notifies, re-enqueues, then reconciles the deletion', () => {
    bed = testBed();
    const { ctx, clock, states } = bed;
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['TRK-A', 'TRK-B', 'TRK-C', 'TRK-D']);
    const [A, B, C, D] = shipmentIds as [string, string, string, string];
    // The server has acknowledged the order (id 1042), so later changes travel as their own operations.
    ctx.sqlite.prepare(`update outbox set state = 'done', attempts = 1, done_at = ? where order_client_id = ?`).run(clock.iso(), id);
    ctx.sqlite.prepare(`update orders set server_id = 1042, version = 1, sync_status = 'Synced' where client_id = ?`).run(id);
    const events: EventPayload<'notification'>[] = [];
    ctx.events.on('notification', (n) => events.push(n));
    const opsBefore = ops(id).length;

    // The carrier's notices (ids as the server makes them), each marking the order in its transaction.
    const notices = workedExampleNotices(A, B, C);
    for (const n of notices) expect(states.applyServerStepState(n)).toBe('created');
    expect(marker(id)).toBe(1);

    // Sweep: one update job, marker reset.
    clock.set(at('12:31'));
    expect(states.sweep()).toBe(1);
    expect(marker(id)).toBe(0);
    expect(states.stores.queue.get(id)).toMatchObject({ scenario: 'update', state: 'queued', due_at: at('12:31') });

    // Consume.
    const run = states.runDue();
    expect(run.jobs).toEqual([expect.objectContaining({ orderClientId: id, outcome: 'requeued', changed: true })]);

    // History: InDelivery from 10:30 (started 10:00) until 12:30, Delayed from 12:30.
    const history = chronology(states.stores.history.forOrder(id)).history;
    expect(history.map((h) => ({ rule: h.ruleId, state: h.state, startedAt: h.startedAt, fulfilledAt: h.fulfilledAt, from: h.validFrom, to: h.validTo }))).toEqual([
      { rule: 'R1', state: 'InDelivery', startedAt: at('10:00'), fulfilledAt: at('10:30'), from: at('10:30'), to: at('12:30') },
      { rule: 'R2', state: 'Delayed', startedAt: at('12:30'), fulfilledAt: at('12:30'), from: at('12:30'), to: null },
    ]);
    // Current state Delayed since 12:30; the business status followed it (InProgress → Delayed).
    const order = ctx.stores.orders.get(id)!;
    expect(order).toMatchObject({ order_state: 'Delayed', order_state_since: at('12:30'), status: 'Delayed' });

    // The four index rows carry it, with last steps from the notices.
    const rows = states.stores.index.forOrder(id);
    expect(rows.map((r) => [r.order_number, r.tracking_no, r.last_step, r.order_state, r.order_state_since])).toEqual([
      ['1042', 'TRK-A', 'delivered', 'Delayed', at('12:30')],
      ['1042', 'TRK-B', 'delayed', 'Delayed', at('12:30')],
      ['1042', 'TRK-C', 'dispatched', 'Delayed', at('12:30')],
      ['1042', 'TRK-D', null, 'Delayed', at('12:30')],
    ]);
    expect(rows.map((r) => r.shipment_id)).toEqual([A, B, C, D]);

    // One notification per created entry: rows and UI events.
    const notes = states.stores.notifications.list({ orderClientId: id, limit: 10 });
    expect(notes.map((n) => [n.state, n.history_id]).sort()).toEqual(
      [['Delayed', history[1]!.id], ['InDelivery', history[0]!.id]].sort(),
    );
    expect(events.map((e) => e.id).sort()).toEqual(notes.map((n) => n.id).sort());

    // The server learns the status (an update op) and the history (a stateHistory op).
    const newOps = ops(id).slice(opsBefore);
    expect(newOps.map((o) => [o.kind, o.fields, o.state])).toEqual([
      ['update', '["status"]', 'pending'],
      ['stateHistory', null, 'pending'],
    ]);
    expect(newOps[1]!.order_rev).toBeGreaterThan(newOps[0]!.order_rev);
    expect(ctx.stores.orders.get(id)!.sync_status).toBe('Syncing');
    const historyOp = newOps[1]!;
    expect(JSON.parse(historyOp.payload!)).toEqual({
      added: history.map((h) => ({ id: h.id, ruleId: h.ruleId, state: h.state, startedAt: h.startedAt, fulfilledAt: h.fulfilledAt, validFrom: h.validFrom })),
      removed: [],
    });

    // R3 is partial (25 %): the job stays queued for later, what was written stays.
    const job = states.stores.queue.get(id)!;
    expect(job).toMatchObject({ scenario: 'update', state: 'queued', partial_runs: 1 });
    expect(Date.parse(job.due_at)).toBeGreaterThan(clock.now());
    expect(states.runDue().jobs).toEqual([]); // not due yet

    // When it falls due and nothing new arrived, the re-run changes and notifies nothing.
    clock.set(job.due_at);
    const opsCount = ops(id).length;
    const rerun = states.runDue();
    expect(rerun.jobs).toEqual([expect.objectContaining({ outcome: 'requeued', changed: false, notifications: [] })]);
    expect(ops(id)).toHaveLength(opsCount);
    expect(chronology(states.stores.history.forOrder(id)).history).toEqual(history);

    // B's delayed notice is deleted → marker 2 → deletion scenario.
    expect(states.removeServerStepState('ss-b-delayed')).toBe(true);
    expect(marker(id)).toBe(2);
    clock.advance(60_000);
    states.sweep();
    expect(states.stores.queue.get(id)).toMatchObject({ scenario: 'deletion', partial_runs: 0 });
    const eventsBefore = events.length;
    const opsBeforeDeletion = ops(id).length;
    const deletion = states.runDue();
    expect(deletion.jobs).toEqual([expect.objectContaining({ outcome: 'requeued', changed: true, notifications: [] })]);

    // R2 removed; InDelivery current since 10:30; status back to InDelivery.
    const after = states.stores.history.forOrder(id);
    expect(after.map((h) => [h.ruleId, h.validFrom, h.validTo])).toEqual([['R1', at('10:30'), null]]);
    expect(after[0]!.id).toBe(history[0]!.id);
    expect(ctx.stores.orders.get(id)).toMatchObject({ order_state: 'InDelivery', order_state_since: at('10:30'), status: 'InDelivery' });
    // The four index rows updated.
    expect(states.stores.index.forOrder(id).map((r) => [r.order_state, r.order_state_since])).toEqual(
      Array.from({ length: 4 }, () => ['InDelivery', at('10:30')]),
    );
    // No notification for the removal; the two creations were each notified once.
    expect(events.length).toBe(eventsBefore);
    expect(states.stores.notifications.list({ orderClientId: id, limit: 10 })).toHaveLength(2);
    // The removal reaches the server in a stateHistory op.
    const deletionOps = ops(id).slice(opsBeforeDeletion);
    expect(deletionOps.map((o) => [o.kind, o.fields])).toEqual([
      ['update', '["status"]'],
      ['stateHistory', null],
    ]);
    expect(JSON.parse(deletionOps[1]!.payload!)).toEqual({ added: [], removed: [history[1]!.id] });
  });
});
