import type { OutboxKind } from '../../common/entities.ts';
import type { Context } from '../context.ts';
import type { UpdateField } from '../outbox/coalesce.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import type { SyncStore } from './sync-store.ts';
import { superseded } from './sync-problems.ts';

export interface NewOp {
  kind: OutboxKind;
  fields?: UpdateField[];
}

/**
 * Re-sequences an order's lane: the head (unless kept) and the rest of the lane are cancelled
 * (kept as history) and queued again as `before` followed by the rest, in their order. The new
 * operations get new keys. Used after a definite refusal (a 423 recovered by reopen → sale →
 * close) and when a sold order's lines must be re-asserted before its sale or close.
 */
export function resequence(ctx: Context, store: SyncStore, head: OutboxRow, before: NewOp[], nowIso: string, options: { keepHead?: boolean } = {}): void {
  const id = head.order_client_id;
  const rest = store.lane(id).filter((op) => options.keepHead || op.seq !== head.seq);
  if (!options.keepHead) store.park(head.seq, 'cancelled', superseded('refused'), nowIso);
  for (const op of rest) store.park(op.seq, 'cancelled', superseded('recovery'), nowIso);
  const saleId = ctx.stores.payments.sale(id)?.clientId;
  for (const op of before) {
    ctx.stores.outbox.enqueue({
      orderClientId: id,
      kind: op.kind,
      orderRev: head.order_rev,
      ...(op.fields ? { fields: op.fields } : {}),
      ...(op.kind === 'sale' && saleId ? { targetId: saleId } : {}),
    });
  }
  for (const op of rest) {
    ctx.stores.outbox.enqueue({
      orderClientId: id,
      kind: op.kind,
      orderRev: op.order_rev,
      ...(op.fields ? { fields: JSON.parse(op.fields) as UpdateField[] } : {}),
      ...(op.payload ? { payload: JSON.parse(op.payload) as unknown } : {}),
      ...(op.target_id ? { targetId: op.target_id } : {}),
    });
  }
  refreshSyncStatus(ctx, id);
}
