import type { ShipmentHitView } from '../../common/order-states.ts';

/** One order the deliveries search found, with those of its shipments that matched. */
export interface OrderHit {
  orderClientId: string;
  /** The order's number, customer, address and state: copied alike into each of its shipments' rows. */
  order: ShipmentHitView;
  shipments: readonly ShipmentHitView[];
}

/**
 * The search's shipment rows as one row per order, in the order first found (the terminal
 * answers newest order first, each order's shipments together): an order of five shipments is
 * one row holding five, not five rows that look the same.
 */
export function orderHits(hits: readonly ShipmentHitView[]): OrderHit[] {
  const orders = new Map<string, { order: ShipmentHitView; shipments: ShipmentHitView[] }>();
  for (const hit of hits) {
    const found = orders.get(hit.orderClientId);
    if (found) found.shipments.push(hit);
    else orders.set(hit.orderClientId, { order: hit, shipments: [hit] });
  }
  return [...orders].map(([orderClientId, { order, shipments }]) => ({ orderClientId, order, shipments }));
}
