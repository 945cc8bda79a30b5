import type { OrderStatus } from '../../common/entities.ts';
import { DomainError } from '../errors.ts';

/** The business status machine of SPEC §3.1. Done and Deleted are final. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // InProgress → Delayed is allowed too: a delivery whose first derived state is Delayed (SPEC §6).
  InProgress: ['InDelivery', 'Delayed', 'Done', 'Deleted'],
  InDelivery: ['Delayed', 'Done', 'Deleted'],
  Delayed: ['InDelivery', 'Done', 'Deleted'],
  Done: [],
  Deleted: [],
};

export const ACTIVE_STATUSES: readonly OrderStatus[] = ['InProgress', 'InDelivery', 'Delayed'];

export function isFinal(status: OrderStatus): boolean {
  return status === 'Done' || status === 'Deleted';
}

export function canMoveOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function assertEditable(status: OrderStatus, clientId: string): void {
  if (isFinal(status)) {
    throw new DomainError(
      'order_final',
      `order ${clientId} is ${status === 'Done' ? 'sold and closed' : 'deleted'} (${status}); it can no longer be changed`,
    );
  }
}

export function assertOrderMove(from: OrderStatus, to: OrderStatus, clientId: string): void {
  assertEditable(from, clientId);
  if (from !== to && !canMoveOrderStatus(from, to)) {
    throw new DomainError('bad_status_change', `order ${clientId} cannot go from ${from} to ${to}`);
  }
}
