import type { Order } from '../../common/backend-api.ts';
import type { Context } from '../context.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import type { UpdateField } from '../outbox/coalesce.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { resequence } from './lane-edit.ts';
import { fieldsToSend, mergeOrder, type MergeSide, type Overridden } from './merge.ts';
import { moneyParam } from '../errors.ts';
import { otherOrderIn, type Outcome } from './outcome.ts';
import { adoptServerFinal, doubleSaleReason, heldMoney, holdsMoney, serverFinalReason, yieldOvertakenDeletion } from './server-final.ts';
import type { SyncNoticeKind } from './sync-notices.ts';
import { serverSide, type SyncStore } from './sync-store.ts';
import { lockedRefusal, orderFinal, otherOrderAnswer, rebased, refused, refusedNotice, resentOverOlder, saleOverrode, soldElsewhere, superseded } from './sync-problems.ts';
import { ORDER_CHANGING } from './requests.ts';
import type { Problem } from '../../common/problem.ts';

/**
 * What the outbox does with each answer (SPEC §4), inside the pusher's transaction: done,
 * retry later with the same key and body, merge and re-issue with a new key, recover a 423 by
 * re-sequencing the order's lane, or park the operation for the staff (Failed / Blocked).
 */
export interface RecoveryEnv {
  ctx: Context;
  store: SyncStore;
  now: () => number;
  /** Delay before the next attempt of an operation that has had `attempts` attempts. */
  delay: (attempts: number, retryAfterMs: number | null) => number;
  /** Tells the staff (stored with the transaction, shown once it committed). */
  notify: (orderClientId: string, kind: SyncNoticeKind, detail: Problem) => void;
  /** Asks for the server's copy of the order after the commit (to learn a final status). */
  refresh: (orderClientId: string) => void;
}

export type Applied = 'done' | 'retry' | 'reissued' | 'resequenced' | 'failed' | 'blocked' | 'removed';

/** What the server's copy changed of the lines sold here (a sale is final: they are sent again). */
export function overriddenBySale(store: SyncStore, id: string, server: MergeSide): Overridden[] {
  return mergeOrder(null, store.mergeSide(id)!, server, { sold: true }).overridden;
}

/** What the staff are told when a sale's lines are put back over changes made elsewhere. */
export function saleOverrodeMessage(ctx: Context, id: string, overridden: readonly Overridden[]): Problem {
  return saleOverrode(ctx.stores.payments.sale(id)?.receiptNo ?? '', overridden);
}

export function applyOutcome(env: RecoveryEnv, op: OutboxRow, outcome: Outcome): Applied {
  const { ctx, store } = env;
  const nowIso = new Date(env.now()).toISOString();
  const id = op.order_client_id;
  const other = otherOrderIn(outcome, { clientId: id, serverId: ctx.stores.orders.get(id)?.server_id ?? 0 });
  if (other) {
    // An answer about another order: taking its id, version or content would bind this order's
    // requests to that one, or merge its lines here. Nothing of it is taken; the staff decide.
    const problem = otherOrderAnswer(op.kind, other.id, other.clientId);
    store.park(op.seq, 'failed', problem, nowIso);
    refreshSyncStatus(ctx, id);
    env.notify(id, 'sync_failed', problem);
    return 'failed';
  }
  switch (outcome.type) {
    case 'ok': {
      store.markDone(op.seq, nowIso);
      // A sale or close leaves the order's content as it was: only its version moves.
      if (outcome.order) store.adoptServerOrder(id, outcome.order, op.kind !== 'sale' && op.kind !== 'close');
      refreshSyncStatus(ctx, id, op.kind === 'delete' || op.kind === 'close' ? null : undefined);
      return 'done';
    }
    case 'unknown': {
      const at = new Date(env.now() + env.delay(op.attempts, outcome.retryAfterMs)).toISOString();
      store.scheduleRetry(op.seq, at, outcome.problem, nowIso);
      refreshSyncStatus(ctx, id);
      return 'retry';
    }
    case 'conflict':
      return onConflict(env, op, outcome.current, nowIso);
    case 'locked':
      return onLocked(env, op, outcome.code, outcome.message, nowIso);
    case 'failed': {
      const problem = refused(outcome.code, outcome.message);
      store.park(op.seq, 'failed', problem, nowIso);
      refreshSyncStatus(ctx, id);
      env.notify(id, 'sync_failed', refusedNotice(op.kind, outcome.code, outcome.message));
      return 'failed';
    }
  }
}

