import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../context.ts';
import { markerAfter, mergeScenario, scenarioFor } from './marker.ts';
import { at, deliveryOrder, testBed, type TestBed } from './test-fixtures.ts';

describe('marker (pure)', () => {
  it('max(current, 1) for a create or update, 2 for a delete; scenario by marker; upgrade only', () => {
    expect(markerAfter(0, 'created')).toBe(1);
    expect(markerAfter(2, 'updated')).toBe(2);
    expect(markerAfter(1, 'deleted')).toBe(2);
    expect(markerAfter(0, 'deleted')).toBe(2);
    expect([scenarioFor(0), scenarioFor(1), scenarioFor(2)]).toEqual([null, 'update', 'deletion']);
    expect(mergeScenario('update', 'deletion')).toBe('deletion');
    expect(mergeScenario('deletion', 'update')).toBe('deletion');
    expect(mergeScenario('update', 'update')).toBe('update');
  });
});

describe('marker and sweeper against the database', () => {
  let bed: TestBed;
  afterEach(() => bed?.ctx.sqlite.close());

  const marker = (id: string) => bed.ctx.stores.orders.get(id)!.order_state_process_required;
  const jobs = () => bed.ctx.sqlite.prepare('select order_client_id, scenario, state from order_state_process order by order_client_id').all();

  it('sets the marker in the same transaction as the step-state change (a rollback undoes both)', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    expect(() =>
      inTransaction(bed.ctx, () => {
        bed.states.applyServerStepState({ id: 's1', shipmentId: shipmentIds[0]!, code: 'dispatched', at: at('10:00') });
        expect(marker(id)).toBe(1);
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(marker(id)).toBe(0);
    expect(bed.states.stores.stepStates.get('s1')).toBeUndefined();
  });

  it('create → at least 1, a changed fact or a delete → 2, an identical re-send → untouched', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    const s = { id: 's1', shipmentId: shipmentIds[0]!, code: 'dispatched', at: at('10:00') };
    expect(bed.states.applyServerStepState(s)).toBe('created');
    expect(marker(id)).toBe(1);
    bed.states.sweep();
    expect(bed.states.applyServerStepState(s)).toBe('unchanged');
    expect(marker(id)).toBe(0);
    expect(bed.states.applyServerStepState({ ...s, at: '2026-03-02T11:00:00+01:00' })).toBe('unchanged'); // same instant
    expect(bed.states.applyServerStepState({ ...s, source: 'manual' })).toBe('updated'); // no fact changes
    expect(marker(id)).toBe(1);
    bed.states.sweep();
    expect(bed.states.applyServerStepState({ ...s, at: at('10:05') })).toBe('updated');
    expect(marker(id)).toBe(2); // the 10:00 it was is taken away, as by a deletion
    bed.states.sweep();
    expect(bed.states.removeServerStepState('s1')).toBe(true);
    expect(marker(id)).toBe(2);
    bed.states.applyServerStepState({ ...s, id: 's2' });
    expect(marker(id)).toBe(2); // a later creation does not hide the deletion
    expect(bed.states.removeServerStepState('nope')).toBe(false);
    // The server echoing a notice added by hand on this terminal changes nothing.
    bed.states.sweep();
    const manual = bed.states.stepStates.add({ shipmentId: s.shipmentId, code: 'delayed', at: at('10:10') });
    bed.states.sweep();
    expect(bed.states.applyServerStepState({ ...manual, source: 'manual' })).toBe('unchanged');
    expect(marker(id)).toBe(0);
    expect(bed.states.applyServerStepState({ ...s, id: 's3', shipmentId: 'unknown' })).toBe('awaiting_shipment');
  });

  it('moves marked orders onto the queue with their scenario and resets the markers in one transaction', () => {
    bed = testBed();
    const o1 = deliveryOrder(bed, ['T1']);
    const o2 = deliveryOrder(bed, ['T2']);
    const o3 = deliveryOrder(bed, ['T3']);
    bed.states.applyServerStepState({ id: 'a', shipmentId: o1.shipmentIds[0]!, code: 'dispatched', at: at('10:00') });
    bed.states.applyServerStepState({ id: 'b', shipmentId: o2.shipmentIds[0]!, code: 'dispatched', at: at('10:00') });
    bed.states.removeServerStepState('b');
    expect(bed.states.sweep()).toBe(2);
    expect([marker(o1.orderClientId), marker(o2.orderClientId), marker(o3.orderClientId)]).toEqual([0, 0, 0]);
    const byOrder = Object.fromEntries(jobs().map((j: any) => [j.order_client_id, j.scenario]));
    expect(byOrder).toEqual({ [o1.orderClientId]: 'update', [o2.orderClientId]: 'deletion' });
    expect(bed.states.sweep()).toBe(0); // nothing marked: nothing moves
  });

  it('upgrades a queued job update → deletion, never duplicates it, never downgrades it', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1', 'T2']);
    const ship = shipmentIds[0]!;
    bed.states.applyServerStepState({ id: 'a', shipmentId: ship, code: 'dispatched', at: at('10:00') });
    bed.states.sweep();
    expect(jobs()).toEqual([{ order_client_id: id, scenario: 'update', state: 'queued' }]);
    bed.states.removeServerStepState('a');
    bed.states.sweep();
    expect(jobs()).toEqual([{ order_client_id: id, scenario: 'deletion', state: 'queued' }]);
    bed.states.applyServerStepState({ id: 'b', shipmentId: ship, code: 'dispatched', at: at('10:10') });
    bed.states.sweep();
    expect(jobs()).toEqual([{ order_client_id: id, scenario: 'deletion', state: 'queued' }]);
  });

  it('a new change makes a delayed job due now and revives a dead one', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    bed.states.applyServerStepState({ id: 'a', shipmentId: shipmentIds[0]!, code: 'dispatched', at: at('10:00') });
    bed.states.sweep();
    bed.ctx.sqlite
      .prepare(`update order_state_process set state = 'dead', attempts = 5, due_at = '2030-01-01T00:00:00.000Z', last_error = 'boom'`)
      .run();
    bed.states.applyServerStepState({ id: 'b', shipmentId: shipmentIds[0]!, code: 'delayed', at: at('10:10') });
    bed.states.sweep();
    expect(bed.states.stores.queue.get(id)).toMatchObject({ state: 'queued', attempts: 0, due_at: bed.clock.iso(), last_error: 'boom' });
  });

  it('adding or removing a shipment of an order with notices asks for a full reconstruction', () => {
    bed = testBed();
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1']);
    const other = deliveryOrder(bed, ['T9']);
    bed.states.applyServerStepState({ id: 'a', shipmentId: shipmentIds[0]!, code: 'dispatched', at: at('10:00') });
    bed.states.drain();
    expect(bed.ctx.stores.orders.get(id)!.order_state).toBe('InDelivery');
    bed.orders.setDelivery({
      orderClientId: id,
      delivery: { address: 'Calle Mayor 1', shipments: [{ shipmentId: shipmentIds[0]!, carrier: 'Correos', trackingNo: 'T1' }, { carrier: 'SEUR', trackingNo: 'T2' }, { carrier: 'SEUR', trackingNo: 'T3' }] },
    });
    expect(marker(id)).toBe(2);
    expect(marker(other.orderClientId)).toBe(0); // no notices: nothing to re-derive
    bed.states.drain();
    // 1 of 3 shipments dispatched is below 50 %: the deletion scenario removes InDelivery.
    expect(bed.states.stores.history.forOrder(id)).toEqual([]);
    expect(bed.ctx.stores.orders.get(id)!.order_state).toBeNull();
  });
});
