import type { SyncStatus } from '../../common/entities.ts';
import { storedFacts, storedProblem, type Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { assertSyncMove, syncStatusFor } from './sync-status.ts';

/**
 * Recomputes an order's sync status from its outbox situation and stores it, checking the move
 * against the transition table. Call inside the transaction that changed the situation.
 */
export function refreshSyncStatus(ctx: Context, orderClientId: string, blocked?: Problem | null): SyncStatus {
  const order = ctx.stores.orders.syncFacts(orderClientId);
  if (!order) throw notFound('order', orderClientId);
  const reason = blocked === undefined ? storedProblem(order.blocked_reason, order.blocked_problem) : blocked;
  const open = ctx.stores.outbox.openSituation(orderClientId).map((op) => ({
    kind: op.kind,
    state: op.state as 'pending' | 'failed' | 'blocked',
    nextAttemptAt: op.next_attempt_at ? Date.parse(op.next_attempt_at) : null,
  }));
  const next = syncStatusFor({
    orderStatus: order.status,
    // Only asked when nothing is open (Charged or Synced); most calls have work open.
    hasSale: open.length === 0 && ctx.stores.payments.sale(orderClientId) !== null,
    blockedReason: reason?.message ?? null,
    open,
    online: ctx.connectivity.online,
    now: ctx.clock.now(),
  });
  const newReason =
    blocked !== undefined &&
    ((blocked?.message ?? null) !== order.blocked_reason || (blocked && storedFacts(blocked)) !== order.blocked_problem);
  if (next !== order.sync_status || newReason) {
    assertSyncMove(order.sync_status, next);
    ctx.stores.orders.setSyncStatus(orderClientId, next, reason);
  }
  return next;
}
