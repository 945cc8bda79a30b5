import type { Customer, DeliveryView, OrderView } from '../../common/entities.ts';

/** One shipment row of the form; `shipmentId` kept for a shipment the order already has (its notices stay attached). */
export interface ShipmentDraft {
  shipmentId?: string;
  carrier: string;
  trackingNo: string;
}

/** The customer and delivery form of the order editor, as typed. */
export interface DeliveryDraft {
  name: string;
  phone: string;
  delivers: boolean;
  address: string;
  shipments: ShipmentDraft[];
}

export function draftOf(order: Pick<OrderView, 'customer' | 'delivery'>): DeliveryDraft {
  return {
    name: order.customer?.name ?? '',
    phone: order.customer?.phone ?? '',
    delivers: order.delivery !== null,
    address: order.delivery?.address ?? '',
    shipments: order.delivery?.shipments.map((s) => ({ ...s })) ?? [],
  };
}

/** `orders.setCustomer`'s value: none without a name; the phone only when given. */
export function customerOf(draft: DeliveryDraft): Customer | null {
  const name = draft.name.trim();
  if (name === '') return null;
  const phone = draft.phone.trim();
  return phone === '' ? { name } : { name, phone };
}

/** `orders.setDelivery`'s value: none when not delivered; rows left wholly empty are dropped. */
export function deliveryOf(draft: DeliveryDraft): { address: string; shipments: ShipmentDraft[] } | null {
  if (!draft.delivers) return null;
  const shipments = draft.shipments
    .map((s) => ({ ...s, carrier: s.carrier.trim(), trackingNo: s.trackingNo.trim() }))
    .filter((s) => s.carrier !== '' || s.trackingNo !== '')
    .map(({ shipmentId, carrier, trackingNo }) => (shipmentId ? { shipmentId, carrier, trackingNo } : { carrier, trackingNo }));
  return { address: draft.address.trim(), shipments };
}

/** What the form lacks before it can be saved as typed (the terminal would refuse it, or drop part of it), or null. */
export type DeliveryProblem = { kind: 'name' | 'address' } | { kind: 'carrier' | 'trackingNo'; shipment: number };

/**
 * A phone without a name (a customer is kept by name, so the phone would be dropped), an empty
 * address, or a shipment row with a carrier but no tracking number (or the reverse); rows are
 * counted from 1.
 */
export function deliveryProblem(draft: DeliveryDraft): DeliveryProblem | null {
  if (draft.name.trim() === '' && draft.phone.trim() !== '') return { kind: 'name' };
  if (!draft.delivers) return null;
  if (draft.address.trim() === '') return { kind: 'address' };
  for (const [i, s] of draft.shipments.entries()) {
    const carrier = s.carrier.trim() !== '';
    const tracking = s.trackingNo.trim() !== '';
    if (carrier && !tracking) return { kind: 'trackingNo', shipment: i + 1 };
    if (!carrier && tracking) return { kind: 'carrier', shipment: i + 1 };
  }
  return null;
}

export function sameCustomer(a: Customer | null, b: Customer | null): boolean {
  return (a?.name ?? null) === (b?.name ?? null) && (a?.phone ?? null) === (b?.phone ?? null);
}

export function sameDelivery(a: { address: string; shipments: readonly ShipmentDraft[] } | null, b: DeliveryView | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.address === b.address &&
    a.shipments.length === b.shipments.length &&
    a.shipments.every((s, i) => s.shipmentId === b.shipments[i]!.shipmentId && s.carrier === b.shipments[i]!.carrier && s.trackingNo === b.shipments[i]!.trackingNo)
  );
}
