import type { OrderView } from '../../common/entities.ts';

/**
 * What the staff's actions change on an order (its status, lines, total, money), as one value:
 * a panel's refusal stays on screen until the order moves on (`useAction(orderMoved(order))`),
 * not when only its sync status does.
 */
export function orderMoved(order: Pick<OrderView, 'clientId' | 'status' | 'lines' | 'total' | 'transactions'>): string {
  return `${order.clientId}|${order.status}|${order.lines.length}|${order.total}|${order.transactions.length}`;
}
