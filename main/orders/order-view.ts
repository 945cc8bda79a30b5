import type { Customer, OrderView } from '../../common/entities.ts';
import { storedProblem } from '../../common/problem.ts';
import { lineTotal } from '../../common/money.ts';
import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { balanceOf } from '../payments/payment-rules.ts';
import { blockedReasonNow, finalOnServer, saleRefused } from '../sync/server-final.ts';

/** Reads everything the staff sees of one order. */
export function readOrderView(ctx: Context, clientId: string): OrderView {
  const { orders, payments } = ctx.stores;
  const row = orders.get(clientId);
  if (!row) throw notFound('order', clientId);
  const tenders = payments.tenders(clientId);
  const shipments = orders.shipments(clientId);
  const balance = balanceOf(row.total, tenders);
  const sale = payments.sale(clientId);
  const server = finalOnServer(ctx, clientId, row);
  return {
    clientId: row.client_id,
    serverId: row.server_id,
    version: row.version,
    status: row.status,
    syncStatus: row.sync_status,
    blockedReason: blockedReasonNow(ctx, clientId, storedProblem(row.blocked_reason, row.blocked_problem), server),
    currency: row.currency,
    lines: orders.lines(clientId).map((l) => ({ ...l, total: lineTotal(l) })),
    customer: row.customer ? (JSON.parse(row.customer) as Customer) : null,
    delivery: row.delivery_address !== null ? { address: row.delivery_address, shipments } : null,
    total: row.total,
    paid: row.total - balance,
    balance,
    transactions: payments.transactions(clientId),
    unresolvedAttempts: payments.unresolvedAttempts(clientId),
    sale,
    saleRefused: saleRefused(ctx, clientId, sale),
    finalOnServer: server?.status ?? null,
    orderState: row.order_state,
    orderStateSince: row.order_state_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
