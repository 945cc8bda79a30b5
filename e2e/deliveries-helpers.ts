import type { OrderView } from '../common/entities.ts';
import type { Terminal } from '../main/terminal.ts';
import { call } from './fixtures.ts';

/** What the deliveries specs share. */

/** An order for delivery to a customer, with SEUR shipments (or another carrier's): what the staff would set up at the counter. */
export async function deliveryOrder(terminal: Terminal, name: string, tracking: string[], carrier = 'SEUR', address = 'Calle Mayor 5, Madrid'): Promise<OrderView> {
  const created = await call<OrderView>(terminal, 'orders.create', { lines: [{ sku: 'COF-250', name: 'Coffee', qty: 1, unitPrice: 1250 }] });
  await call(terminal, 'orders.setCustomer', { orderClientId: created.clientId, customer: { name } });
  return call<OrderView>(terminal, 'orders.setDelivery', {
    orderClientId: created.clientId,
    delivery: { address, shipments: tracking.map((trackingNo) => ({ carrier, trackingNo })) },
  });
}

/** A time as a `datetime-local` field takes it (this machine's wall time, to the second). */
export function localTime(at: Date): string {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}
