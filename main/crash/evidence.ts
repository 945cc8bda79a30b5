import type { Context } from '../context.ts';
import { readOrderView } from '../orders/order-view.ts';

/** The facts of an order that must survive a crash once a command touching it was acknowledged. */
export function evidenceOf(source: { ctx: Context }, clientId: string) {
  const view = readOrderView(source.ctx, clientId);
  return {
    status: view.status,
    total: view.total,
    customer: view.customer,
    lines: view.lines.map((l) => [l.lineId, l.qty, l.unitPrice, l.discount]),
    transactions: view.transactions.map((t) => [t.txId, t.amount]),
    receiptNo: view.sale?.receiptNo ?? null,
  };
}

export type Evidence = ReturnType<typeof evidenceOf>;
