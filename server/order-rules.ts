import { type ErrorCode, type Line, type Order } from '../common/backend-api.ts';
import type { PatchOrderRequest } from '../common/backend-requests.ts';
import { orderTotal, sumMinor } from '../common/money.ts';
import { isFinal } from '../common/order-status.ts';

/**
 * What the server checks before changing an order (API.md, Endpoints): pure functions from the
 * order as stored and the request to either a refusal or the fields to change. `changes: null`
 * means the request asks for what already is: answered with the order as it is, no new version.
 */
export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
}

export type OrderChanges = Partial<Pick<Order, 'status' | 'lines' | 'total' | 'customer' | 'delivery' | 'saleId'>>;

export type Decision = { refused: Refusal } | { changes: OrderChanges | null };


const orderFinal = (order: Order): { refused: Refusal } => ({
  refused: { status: 423, code: 'order_final', message: `order ${order.id} is ${order.status} and can no longer change` },
});

/** `422 total_mismatch` unless `total` = Σ(qty × unitPrice − discount). */
export function totalRefusal(lines: readonly Line[], total: number): Refusal | null {
  let expected: number | string;
  try {
    expected = orderTotal(lines);
  } catch {
    expected = 'more than an amount can be'; // past the largest safe integer
  }
  if (expected === total) return null;
  return {
    status: 422,
    code: 'total_mismatch',
    message: `total is ${total} but the lines add up to ${expected}`,
    field: 'total',
  };
}

export function decidePatch(order: Order, patch: PatchOrderRequest): Decision {
  if (isFinal(order.status)) return orderFinal(order);
  if (patch.total !== undefined) {
    const refusal = totalRefusal(patch.lines ?? order.lines, patch.total);
    if (refusal) return { refused: refusal };
  }
  const asked: OrderChanges = {};
  if (patch.lines !== undefined) {
    asked.lines = patch.lines;
    asked.total = patch.total;
  }
  if (patch.customer !== undefined) asked.customer = patch.customer;
  if (patch.delivery !== undefined) asked.delivery = patch.delivery;
  if (patch.status !== undefined) asked.status = patch.status;
  const differing = Object.entries(asked).filter(
    ([field, value]) => JSON.stringify(value) !== JSON.stringify(order[field as keyof OrderChanges]),
  );
  return { changes: differing.length === 0 ? null : (Object.fromEntries(differing) as OrderChanges) };
}

export function decideClose(order: Order): Decision {
  if (order.status === 'Deleted') return orderFinal(order);
  if (order.status === 'Done') return { changes: null };
  if (order.total > 0 && order.saleId === null) {
    return {
      refused: { status: 423, code: 'sale_required', message: `order ${order.id} has a total and no sale: record the sale first` },
    };
  }
  return { changes: { status: 'Done' } };
}

export function decideReopen(order: Order): Decision {
  if (order.status === 'Deleted') return orderFinal(order);
  if (order.saleId !== null) return saleExists(order, 423);
  if (order.status !== 'Done') return { changes: null };
  return { changes: { status: 'InProgress' } };
}

export function decideDelete(order: Order): Decision {
  if (order.saleId !== null) return saleExists(order, 423);
  if (order.status === 'Deleted') return { changes: null };
  if (order.status === 'Done') return orderFinal(order);
  return { changes: { status: 'Deleted' } };
}

/**
 * A sale may be recorded once, on an order neither closed nor deleted, for exactly its total:
 * Σ transaction amounts must be the order's total (`422 amount_mismatch`, API.md); a sale whose
 * payments add up but whose `total` field alone disagrees is `422 total_mismatch`.
 */
export function saleRefusal(
  order: Order,
  sale: { total: number; transactions: readonly { amount: number }[] },
): Refusal | null {
  if (order.status === 'Deleted') return orderFinal(order).refused;
  if (order.saleId !== null) return saleExists(order, 409).refused;
  if (order.status === 'Done') {
    return { status: 423, code: 'order_closed', message: `order ${order.id} was closed without a sale: reopen it first` };
  }
  let paid: number | string;
  try {
    paid = sumMinor(sale.transactions.map((tx) => tx.amount)); // exact, as the terminal sums them
  } catch {
    paid = 'more than an amount can be';
  }
  if (paid !== order.total) {
    return {
      status: 422,
      code: 'amount_mismatch',
      message: `the transactions add up to ${paid}, not the order's total ${order.total}`,
      field: 'transactions',
    };
  }
  if (sale.total !== order.total) {
    return { status: 422, code: 'total_mismatch', message: `the sale's total ${sale.total} is not the order's total ${order.total}`, field: 'total' };
  }
  return null;
}

function saleExists(order: Order, status: 409 | 423): { refused: Refusal } {
  return { refused: { status, code: 'sale_exists', message: `order ${order.id} already has sale ${order.saleId}` } };
}
