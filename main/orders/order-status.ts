import type { OrderStatus } from '../../common/entities.ts';
import { canMoveOrderStatus, isFinal } from '../../common/order-status.ts';
import { DomainError } from '../errors.ts';

/** The commands' checks against the status machine (common/order-status.ts, which the UI reads too). */

export function assertEditable(status: OrderStatus, clientId: string): void {
  if (isFinal(status)) {
    throw new DomainError(
      'order_final',
      `order ${clientId} is ${status === 'Done' ? 'sold and closed' : 'deleted'} (${status}); it can no longer be changed`,
      { reason: status === 'Done' ? 'closed_here' : 'deleted_here' },
    );
  }
}

export function assertOrderMove(from: OrderStatus, to: OrderStatus, clientId: string): void {
  assertEditable(from, clientId);
  if (from !== to && !canMoveOrderStatus(from, to)) {
    throw new DomainError('bad_status_change', `order ${clientId} cannot go from ${from} to ${to}`, { from, to });
  }
}