function block(env: RecoveryEnv, op: OutboxRow, reason: Problem, nowIso: string): Applied {
  env.store.park(op.seq, 'blocked', reason, nowIso);
  refreshSyncStatus(env.ctx, op.order_client_id, reason);
  env.notify(op.order_client_id, 'sync_blocked', reason);
  return 'blocked';
}

/** The server deleted the order: with money held here it is Blocked, otherwise the deletion is adopted. */
function onRemoteDeletion(env: RecoveryEnv, op: OutboxRow, current: Order, nowIso: string): Applied {
  const { ctx } = env;
  const id = op.order_client_id;
  // A charge whose outcome is unknown may have taken the money: it holds it until reconciled.
  if (holdsMoney(ctx, id) || ctx.stores.payments.sale(id)) return block(env, op, serverFinalReason(ctx, id, 'Deleted', heldMoney(ctx, id)), nowIso);
  adoptServerFinal(ctx, env.store, id, current, 'the order was deleted on the server');
  return 'removed';
}

function onConflict(env: RecoveryEnv, op: OutboxRow, current: Order, nowIso: string): Applied {
  const { ctx, store } = env;
  const id = op.order_client_id;
  // A refusal replayed with its key (or arriving late) can carry an order older than one this
  // terminal learned since, by pull: that copy is no longer the server's, and merging it would
  // undo what the newer one brought. Nothing is merged; the request is made again, new key.
  const known = ctx.stores.orders.get(id)?.version ?? 0;
  if (current.version < known) {
    store.renew(op.seq, resentOverOlder(current.version, known), nowIso);
    refreshSyncStatus(ctx, id);
    return 'reissued';
  }
  const sale = ctx.stores.payments.sale(id);
  if (current.status === 'Deleted') {
    store.adoptServerOrder(id, current);
    return onRemoteDeletion(env, op, current, nowIso);
  }
  if (current.status === 'Done' && sale && current.saleId === null) {
    // Closed elsewhere before the sale made here reached it: the sale still goes through.
    const overridden = overriddenBySale(store, id, serverSide(current));
    const { fields } = mergeSold(store, id, current, overridden);
    store.adoptServerOrder(id, current);
    return reopenForSale(env, op, overridden, fields, nowIso);
  }
  if (current.status === 'Done' && current.saleId !== null && sale && sale.voidedAt === null) {
    // Closed elsewhere (the back office) with a sale. When the server took the sale made here, the
    // sale it holds is this one (one sale an order): the order is settled, whichever operation
    // found it out (the close, or an update re-asserting the sold lines). Not a second sale.
    if (store.saleAccepted(id, sale.clientId)) return settleSold(env, op, current, nowIso);
    // The sale made here is not answered yet: the server may hold it (its answer lost). The sale
    // itself tells (its clientId is a natural key: 200 with the server's sale if it is this one,
    // 409 sale_exists if another terminal's); only that refusal makes it a double sale.
    if (saleUnanswered(store, op, sale.clientId)) return askSale(env, op, current, nowIso);
  }
  if (current.status === 'Done') {
    store.adoptServerOrder(id, current);
    const overtaken = yieldOvertakenDeletion(ctx, store, id, current);
    if (overtaken) {
      env.notify(id, 'completed_elsewhere', overtaken);
      return 'removed';
    }
    const why = sale
      ? doubleSaleReason(ctx, id)
      : serverFinalReason(ctx, id, 'Done', heldMoney(ctx, id));
    return block(env, op, why, nowIso);
  }
  let conflicts: string[];
  if (sale) {
    // The sale is final: the sold lines are re-asserted before the sale or close (an update
    // re-sent below carries them), and the staff are told what was overridden. The customer and
    // delivery are merged as for any order, written here, and sent along if changed here too.
    const merged = mergeSold(store, id, current);
    conflicts = merged.conflicts;
    store.adoptServerOrder(id, current);
    if (merged.overridden.length > 0) env.notify(id, 'sale_overrode', saleOverrodeMessage(ctx, id, merged.overridden));
    if (op.kind !== 'update' && merged.fields.length > 0) {
      resequence(env.ctx, env.store, op, [{ kind: 'update', fields: merged.fields }, { kind: op.kind }], nowIso);
      return 'resequenced';
    }
  } else {
    const result = mergeOrder(store.mergeBase(id), store.mergeSide(id)!, serverSide(current), { sold: false });
    conflicts = result.conflicts;
    store.writeContent(id, result.merged);
    store.adoptServerOrder(id, current);
  }
  const fields: UpdateField[] | undefined = op.kind === 'update' ? ['lines', 'customer', 'delivery', 'status'] : undefined;
  store.renew(op.seq, rebased(current.version, conflicts), nowIso, fields);
  refreshSyncStatus(ctx, id);
  return 'reissued';
}

