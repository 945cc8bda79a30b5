import { Order } from '../../common/backend-api.ts';
import type { Context } from '../context.ts';
import { paidOf } from '../payments/payment-rules.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { serverSide, SyncStore } from './sync-store.ts';

const stores = new WeakMap<Context, SyncStore>();

/**
 * An order the server made final (deleted, or completed elsewhere) while this terminal held its
 * money is Blocked, its operations kept, "refund them here" (SPEC §4). Once nothing is held here
 * any more (the staff refunded it) and no charge is unresolved, there is nothing left to send:
 * the order takes the server's final content and status, and its open operations are cancelled
 * with the reason. Only when the lane waits on that block (its head is Blocked, so nothing of it
 * is in flight) and no sale was made here (a sale is final; a double sale is the back office's).
 * Call inside the transaction that changed what is held; returns whether the order was settled.
 */
export function adoptSettledServerFinal(ctx: Context, orderClientId: string): boolean {
  const row = ctx.stores.orders.get(orderClientId);
  if (!row?.server_base || row.sync_status !== 'Blocked') return false;
  const server = Order.safeParse(JSON.parse(row.server_base));
  if (!server.success || (server.data.status !== 'Deleted' && server.data.status !== 'Done')) return false;
  if (ctx.stores.outbox.openOperations(orderClientId)[0]?.state !== 'blocked') return false;
  const { payments } = ctx.stores;
  if (payments.sale(orderClientId) || paidOf(payments.tenders(orderClientId)) !== 0 || payments.unresolvedAttempts(orderClientId).length > 0) return false;
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new SyncStore(ctx)));
  store.writeContent(orderClientId, serverSide(server.data));
  const what = server.data.status === 'Deleted' ? 'deleted on the server' : 'completed elsewhere';
  ctx.stores.outbox.cancelOpen(orderClientId, `the order was ${what}, and nothing is held here any more: the server's order stands`);
  refreshSyncStatus(ctx, orderClientId, null);
  return true;
}
