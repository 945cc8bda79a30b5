import { inTransaction, type Context } from '../context.ts';
import type { QueueStore } from './queue-store.ts';

/**
 * The sweeper (the source's `app:order:process_state_change` command): in one transaction, every
 * order whose marker is set goes onto `order_state_process` with its scenario (a queued job is
 * upgraded update → deletion, never duplicated, never downgraded) and its marker is reset. A
 * crash before the commit leaves the markers set; after it, the jobs exist: no change is lost.
 */
export function sweepMarkedOrders(ctx: Context, queue: QueueStore): number {
  if (!queue.anyMarked()) return 0;
  return inTransaction(ctx, () => queue.enqueueMarked(ctx.clock.iso()));
}