/** Whether the sale `saleClientId` waits in the order's lane behind `op` (a change of the order), not yet answered. */
function saleUnanswered(store: SyncStore, op: OutboxRow, saleClientId: string): boolean {
  return op.kind !== 'sale' && ORDER_CHANGING.has(op.kind) && store.lane(op.order_client_id).some((o) => o.seq !== op.seq && o.kind === 'sale' && o.target_id === saleClientId && o.state === 'pending');
}

/**
 * The operations of the order's lane the server can no longer take, now that it holds a closed
 * order with a sale: changes of the order (an update re-asserting the sold lines, a reopen) ahead
 * of its sale or close are cancelled, so that the sale, or the close, goes next and its answer
 * decides. Notices and state history stay in the lane.
 */
function dropUntakeable(store: SyncStore, op: OutboxRow, nowIso: string): void {
  for (const next of store.lane(op.order_client_id)) {
    if (next.kind === 'sale' || next.kind === 'close') break;
    if (ORDER_CHANGING.has(next.kind)) store.park(next.seq, 'cancelled', superseded('refused'), nowIso);
  }
}

/**
 * The server holds the sale made here, and the order was closed there (the back office): the
 * close has what it asked for (the order is closed, with this sale), and the changes behind it can
 * no longer be taken (cancelled). The sold lines stay here (the sale is final); the rest of the
 * server's copy is merged as the pull merges a sold order, and it is the new base. Charged.
 */
function settleSold(env: RecoveryEnv, op: OutboxRow, current: Order, nowIso: string): Applied {
  const { ctx, store } = env;
  const id = op.order_client_id;
  let rewritten = false;
  for (const next of store.lane(id)) {
    if (next.kind === 'close') store.markDone(next.seq, nowIso);
    else if (ORDER_CHANGING.has(next.kind)) store.park(next.seq, 'cancelled', superseded(next.seq === op.seq ? 'refused' : 'recovery'), nowIso);
    else continue;
    if (next.seq !== op.seq || next.kind !== 'close') rewritten = true;
  }
  mergeSold(store, id, current);
  store.adoptServerOrder(id, current);
  refreshSyncStatus(ctx, id, null);
  // A done head simply leaves its lane; a lane changed further is read again (the pusher).
  return rewritten ? 'resequenced' : 'done';
}

/**
 * The server's order is closed with a sale, and the sale made here waits in the lane behind `op`,
 * unanswered: the server may hold it (an answer lost). The changes ahead of it can no longer be
 * taken (cancelled); the server's copy is adopted (the sold lines stay), and the sale goes next:
 * its answer decides (200: the server's sale is this one; 409 sale_exists: another terminal's).
 */
function askSale(env: RecoveryEnv, op: OutboxRow, current: Order, nowIso: string): Applied {
  const { ctx, store } = env;
  const id = op.order_client_id;
  mergeSold(store, id, current);
  store.adoptServerOrder(id, current);
  dropUntakeable(store, op, nowIso);
  refreshSyncStatus(ctx, id, null);
  return 'resequenced';
}

