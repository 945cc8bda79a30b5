import type { Order } from '../../common/backend-api.ts';
import { isFinal } from '../../common/order-status.ts';
import type { Context } from '../context.ts';
import type { UpdateField } from '../outbox/coalesce.ts';
import type { MergeSide } from './merge.ts';
import { serverSide, type SyncStore } from './sync-store.ts';

/**
 * What discarding a Failed update gives up, here too: the server keeps its copy of the fields
 * the update carried, so the order takes them back from the last server copy it knows, or the two
 * would disagree for good while the order reads Synced. Not put back: a field a later open
 * operation of the order will send anyway (it carries the order's values as they are then), the
 * lines of a sold order (the money was taken for them, SPEC §4), and the status of an order that
 * is final here. Nothing is put back before the server has answered once (it holds no copy of
 * this order yet). Called in the caller's transaction, before the operation is parked; returns the
 * fields put back.
 */
export function restoreDiscardedUpdate(ctx: Context, sync: SyncStore, orderClientId: string, discardedSeq: number): UpdateField[] {
  const row = ctx.stores.orders.get(orderClientId);
  const local = sync.mergeSide(orderClientId);
  const open = ctx.stores.outbox.openOperations(orderClientId);
  const discarded = open.find((op) => op.seq === discardedSeq);
  if (!row?.server_base || !local || discarded?.kind !== 'update' || !discarded.fields) return [];
  const fields = JSON.parse(discarded.fields) as UpdateField[];
  const server = serverSide(JSON.parse(row.server_base) as Order);
  const sentLater = new Set<string>();
  for (const op of open) {
    if (op.seq <= discardedSeq) continue;
    // A later create cannot exist; a later update carries its fields, a reopen or sale re-sends what the server lacks.
    if (op.kind === 'update' && op.fields) for (const f of JSON.parse(op.fields) as UpdateField[]) sentLater.add(f);
  }
  const sold = ctx.stores.payments.sale(orderClientId) !== null;
  const restore = fields.filter((field) => {
    if (sentLater.has(field)) return false;
    if (field === 'lines' && sold) return false;
    if (field === 'status' && isFinal(local.status)) return false;
    return JSON.stringify(local[field]) !== JSON.stringify(server[field]);
  });
  if (restore.length === 0) return [];
  const side: MergeSide = { ...local };
  for (const field of restore) Object.assign(side, { [field]: server[field] });
  sync.writeContent(orderClientId, side);
  return restore;
}
