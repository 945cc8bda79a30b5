import type { Delivery, Line, Order, OrderStateRule, Product, StepState } from '../common/backend-api.ts';
import type { OrderChanges } from './order-rules.ts';
import type { NewOrder } from './store/orders.ts';
import type { Store } from './store/index.ts';
import { refuse, type Outcome } from './outcome.ts';

/**
 * Every write the changes feed must show goes through here, whoever makes it (a device or the
 * back office in test mode): each records its change in the same transaction as the write.
 */

export const now = () => new Date().toISOString();

export function insertOrder(store: Store, order: NewOrder): Order {
  const created = store.orders.insert(order);
  store.changes.record('order', created.id);
  takeShipmentsStepStates(store, created);
  return created;
}

/** Applies the changes as the next version of the order. */
export function saveOrderChanges(store: Store, order: Order, changes: OrderChanges): Order {
  const next: Order = { ...order, ...changes, version: order.version + 1, updatedAt: now() };
  store.orders.update(next, { delivery: 'delivery' in changes, lines: 'lines' in changes });
  store.changes.record('order', next.id);
  if ('delivery' in changes) takeShipmentsStepStates(store, next);
  return next;
}

/**
 * A shipment another order held before (dropped from it, then listed here) brings its step states
 * along: each gets this order's id, and is in the feed again after the order, so a terminal has
 * the shipment under this order when the step state comes, naming it.
 */
function takeShipmentsStepStates(store: Store, order: Order): void {
  const shipmentIds = order.delivery?.shipments.map((shipment) => shipment.shipmentId) ?? [];
  for (const id of store.stepStates.moveToOrder(order.id, shipmentIds)) store.changes.record('stepState', id);
}

/** `422 shipment_conflict` when a shipment is listed twice or already belongs to another order. */
export function shipmentConflict(store: Store, orderId: number | null, delivery: Delivery | null | undefined): Outcome | null {
  const seen = new Set<string>();
  for (const [index, { shipmentId }] of (delivery?.shipments ?? []).entries()) {
    const field = `delivery.shipments.${index}.shipmentId`;
    if (seen.has(shipmentId)) {
      return refuse(422, 'shipment_conflict', `${field}: shipment ${shipmentId} is listed twice`, { field });
    }
    seen.add(shipmentId);
    const owner = store.orders.orderIdOfShipment(shipmentId);
    if (owner !== undefined && owner !== orderId) {
      return refuse(422, 'shipment_conflict', `${field}: shipment ${shipmentId} belongs to order ${owner}`, { field });
    }
  }
  return null;
}

/**
 * `409 client_id_conflict` when a line's `lineId` is a line of another order: line ids are the
 * device's and name one line across orders (the terminal keys its lines by them, as it does
 * transactions by `txId`). A line `order` already holds is its own, even where an order stored
 * before this rule holds it too. `order` is null for a new order.
 */
export function lineConflict(store: Store, order: Order | null, lines: readonly Line[]): Outcome | null {
  const own = new Set(order?.lines.map((line) => line.lineId));
  for (const [index, { lineId }] of lines.entries()) {
    if (own.has(lineId)) continue;
    const other = store.orders.otherOrderOfLine(lineId, order?.id ?? null);
    if (other !== undefined) {
      const field = `lines.${index}.lineId`;
      return refuse(409, 'client_id_conflict', `${field}: line ${lineId} belongs to order ${other}`, { field });
    }
  }
  return null;
}

export function addStepState(store: Store, stepState: StepState): StepState {
  store.stepStates.insert(stepState);
  store.changes.record('stepState', stepState.id);
  return stepState;
}

export function removeStepState(store: Store, id: string): void {
  store.stepStates.remove(id);
  store.changes.record('stepState', id);
}

export function replaceRules(store: Store, rules: OrderStateRule[]): number {
  const version = store.catalog.replaceRules(rules);
  store.changes.record('rules');
  return version;
}

/** Replaces the products when given, and publishes a new catalog version either way. */
export function publishCatalog(store: Store, products: Product[] | undefined): number {
  const version = store.catalog.replaceProducts(products);
  store.changes.record('catalog');
  return version;
}
