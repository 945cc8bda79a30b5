import type { OutboxRow } from '../outbox/outbox-store.ts';
import type { Outcome } from './outcome.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { applyOutcome, type Applied, type RecoveryEnv } from './recovery.ts';
import type { SyncNotices } from './sync-notices.ts';
import { inSavepoint } from './sync-store.ts';
import { answerUnrecorded } from './sync-problems.ts';
import { errorDetail } from '../errors.ts';

/**
 * Records one answer, in a savepoint of the tick's transaction: an answer whose recording throws
 * is rolled back alone and its operation parked as Failed with the error, as a permanent refusal
 * is, for the staff to retry or discard; the other answers of the tick are recorded all the same.
 */
export function recordAnswer(env: RecoveryEnv, notices: SyncNotices, op: OutboxRow, outcome: Outcome, now: number): Applied {
  const { ctx, store } = env;
  try {
    return inSavepoint(ctx, notices, () => applyOutcome(env, op, outcome));
  } catch (error) {
    console.error(`recording the answer to ${op.kind} (operation ${op.seq}) failed; parked as Failed:`, error);
    const problem = answerUnrecorded(op.kind, errorDetail(error));
    store.park(op.seq, 'failed', problem, new Date(now).toISOString());
    if (ctx.stores.orders.syncFacts(op.order_client_id)) refreshSyncStatus(ctx, op.order_client_id);
    notices.add(op.order_client_id, 'sync_failed', problem);
    return 'failed';
  }
}
