import type { Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';
import { NotificationStore, type NotificationRow } from '../states/notification-store.ts';

/**
 * What sync tells the staff: an operation the server refused, one Blocked, a sale that overrode
 * changes made elsewhere, a deletion made here that the server's completed order overtook.
 */
export type SyncNoticeKind = 'sync_failed' | 'sync_blocked' | 'sale_overrode' | 'completed_elsewhere';

/**
 * Sync's notifications are stored like the order-state ones (the deliveries screen lists them, so
 * one missed on screen is not lost), written in the transaction that decided them, and announced
 * only once it committed: `add` inside it, then `flush` after the commit or `drop` after a rollback.
 */
export class SyncNotices {
  private readonly ctx: Context;
  private readonly store: NotificationStore;
  private readonly written: NotificationRow[] = [];

  constructor(ctx: Context) {
    this.ctx = ctx;
    this.store = new NotificationStore(ctx.sqlite);
  }

  add(orderClientId: string, kind: SyncNoticeKind, detail: Problem): void {
    const nowMs = this.ctx.clock.now();
    this.written.push(this.store.add(kind, orderClientId, detail, nowMs, new Date(nowMs).toISOString()));
  }

  /** After the commit: each notification written goes to the UI. */
  flush(): void {
    for (const row of this.written.splice(0)) {
      this.ctx.events.emit('notification', { id: row.id, kind: row.kind, orderClientId: row.order_client_id, message: row.message, at: row.at });
    }
  }

  /** After a rollback: nothing written was kept, so nothing is announced. */
  drop(): void {
    this.written.length = 0;
  }

  /** Where a savepoint starts: `dropSince` forgets what was written after it. */
  mark(): number {
    return this.written.length;
  }

  /** After a savepoint's rollback: what it wrote was not kept, so it is not announced. */
  dropSince(mark: number): void {
    this.written.length = Math.min(this.written.length, mark);
  }
}