function onLocked(env: RecoveryEnv, op: OutboxRow, code: string, message: string, nowIso: string): Applied {
  const { ctx } = env;
  const id = op.order_client_id;
  const sale = ctx.stores.payments.sale(id);
  if (op.kind === 'close' && code === 'sale_required' && sale) {
    resequence(env.ctx, env.store, op, [{ kind: 'sale' }, { kind: 'close' }], nowIso);
    return 'resequenced';
  }
  if (op.kind === 'sale' && code === 'order_closed') {
    // The refusal came at the version this terminal knows, so its copy of the server's order is
    // current. What this terminal holds and that copy lacks goes between the reopen and the sale:
    // the sold lines, and a customer or delivery set here whose update could not be taken by the
    // closed order (cancelled ahead of the sale: see dropUntakeable), so it is not lost.
    const base = env.store.mergeBase(id);
    const overridden = base ? overriddenBySale(env.store, id, base) : [];
    return reopenForSale(env, op, overridden, base ? fieldsToSend(env.store.mergeSide(id)!, base, overridden.length > 0) : [], nowIso);
  }
  const change = ORDER_CHANGING.has(op.kind) && op.kind !== 'sale' && op.kind !== 'close';
  if (change && (code === 'order_final' || (code === 'sale_exists' && op.kind === 'reopen')) && sale && sale.voidedAt === null) {
    // A change of a sold order refused because the server's order is final, or sold (the reopen
    // before a sale): if the server took the sale made here, or may have (it is not answered
    // yet), the sale or the close behind decides, not this refusal (see askSale).
    if (env.store.saleAccepted(id, sale.clientId) || saleUnanswered(env.store, op, sale.clientId)) {
      dropUntakeable(env.store, op, nowIso);
      refreshSyncStatus(ctx, id);
      return 'resequenced';
    }
  }
  if (code === 'order_final') {
    // Closed or deleted elsewhere: which one, the server's copy tells (fetched after this commit).
    env.refresh(id);
    return block(env, op, orderFinal(message), nowIso);
  }
  if (code === 'sale_exists' && (op.kind === 'sale' || (op.kind === 'reopen' && sale && sale.voidedAt === null))) {
    // Another terminal sold the order, and so did this one (the sale itself, or the reopen it
    // needed): the customer paid twice. The server's order, with the other sale, is fetched after
    // this commit: once the staff refunded the money here, the sale made here is void and the
    // server's order stands.
    env.refresh(id);
    return block(env, op, doubleSaleReason(ctx, id, undefined, message), nowIso);
  }
  if (code === 'sale_exists' && op.kind === 'delete') return onSoldElsewhere(env, op, nowIso);
  return block(env, op, lockedRefusal(op.kind, code, message), nowIso);
}

/**
 * A deletion refused `423 sale_exists`: another terminal sold the order (its close may come
 * later), so the deletion is not applied. With nothing held here the server's order stands at
 * once — the last server copy known here now, the server's current one fetched after this commit —
 * and the staff are told. With money held here the order waits, Blocked, for the staff to refund
 * it. Nothing of the lane is in flight (its head was answered).
 */
function onSoldElsewhere(env: RecoveryEnv, op: OutboxRow, nowIso: string): Applied {
  const { ctx, store } = env;
  const id = op.order_client_id;
  env.refresh(id);
  if (holdsMoney(ctx, id)) return block(env, op, soldElsewhere(moneyParam(heldMoney(ctx, id), ctx.stores.orders.get(id)?.currency ?? 'EUR')), nowIso);
  const why = soldElsewhere();
  const base = store.mergeBase(id);
  if (base) store.writeContent(id, base);
  ctx.stores.outbox.cancelOpen(id, why.message);
  refreshSyncStatus(ctx, id, null);
  env.notify(id, 'completed_elsewhere', why);
  return 'removed';
}

/** What `mergeSold` found: the lines the server changed, what both sides changed, what an update must carry. */
export interface SoldMerge {
  overridden: readonly Overridden[];
  conflicts: string[];
  fields: UpdateField[];
}

/**
 * A sold order meets the server's copy `current`: its sold lines and status stay (SPEC §4: the
 * sale is final), its customer and delivery are merged three ways with the last server copy known
 * here as base, and written here. Returns what an update re-asserting the order must carry: the
 * lines when the server changed them (`overridden`, computed here unless given), the customer or
 * delivery when this terminal's differ from the server's (changed here too, kept).
 */
export function mergeSold(store: SyncStore, id: string, current: Order, overridden?: readonly Overridden[]): SoldMerge {
  const remote = serverSide(current);
  const result = mergeOrder(store.mergeBase(id), store.mergeSide(id)!, remote, { sold: true });
  store.writeContent(id, result.merged);
  const lost = overridden ?? result.overridden;
  return { overridden: lost, conflicts: result.conflicts, fields: fieldsToSend(result.merged, remote, lost.length > 0) };
}

/**
 * SPEC §4: a sale refused because the order was closed elsewhere goes reopen → sale → close. If
 * the lines were changed elsewhere too, the sold lines are put back between the reopen and the
 * sale (the server checks the sale against the order's total), and the staff are told.
 */
function reopenForSale(env: RecoveryEnv, op: OutboxRow, overridden: readonly Overridden[], fields: readonly UpdateField[], nowIso: string): Applied {
  const id = op.order_client_id;
  resequence(env.ctx, env.store, op, [{ kind: 'reopen' }, ...(fields.length > 0 ? [{ kind: 'update' as const, fields: [...fields] }] : [])], nowIso, { keepHead: true });
  if (overridden.length > 0) env.notify(id, 'sale_overrode', saleOverrodeMessage(env.ctx, id, overridden));
  return 'resequenced';
}
