import type { OrderStatus } from './entities.ts';

/**
 * The business status machine of SPEC §3.1, for every process: the main process enforces it
 * (main/orders/order-status.ts), the UI offers only the moves it allows. Done and Deleted are final.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // InProgress → Delayed is allowed too: a delivery whose first derived state is Delayed (SPEC §6).
  InProgress: ['InDelivery', 'Delayed', 'Done', 'Deleted'],
  InDelivery: ['Delayed', 'Done', 'Deleted'],
  Delayed: ['InDelivery', 'Done', 'Deleted'],
  Done: [],
  Deleted: [],
};

export function isFinal(status: OrderStatus): boolean {
  return status === 'Done' || status === 'Deleted';
}

export function canMoveOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}
