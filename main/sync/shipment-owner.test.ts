import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { line, useRecoveryBed } from './testing/recovery-bed.ts';
import { backOffice, drained, outboxRows } from './testing/sync-harness.ts';

/**
 * The server decides which order owns a shipment (it refuses one listed on two orders): content
 * that comes from it, pulled or merged after a 412, moves a shipment this terminal still lists on
 * another order to the order the server gave it to, its notices with it. The staff at the counter
 * are still refused a shipment of another order (main/orders/order-service.test.ts).
 */
let server: CounterPosServer;
let a: TempTerminal;
const { held, syncedOrder } = useRecoveryBed((bed) => ({ server, a } = bed));

type HeldDelivery = { clientId: string; customer: { name: string } | null; delivery: { address: string; shipments: Array<{ shipmentId: string }> } | null };
const heldDeliveries = async () => (await held()) as unknown as HeldDelivery[];
const parcel = (shipmentId: string) => ({ shipmentId, carrier: 'DHL', trackingNo: 'T1' });

describe('a shipment the server gave to another order', () => {
  it('is moved by the pull while this terminal edits the first order’s delivery, its notice with it; nothing jams, and both sides agree', async () => {
    const shipmentId = '01a20000-0000-7000-8000-00000000beef';
    const x = await syncedOrder();
    await a.call('orders.setDelivery', { orderClientId: x.clientId, delivery: { address: 'Old street 1', shipments: [parcel(shipmentId)] } });
    await drained(a);
    await backOffice(server, 'POST', `/__test/shipments/${shipmentId}/step-states`, { code: 'dispatched', at: '2026-11-21T10:00:00.000Z' });
    await a.terminal.sync.puller.pullOnce(); // the carrier's notice, under X here
    const z = await syncedOrder();
    // Offline here: the staff correct X's address (same parcel) …
    await a.terminal.sync.pusher.stop();
    await a.call('orders.setDelivery', { orderClientId: x.clientId, delivery: { address: 'New street 2', shipments: [parcel(shipmentId)] } });
    // … while the back office moves the parcel from X to Z.
    await backOffice(server, 'POST', `/__test/orders/${x.serverId}/edit`, { delivery: null });
    await backOffice(server, 'POST', `/__test/orders/${z.serverId}/edit`, { delivery: { address: 'Depot', shipments: [parcel(shipmentId)] } });

    await a.terminal.sync.puller.pullOnce();

    expect(a.terminal.sync.puller.lastError).toBeNull();
    const localZ = await a.call('orders.get', { orderClientId: z.clientId });
    expect(localZ.delivery).toEqual({ address: 'Depot', shipments: [parcel(shipmentId)] });
    expect((await a.call('orders.get', { orderClientId: x.clientId })).delivery).toEqual({ address: 'New street 2', shipments: [] });
    // The notice follows the parcel: on Z's timeline, and the index row is Z's.
    const timeline = await a.call('states.timeline', { orderClientId: z.clientId });
    expect(timeline.shipments.map((s) => [s.shipmentId, s.stepStates.map((st) => st.code)])).toEqual([[shipmentId, ['dispatched']]]);
    expect((await a.call('states.timeline', { orderClientId: x.clientId })).shipments).toEqual([]);
    expect(await a.call('states.searchShipments', { query: 'T1' })).toEqual([
      expect.objectContaining({ shipmentId, orderClientId: z.clientId, orderNumber: String(z.serverId), address: 'Depot', lastStep: 'dispatched' }),
    ]);
    // The counter still may not put it back on X by hand.
    const byHand = await a.terminal.dispatch('orders.setDelivery', { orderClientId: x.clientId, delivery: { address: 'New street 2', shipments: [parcel(shipmentId)] } });
    expect(byHand).toMatchObject({ ok: false, error: { code: 'shipment_conflict' } });

    a.terminal.sync.pusher.start();
    await drained(a);
    await backOffice(server, 'POST', `/__test/orders/${z.serverId}/edit`, { customer: { name: 'Later change' } });
    await a.terminal.sync.puller.pullOnce();
    expect(a.terminal.sync.puller.lastError).toBeNull();
    expect((await a.call('orders.get', { orderClientId: z.clientId })).customer?.name).toBe('Later change');
    expect(outboxRows(a).filter((op) => op.state !== 'done')).toEqual([]);
    const remote = await heldDeliveries();
    for (const order of [x, z]) {
      const local = await a.call('orders.get', { orderClientId: order.clientId });
      const there = remote.find((o) => o.clientId === order.clientId)!;
      expect(local.delivery?.address ?? null).toBe(there.delivery?.address ?? null);
      expect(local.delivery?.shipments.map((s) => s.shipmentId) ?? []).toEqual(there.delivery?.shipments.map((s) => s.shipmentId) ?? []);
    }
  });

  it('is moved by a 412 merge that brings it, and every order goes on syncing', async () => {
    const shipmentId = '01a20000-0000-7000-8000-00000000f00d';
    const x = await syncedOrder();
    const z = await syncedOrder();
    await a.call('orders.setDelivery', { orderClientId: z.clientId, delivery: { address: 'Old street 1', shipments: [parcel(shipmentId)] } });
    await drained(a);
    await a.terminal.sync.pusher.stop();
    await a.call('orders.setCustomer', { orderClientId: x.clientId, customer: { name: 'Bob' } }); // offline
    // The back office moves the parcel from Z to X: X's update is answered 412 with it.
    await backOffice(server, 'POST', `/__test/orders/${z.serverId}/edit`, { delivery: null });
    await backOffice(server, 'POST', `/__test/orders/${x.serverId}/edit`, { delivery: { address: 'Depot', shipments: [parcel(shipmentId)] } });
    // An unrelated sale at the counter.
    const w = await a.call('orders.create', { lines: [line('W')] });
    await a.call('payments.record', { orderClientId: w.clientId, method: 'cash', amount: 100 });
    await a.call('sales.complete', { orderClientId: w.clientId });

    a.terminal.sync.pusher.start();
    await drained(a);

    expect(outboxRows(a).filter((op) => op.state !== 'done')).toEqual([]);
    const localX = await a.call('orders.get', { orderClientId: x.clientId });
    expect(localX).toMatchObject({ syncStatus: 'Synced', customer: { name: 'Bob' }, delivery: { address: 'Depot', shipments: [parcel(shipmentId)] } });
    expect((await a.call('orders.get', { orderClientId: z.clientId })).delivery?.shipments).toEqual([]);
    expect((await a.call('orders.get', { orderClientId: w.clientId })).syncStatus).toBe('Charged');
    expect(await a.call('states.searchShipments', { query: 'T1' })).toEqual([expect.objectContaining({ shipmentId, orderClientId: x.clientId, address: 'Depot' })]);

    await a.terminal.sync.puller.pullOnce(); // Z's own change (no delivery) arrives
    expect(a.terminal.sync.puller.lastError).toBeNull();
    const remote = await heldDeliveries();
    expect(remote.find((o) => o.clientId === w.clientId)).toBeDefined();
    expect(remote.find((o) => o.clientId === x.clientId)).toMatchObject({ customer: { name: 'Bob' }, delivery: { address: 'Depot', shipments: [expect.objectContaining({ shipmentId })] } });
    expect(remote.find((o) => o.clientId === z.clientId)?.delivery).toBeNull();
    expect((await a.call('orders.get', { orderClientId: z.clientId })).delivery).toBeNull();
  });
});
