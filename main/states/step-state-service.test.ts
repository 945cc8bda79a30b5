import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../common/ipc-contract.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import { createTerminal, type Terminal } from '../terminal.ts';
import { at, ManualClock } from './test-fixtures.ts';

/** Manual notices and the other `states.*` commands, through the terminal's IPC dispatch. */
describe('states IPC commands', () => {
  let terminal: Terminal | undefined;
  let dir: string | undefined;
  afterEach(() => {
    terminal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    terminal = dir = undefined;
  });

  function start(stateTimers: boolean, clock = new ManualClock('2026-03-02T13:00:00.000Z')) {
    dir = mkdtempSync(join(tmpdir(), 'pos-states-'));
    terminal = createTerminal({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1' }, { stateTimers, clock });
    return terminal;
  }

  async function invoke<T = any>(name: string, input: unknown): Promise<T> {
    const result = await terminal!.dispatch(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }

  async function deliveryOrder(trackingNos: string[]) {
    const order = await invoke('orders.create', { customer: { name: 'Ana García' } });
    const view = await invoke('orders.setDelivery', {
      orderClientId: order.clientId,
      delivery: { address: 'Calle Mayor 1', shipments: trackingNos.map((trackingNo) => ({ carrier: 'Correos', trackingNo })) },
    });
    return { id: order.clientId as string, shipments: view.delivery.shipments.map((s: { shipmentId: string }) => s.shipmentId) as string[] };
  }

  const ops = (id: string) =>
    terminal!.ctx.sqlite.prepare<[string], OutboxRow>('select * from outbox where order_client_id = ? order by seq').all(id);

  it('adds a notice by hand: step state, marker and outbox op in one go; the timeline shows the derived state', async () => {
    const t = start(false);
    const { id, shipments } = await deliveryOrder(['T1', 'T2']);
    const added = await invoke('states.addStepState', { shipmentId: shipments[0], code: 'dispatched', at: '2026-03-02T11:30:00+01:00' });
    expect(added).toMatchObject({ shipmentId: shipments[0], orderClientId: id, code: 'dispatched', at: at('10:30'), source: 'manual' });
    expect(t.ctx.stores.orders.get(id)!.order_state_process_required).toBe(1);
    const op = ops(id).find((o) => o.kind === 'stepState')!;
    expect(op).toMatchObject({ target_id: added.id, state: 'pending' });
    expect(JSON.parse(op.payload!)).toEqual({ id: added.id, shipmentId: shipments[0], code: 'dispatched', at: at('10:30'), source: 'manual' });

    let timeline = await invoke('states.timeline', { orderClientId: id });
    expect(timeline).toMatchObject({ pending: true, history: [], orderState: null });
    t.states.drain();
    timeline = await invoke('states.timeline', { orderClientId: id });
    expect(timeline).toMatchObject({ pending: false, orderState: 'InDelivery', orderStateSince: at('10:30'), status: 'InDelivery', job: null });
    expect(timeline.history).toEqual([expect.objectContaining({ ruleId: 'R1', state: 'InDelivery', validTo: null })]);
    expect(timeline.shipments[0].stepStates).toEqual([expect.objectContaining({ id: added.id })]);
    expect(timeline.progress.find((p: { ruleId: string }) => p.ruleId === 'R1')).toMatchObject({ reached: 1, shipments: 2, percent: 50, fulfilled: true });

    const notes = await invoke('states.notifications', { orderClientId: id });
    expect(notes).toEqual([expect.objectContaining({ kind: 'orderState', state: 'InDelivery', historyId: timeline.history[0].id })]);
    // Named as the staff see the order everywhere: the end of its client id until the server numbers it.
    const label = id.slice(-6).toUpperCase();
    expect(timeline.orderNumber).toBe(label);
    expect(notes[0]).toMatchObject({ orderNumber: label, message: expect.stringContaining(`Order #${label} is InDelivery`) });
    t.ctx.sqlite.prepare('update orders set server_id = 4711 where client_id = ?').run(id);
    expect(await invoke('states.notifications', { orderClientId: id })).toEqual([expect.objectContaining({ orderNumber: '4711' })]);
    expect(await invoke('states.timeline', { orderClientId: id })).toMatchObject({ orderNumber: '4711' });
    expect(await invoke('states.searchShipments', { query: 'garcia T1' })).toEqual([
      expect.objectContaining({ orderClientId: id, trackingNo: 'T1', lastStep: 'dispatched', orderState: 'InDelivery' }),
    ]);
  });

  it('removes a notice by hand: marker 2, a stepStateRemove op, and the deletion scenario undoes the state', async () => {
    const t = start(false);
    const { id, shipments } = await deliveryOrder(['T1']);
    const added = await invoke('states.addStepState', { shipmentId: shipments[0], code: 'delayed' });
    expect(added.at).toBe('2026-03-02T13:00:00.000Z'); // now by default
    t.states.drain();
    expect(t.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'Delayed', status: 'Delayed' });
    const removed = await invoke('states.removeStepState', { stepStateId: added.id });
    expect(removed.id).toBe(added.id);
    expect(t.ctx.stores.orders.get(id)!.order_state_process_required).toBe(2);
    expect(ops(id).at(-1)).toMatchObject({ kind: 'stepStateRemove', target_id: added.id });
    t.states.drain();
    expect(t.ctx.stores.orders.get(id)).toMatchObject({ order_state: null, order_state_since: null });
    expect(t.states.stores.history.forOrder(id)).toEqual([]);
  });

  it('refuses bad input and changes nothing', async () => {
    const t = start(false);
    const { id, shipments } = await deliveryOrder(['T1']);
    const before = ops(id).length;
    const refuse = async (name: string, input: unknown) => {
      const r = await t.dispatch(name, input);
      expect(r.ok).toBe(false);
      return r.ok ? null : r.error.code;
    };
    expect(await refuse('states.addStepState', { shipmentId: shipments[0], code: '' })).toBe('invalid_input');
    expect(await refuse('states.addStepState', { shipmentId: shipments[0], code: 'x', at: 'yesterday' })).toBe('invalid_input');
    expect(await refuse('states.addStepState', { shipmentId: shipments[0], code: 'x', at: '2026-03-09T00:00:00.000Z' })).toBe('bad_time');
    // A year typed wrong: long before the order was taken.
    const created = (await invoke('orders.get', { orderClientId: id })).createdAt;
    expect(await t.dispatch('states.addStepState', { shipmentId: shipments[0], code: 'x', at: '1999-03-02T10:00:00.000Z' })).toMatchObject({
      ok: false,
      error: { code: 'bad_time', params: { reason: 'before_order', createdAt: created } },
    });
    expect(await refuse('states.addStepState', { shipmentId: 'no-such-shipment', code: 'x' })).toBe('not_found');
    expect(await refuse('states.removeStepState', { stepStateId: 'no-such-notice' })).toBe('not_found');
    expect(await refuse('states.timeline', { orderClientId: 'not-a-uuid' })).toBe('invalid_input');
    await invoke('orders.delete', { orderClientId: id });
    expect(await refuse('states.addStepState', { shipmentId: shipments[0], code: 'dispatched' })).toBe('order_final');
    expect(t.ctx.sqlite.prepare('select count(*) as n from step_states').get()).toEqual({ n: 0 });
    expect(ops(id).filter((o) => o.kind === 'stepState')).toHaveLength(0);
    expect(ops(id).length).toBeGreaterThanOrEqual(before);
  });

  it('with timers on, a manual notice is swept and consumed right after its commit (notification event)', async () => {
    const t = start(true, undefined);
    const { id, shipments } = await deliveryOrder(['T1']);
    const notified = new Promise<EventPayload<'notification'>>((resolve) => t.on('notification', resolve));
    await invoke('states.addStepState', { shipmentId: shipments[0], code: 'dispatched', at: at('12:00') });
    expect(t.ctx.stores.orders.get(id)!.order_state).toBeNull(); // not inside the command's transaction
    const note = await notified;
    expect(note).toMatchObject({ kind: 'orderState', orderClientId: id });
    expect(t.ctx.stores.orders.get(id)).toMatchObject({ order_state: 'InDelivery', order_state_process_required: 0 });
  });

  it('lists the rules in use: the built-in set on a fresh install, replaced by the server’s', async () => {
    const t = start(false);
    expect(await invoke('states.rules', {})).toEqual({
      version: 0,
      rules: [
        { id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true },
        { id: 'R2', state: 'Delayed', code: 'delayed', minPercent: 25, position: 2, active: true },
        { id: 'R3', state: 'Delivered', code: 'delivered', minPercent: 100, position: 3, active: true },
      ],
    });
    const { id, shipments } = await deliveryOrder(['T1']);
    t.states.applyServerStepState({ id: 'n1', shipmentId: shipments[0]!, code: 'out_for_delivery', at: at('09:00') });
    t.states.drain();
    expect(t.ctx.stores.orders.get(id)!.order_state).toBeNull();
    expect(t.states.replaceRules([{ id: 'R7', state: 'InDelivery', code: 'out_for_delivery', minPercent: 100, position: 1, active: true }], 4)).toBe(true);
    expect(t.ctx.stores.orders.get(id)!.order_state_process_required).toBe(2);
    t.states.drain();
    expect(t.ctx.stores.orders.get(id)!.order_state).toBe('InDelivery');
    expect((await invoke('states.rules', {})).version).toBe(4);
    expect(t.states.replaceRules([{ id: 'R7', state: 'InDelivery', code: 'out_for_delivery', minPercent: 100, position: 1, active: true }], 4)).toBe(false);
  });
});
