import { isRefundOnly, type OrderView } from '../../common/entities.ts';

/**
 * What the payment panel's bold line says of an order's money: what remains to pay, what is to be
 * given back, that a sold order is paid in full (not "Remaining balance €0.00", which reads as if
 * something were still to come), or nothing (a deleted order holding no money owes nothing).
 */
export type BalanceLine = { kind: 'remaining' | 'refundDue'; amount: number } | { kind: 'paidInFull' } | null;

export function balanceLine(order: Pick<OrderView, 'status' | 'finalOnServer' | 'paid' | 'balance'>): BalanceLine {
  // Deleted, or made final by the server: it owes nothing, and what is still held here is to be refunded.
  if (isRefundOnly(order)) return order.paid !== 0 ? { kind: 'refundDue', amount: order.paid } : null;
  if (order.status === 'Done' && order.balance === 0 && order.paid > 0) return { kind: 'paidInFull' };
  return order.balance < 0 ? { kind: 'refundDue', amount: -order.balance } : { kind: 'remaining', amount: order.balance };
}
