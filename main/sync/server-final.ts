import { Order } from '../../common/backend-api.ts';
import { sumMinor } from '../../common/money.ts';
import type { MoneyParam, Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';
import type { OrderRow } from '../orders/order-store.ts';
import { DomainError, moneyParam } from '../errors.ts';
import { paidOf } from '../payments/payment-rules.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { copyTakenSince } from '../restored-copy.ts';
import { serverFinalCopy } from './server-final-status.ts';
import { serverSide, SyncStore } from './sync-store.ts';
import { doubleSale, overtakenDeletion, saleVoided, serverFinal } from './sync-problems.ts';

const stores = new WeakMap<Context, SyncStore>();

/** The money this terminal holds for an order (payments less refunds). */
export function heldMoney(ctx: Context, id: string): number {
  return paidOf(ctx.stores.payments.tenders(id));
}

/**
 * Whether this terminal holds, or may hold, money for an order: payments less refunds, or a card
 * or gift-card charge whose outcome is unknown (it may have taken the money; SPEC §3.6).
 */
export function holdsMoney(ctx: Context, id: string): boolean {
  return heldMoney(ctx, id) !== 0 || ctx.stores.payments.unresolvedAttempts(id).length > 0;
}

/** The amount of the charges of an order whose outcome is unknown. */
function unresolvedCharges(ctx: Context, id: string): number {
  return sumMinor(ctx.stores.payments.unresolvedAttempts(id).map((a) => Math.abs(a.amount)));
}

/** The money held here for an order, as a problem names it. */
function heldParam(ctx: Context, id: string, held: number): MoneyParam {
  return moneyParam(held, ctx.stores.orders.get(id)?.currency ?? 'EUR');
}

/**
 * Why an order the server made final (no sale here) is Blocked: the money to refund, a charge to
 * reconcile first, or the edits the server never took. One problem whether the push or the pull
 * found it out; once nothing is held, refunding or deleting it here takes the server's order (below).
 */
export function serverFinalReason(ctx: Context, id: string, status: 'Deleted' | 'Done', held: number): Problem {
  const order = ctx.stores.orders.get(id);
  const unresolved = unresolvedCharges(ctx, id);
  return serverFinal(status, heldParam(ctx, id, held), order ? copyTakenSince(ctx, order.updated_at) : undefined, unresolved === 0 ? undefined : heldParam(ctx, id, unresolved));
}

/** Why a sale made here waits, Blocked, when another terminal sold the order: the customer paid twice. */
export function doubleSaleReason(ctx: Context, id: string, held = heldMoney(ctx, id), detail?: string): Problem {
  return doubleSale(heldParam(ctx, id, held), detail);
}

/**
 * The Blocked reason of an order as it reads now. One stored when the server made the order final
 * names the money held then; the staff refund it payment by payment, so it is said again with
 * what is held now. Any other reason is the stored one.
 */
export function blockedReasonNow(ctx: Context, id: string, stored: Problem | null, server = finalOnServer(ctx, id)): Problem | null {
  if (stored === null || !server) return stored;
  const sale = ctx.stores.payments.sale(id);
  if (sale && !saleRefused(ctx, id, sale)) return stored;
  const held = heldMoney(ctx, id);
  return sale && server.status === 'Done' ? doubleSaleReason(ctx, id, held) : serverFinalReason(ctx, id, server.status, held);
}

/**
 * The server's final order (deleted, or completed elsewhere) stands here: its content and status,
 * and every open operation of the order cancelled with `reason` (nothing of the lane may be in
 * flight). Inside the caller's transaction.
 */
export function adoptServerFinal(ctx: Context, store: SyncStore, id: string, server: Order, reason: string): void {
  store.writeContent(id, serverSide(server));
  ctx.stores.outbox.cancelOpen(id, reason);
  refreshSyncStatus(ctx, id, null);
}

/**
 * An order deleted here that the server completed first (the deletion never reached it): with
 * nothing held here there is nothing for the staff to decide (it cannot be deleted again), so the
 * server's completed order stands. Returns what to tell the staff, or null when this is not the
 * case. Inside the caller's transaction, nothing of the order in flight.
 */
export function yieldOvertakenDeletion(ctx: Context, store: SyncStore, id: string, server: Order): Problem | null {
  if (server.status !== 'Done' || ctx.stores.orders.get(id)?.status !== 'Deleted') return null;
  if (holdsMoney(ctx, id) || ctx.stores.payments.sale(id)) return null;
  const why = overtakenDeletion();
  adoptServerFinal(ctx, store, id, server, why.message);
  return why;
}

/**
 * A sale made here that the server will not take: another terminal sold the order (`409
 * sale_exists`), or it was deleted there. The order's lane waits, Blocked, with the sale among
 * its open operations (a sale the server recorded is acknowledged, not open), and the server
 * answered so: the sale itself was refused (it is the Blocked head), or the server's order
 * (deleted, or closed without a sale) holds no sale. A sale not answered yet behind a Blocked
 * head, for an order the server holds sold, may be the one it holds (its answer lost): not
 * refused — the sale is sent to find out (sync/recovery.ts). The customer paid twice, or for an
 * order that is gone: the staff refund the money here although the order is Done, and once
 * nothing is held the sale is void (below).
 */
export function saleRefused(ctx: Context, orderClientId: string, sale = ctx.stores.payments.sale(orderClientId)): boolean {
  if (!sale || sale.voidedAt !== null) return false;
  const open = ctx.stores.outbox.openOperations(orderClientId);
  const head = open[0];
  if (head?.state !== 'blocked') return false;
  const saleOp = open.find((op) => op.kind === 'sale');
  if (!saleOp) return false;
  if (saleOp.seq === head.seq) return true;
  const server = serverCopy(ctx.stores.orders.get(orderClientId)?.server_base ?? null);
  return server !== undefined && (server.status === 'Deleted' || server.saleId === null);
}

/** The last server copy of an order known here (its `server_base`), if it reads as one. */
function serverCopy(base: string | null): Order | undefined {
  if (!base) return undefined;
  const parsed = Order.safeParse(JSON.parse(base));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The server's copy of an order that is Blocked here because the server made it final (deleted,
 * or completed elsewhere), or undefined. Such an order takes refunds, not new payments.
 */
export function finalOnServer(
  ctx: Context,
  orderClientId: string,
  row: Pick<OrderRow, 'server_base' | 'sync_status'> | undefined = ctx.stores.orders.get(orderClientId),
): ReturnType<typeof serverFinalCopy> {
  return serverFinalCopy(row);
}

/**
 * Refuses changes, new money and a sale for an order the server made final: what it holds is to
 * be refunded, not added to, and an edit could only be refused by the server (423 order_final).
 */
export function assertNotFinalOnServer(ctx: Context, orderClientId: string, row?: Pick<OrderRow, 'server_base' | 'sync_status'>): void {
  const server = finalOnServer(ctx, orderClientId, row);
  if (!server) return;
  const what = server.status === 'Deleted' ? 'was deleted on the server' : 'was completed elsewhere';
  throw new DomainError('order_final', `the order ${what}: it takes no more changes, payments or sales here — refund what it holds, or take the server's order`, {
    reason: server.status === 'Deleted' ? 'deleted' : 'completed',
  });
}

/**
 * An order the server made final (deleted, or completed elsewhere) while this terminal held its
 * money is Blocked, its operations kept, "refund them here" (SPEC §4). Once nothing is held here
 * any more (the staff refunded it) and no charge is unresolved, there is nothing left to send:
 * the order takes the server's final content and status, and its open operations are cancelled
 * with the reason. Only when nothing of it is in flight: its lane waits on that block (its head
 * is Blocked), or it has none (payments here travel with a sale). A sale made here counts only
 * if the server refused it (saleRefused): it is then void, its receipt kept and marked so. Call
 * inside the transaction that changed what is held, or that brought the server's final order;
 * returns whether the order was settled.
 */
export function adoptSettledServerFinal(ctx: Context, orderClientId: string): boolean {
  const server = finalOnServer(ctx, orderClientId);
  if (!server) return false;
  // Nothing of the order may be in flight: its lane waits on the block, or it has no operation
  // at all (an order made elsewhere that the pull found final while money was taken here).
  const head = ctx.stores.outbox.openOperations(orderClientId)[0];
  if (head && head.state !== 'blocked') return false;
  const { payments } = ctx.stores;
  const sale = payments.sale(orderClientId);
  if (sale && !saleRefused(ctx, orderClientId, sale)) return false;
  if (holdsMoney(ctx, orderClientId)) return false;
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new SyncStore(ctx)));
  const what = server.status === 'Deleted' ? 'deleted on the server' : 'completed elsewhere';
  if (sale) {
    payments.voidSale(orderClientId, ctx.clock.iso(), saleVoided(server.status === 'Deleted' ? 'deleted' : 'sold_elsewhere'));
  }
  adoptServerFinal(ctx, store, orderClientId, server, `the order was ${what}, and nothing is held here any more: the server's order stands`);
  return true;
}
