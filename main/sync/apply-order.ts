import type { Order } from '../../common/backend-api.ts';
import type { Context } from '../context.ts';
import { mergeFields, type UpdateField } from '../outbox/coalesce.ts';
import { resequence } from './lane-edit.ts';
import { mergeOrder } from './merge.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { leftAlone } from './pull-refetch.ts';
import { mergeSold, overriddenBySale, saleOverrodeMessage, type SoldMerge } from './recovery.ts';
import { adoptServerFinal, adoptSettledServerFinal, heldMoney, holdsMoney, serverFinalReason, yieldOvertakenDeletion } from './server-final.ts';
import type { SyncNotices } from './sync-notices.ts';
import { serverSide, type SyncStore } from './sync-store.ts';

/** What the pull needs to know of the pusher. */
export interface LaneState {
  /** A request of this order is in flight. */
  isBusy(orderClientId: string): boolean;
  /** Fetch the order again once its unresolved request has its answer (see `applyOrder`). */
  refreshWhenResolved(orderClientId: string): void;
}

/**
 * The pull's application of one order from the server (a change of a page, or an order fetched
 * again) to the terminal's copy: adopted, merged with the work pending here, settled as final, or
 * left alone until a request of its own has its answer. Runs inside the pull's transaction.
 */
export class OrderApplier {
  private readonly ctx: Context;
  private readonly store: SyncStore;
  private readonly notices: SyncNotices;
  private readonly lanes: LaneState;
  /** Set when applyOrder left its order alone (read by `Puller.applyFetched`). */
  deferred = false;

  constructor(ctx: Context, store: SyncStore, notices: SyncNotices, lanes: LaneState) {
    this.ctx = ctx;
    this.store = store;
    this.notices = notices;
    this.lanes = lanes;
  }

  /** Leaves an order alone until its unresolved request is answered, then fetches it again. */
  private defer(orderClientId: string): null {
    this.deferred = true;
    leftAlone(this.ctx, orderClientId, true);
    this.lanes.refreshWhenResolved(orderClientId);
    return null;
  }

  /**
   * A sale made here is final: if another party changed the lines of the order before its close
   * reached the server, the sold lines go back first (an update ahead of the sale or close). The
   * same update carries the customer and delivery where this terminal's differ from the server's
   * (changed here too: see `mergeSold`).
   */
  private reassertSold(id: string, { overridden, fields: needed }: SoldMerge, nowIso: string): void {
    const { ctx, store } = this;
    if (needed.length === 0) return;
    const head = store.lane(id)[0];
    if (!head || head.state !== 'pending') return;
    if (head.kind === 'update') {
      // Not sent yet (an unresolved head waits, see applyOrder): its body is built from the order
      // (the sold lines) when sent, so it re-asserts them once it reports the lines too (an
      // update of the customer alone would not).
      const fields = head.fields ? (JSON.parse(head.fields) as UpdateField[]) : null;
      if (fields && !needed.every((f) => fields.includes(f))) store.setFields(head.seq, mergeFields(fields, needed), nowIso);
    } else {
      resequence(ctx, store, head, [{ kind: 'update', fields: [...needed] }], nowIso, { keepHead: true });
    }
    if (overridden.length > 0) this.notices.add(id, 'sale_overrode', saleOverrodeMessage(ctx, id, overridden));
  }

  /** The order's first operation was sent and its outcome is not known yet. */
  unresolved(id: string): boolean {
    if (this.lanes.isBusy(id)) return true;
    const head = this.store.lane(id)[0];
    return head !== undefined && head.state === 'pending' && head.request_id !== null;
  }

  /** Merges one order from the server into the terminal. */
  applyOrder(remote: Order, force = false): string | null {
    const { ctx, store } = this;
    const id = remote.clientId;
    const row = ctx.stores.orders.get(id);
    if (!row) {
      store.insertRemote(remote);
      refreshSyncStatus(ctx, id);
      return id;
    }
    if (remote.version <= row.version && !(force && remote.version === row.version)) return null; // we already know this or newer
    const pending = store.lane(id).length > 0; // a busy lane returns early below
    const sale = ctx.stores.payments.sale(id);
    const nowIso = ctx.clock.iso();
    if (remote.status === 'Deleted' || (remote.status === 'Done' && !sale)) {
      // The answer on its way may change what this terminal holds: decide once it is in.
      if (this.lanes.isBusy(id)) return this.defer(id);
      const held = heldMoney(ctx, id);
      // A charge whose outcome is unknown may have taken the money: it holds it until reconciled.
      const holds = holdsMoney(ctx, id);
      store.adoptServerOrder(id, remote);
      if (remote.status === 'Deleted' && !holds) {
        adoptServerFinal(ctx, store, id, remote, 'the order was deleted on the server');
        return id;
      }
      const overtaken = yieldOvertakenDeletion(ctx, store, id, remote);
      if (overtaken) {
        this.notices.add(id, 'completed_elsewhere', overtaken);
        return id;
      }
      if (pending || holds) {
        const reason = serverFinalReason(ctx, id, remote.status, held);
        for (const op of store.lane(id)) if (op.state === 'pending') store.park(op.seq, 'blocked', reason, nowIso);
        refreshSyncStatus(ctx, id, reason);
        this.notices.add(id, 'sync_blocked', reason);
        return id;
      }
      adoptServerFinal(ctx, store, id, remote, 'the order was completed elsewhere');
      return id;
    }
    if (this.unresolved(id)) {
      // A request of this order is in flight or its answer was lost: the server may or may not
      // hold it, so no merge base is right yet (a merge now could keep, as a local change, an
      // edit the server already has and others changed since). The order is fetched again once
      // the request has its answer; this version is not adopted meanwhile.
      return this.defer(id);
    }
    if (!sale) {
      const base = store.mergeBase(id);
      const local = store.mergeSide(id)!;
      const content = pending ? mergeOrder(base, local, serverSide(remote), { sold: false }).merged : serverSide(remote);
      store.writeContent(id, content);
    } else {
      // Sold here: the sold lines stay, the customer and delivery are merged as for any order.
      const merged = mergeSold(store, id, remote, overriddenBySale(store, id, serverSide(remote)));
      if (remote.status !== 'Done') this.reassertSold(id, merged, nowIso);
    }
    store.adoptServerOrder(id, remote);
    // A sale refused here whose money was refunded before the server's final order arrived: settled now.
    if (!adoptSettledServerFinal(ctx, id)) refreshSyncStatus(ctx, id);
    return id;
  }
}
