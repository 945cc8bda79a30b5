import { afterEach, describe, expect, it } from 'vitest';
import { at, deliveryOrder, testBed, type TestBed, workedExampleNotices } from './test-fixtures.ts';

/**
 * Notices that change what the history already holds: a corrected notice, and one dated before
 * notices already applied. The marker must call for the deletion scenario's full reconcile,
 * since the update scenario never revisits an applied rule (SPEC §6 step 1).
 */
describe('notices that correct applied history', () => {
  let bed: TestBed;
  afterEach(() => bed?.ctx.sqlite.close());

  const marker = (id: string) => bed.ctx.stores.orders.get(id)!.order_state_process_required;
  const entries = (id: string) =>
    bed.states.stores.history.forOrder(id).map((h) => ({ rule: h.ruleId, startedAt: h.startedAt, fulfilledAt: h.fulfilledAt }));

  it('the carrier correcting B’s delayed notice to dispatched takes Delayed back (worked example)', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['TRK-A', 'TRK-B', 'TRK-C', 'TRK-D']);
    const [A, B, C] = shipmentIds as [string, string, string];
    const notices = workedExampleNotices(A, B, C);
    for (const n of notices) bed.states.applyServerStepState(n);
    bed.clock.set(at('12:31'));
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'Delayed', order_state_since: at('12:30') });

    expect(bed.states.applyServerStepState({ ...notices[4]!, code: 'dispatched' })).toBe('updated');
    expect(marker(id)).toBe(2);
    bed.clock.advance(60_000);
    bed.states.drain();
    expect(entries(id)).toEqual([{ rule: 'R1', startedAt: at('10:00'), fulfilledAt: at('10:30') }]);
    expect(bed.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'InDelivery', order_state_since: at('10:30'), status: 'InDelivery' });
  });

  it('a notice dated before an applied one moves the rule’s dates back, from the carrier or by hand', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['TRK-A', 'TRK-B']);
    const [A, B] = shipmentIds as [string, string];
    bed.clock.set(at('10:05'));
    bed.states.applyServerStepState({ id: 'a', shipmentId: A, code: 'dispatched', at: at('10:00') });
    bed.states.drain();
    expect(entries(id)).toEqual([{ rule: 'R1', startedAt: at('10:00'), fulfilledAt: at('10:00') }]);

    // A notice of another code, even an earlier one, leaves R1 to the update scenario.
    bed.states.applyServerStepState({ id: 'b-delivered', shipmentId: B, code: 'delivered', at: at('08:00') });
    expect(marker(id)).toBe(1);
    bed.states.applyServerStepState({ id: 'b', shipmentId: B, code: 'dispatched', at: at('09:00') });
    expect(marker(id)).toBe(2);
    bed.states.drain();
    expect(entries(id)).toEqual([{ rule: 'R1', startedAt: at('09:00'), fulfilledAt: at('09:00') }]);
    expect(bed.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'InDelivery', order_state_since: at('09:00') });

    // A notice added by hand takes the same rule.
    bed.states.stepStates.add({ shipmentId: A, code: 'dispatched', at: at('10:01') });
    expect(marker(id)).toBe(1); // after every dispatched notice: nothing applied can move
    bed.states.drain();
    bed.states.stepStates.add({ shipmentId: A, code: 'dispatched', at: at('08:30') });
    expect(marker(id)).toBe(2);
    bed.states.drain();
    expect(entries(id)).toEqual([{ rule: 'R1', startedAt: at('08:30'), fulfilledAt: at('08:30') }]);
  });
});
