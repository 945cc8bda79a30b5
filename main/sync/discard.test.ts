import { describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import type { TempTerminal } from '../testing/temp-terminal.ts';
import { useRecoveryBed } from './testing/recovery-bed.ts';
import { backOffice, drained, outboxRows, until } from './testing/sync-harness.ts';

/**
 * Discarding a Failed update gives the change up on this terminal too: the fields it carried
 * come back from the server's copy (unless a later update sends them anyway), so that once the
 * outbox drains, the order here and on the server agree (SPEC §7).
 */
let server: CounterPosServer;
let a: TempTerminal;
const { held, syncedOrder } = useRecoveryBed((bed) => ({ server, a } = bed));

type HeldDelivery = { clientId: string; customer: { name: string } | null; delivery: { address: string; shipments: Array<{ shipmentId: string }> } | null };
const heldOrder = async (clientId: string) => ((await held()) as unknown as HeldDelivery[]).find((o) => o.clientId === clientId)!;
const parcel = (shipmentId: string) => ({ shipmentId, carrier: 'DHL', trackingNo: 'T1' });

/** An order whose delivery update the server refused (its parcel is another order's there, not yet known here): Failed. */
async function refusedDelivery(shipmentId: string) {
  const x = await syncedOrder();
  const z = await syncedOrder();
  await backOffice(server, 'POST', `/__test/orders/${z.serverId}/edit`, { delivery: { address: 'Depot', shipments: [parcel(shipmentId)] } });
  await a.call('orders.setDelivery', { orderClientId: x.clientId, delivery: { address: 'Here 1', shipments: [parcel(shipmentId)] } });
  await until(a, () => outboxRows(a, x.clientId).some((op) => op.state === 'failed'), 'the delivery update Failed');
  const failed = outboxRows(a, x.clientId).find((op) => op.state === 'failed')!;
  expect(failed.kind).toBe('update');
  return { x, seq: failed.seq };
}

describe('discarding a Failed update', () => {
  it('puts the fields it carried back as the server holds them; a later update of other fields still goes, and both sides agree', async () => {
    const { x, seq } = await refusedDelivery('01a20000-0000-7000-8000-0000000d15c1');
    // Behind the Failed update, the staff set the customer: a later operation of its own.
    await a.call('orders.setCustomer', { orderClientId: x.clientId, customer: { name: 'Bob' } });

    const view = await a.call('outbox.discard', { seq });

    expect(view.state).toBe('cancelled');
    expect(view.lastError?.message).toBe("discarded by the staff; the server's delivery put back");
    const local = await a.call('orders.get', { orderClientId: x.clientId });
    expect(local.delivery).toBeNull();
    expect(local.customer).toEqual({ name: 'Bob' });
    await drained(a);
    const there = await heldOrder(x.clientId);
    expect(there.delivery).toBeNull();
    expect(there.customer).toMatchObject({ name: 'Bob' });
    expect((await a.call('orders.get', { orderClientId: x.clientId })).syncStatus).toBe('Synced');
    // The parcel stays the other order's, and the search shows it nowhere here under X.
    expect((await a.call('states.searchShipments', { query: 'T1' })).filter((row) => row.orderClientId === x.clientId)).toEqual([]);
  });

  it('puts nothing back that a later update sends anyway: the order as it is now reaches the server', async () => {
    const { x, seq } = await refusedDelivery('01a20000-0000-7000-8000-0000000d15c2');
    // The staff fix the delivery (without the parcel) behind the Failed update.
    await a.call('orders.setDelivery', { orderClientId: x.clientId, delivery: { address: 'Here 2', shipments: [] } });

    const view = await a.call('outbox.discard', { seq });

    expect(view.lastError?.message).toBe('discarded by the staff');
    expect((await a.call('orders.get', { orderClientId: x.clientId })).delivery).toEqual({ address: 'Here 2', shipments: [] });
    await drained(a);
    expect((await heldOrder(x.clientId)).delivery).toEqual({ address: 'Here 2', shipments: [] });
  });
});
