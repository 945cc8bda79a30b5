import type { StepStateView } from '../../common/order-states.ts';
import type { CommandArgs } from '../../common/ipc-contract.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { refreshSyncStatus } from '../sync/order-sync-status.ts';
import { uuidv7 } from '../../common/ids.ts';
import { canonicalIso, instantMs } from './instant.ts';
import type { StepStateStore } from './step-state-store.ts';
import { toStepStateView } from './views.ts';

/**
 * A notice dated further ahead than this is a typo, not a carrier's clock; so is one dated this
 * much before its order was taken (a year typed 1999), which would give the order a state since then.
 */
const MAX_SKEW_MS = 24 * 3_600_000;

/**
 * Status notices added or removed by hand at the terminal (SPEC §5 deliveries screen). They take
 * the same path as the carrier's (the store sets the order's marker) and reach the server through
 * the outbox: each change, its marker and its operation commit together.
 */
export class StepStateService {
  private readonly ctx: Context;
  private readonly stepStates: StepStateStore;
  private readonly changed: () => void;

  /** `changed` is called after each commit: it schedules the sweeper and the consumer. */
  constructor(ctx: Context, stepStates: StepStateStore, changed: () => void) {
    this.ctx = ctx;
    this.stepStates = stepStates;
    this.changed = changed;
  }

  add(args: CommandArgs<'states.addStepState'>): StepStateView {
    const { ctx } = this;
    const nowMs = ctx.clock.now();
    const at = args.at === undefined ? new Date(nowMs).toISOString() : canonicalIso(args.at);
    if (instantMs(at) > nowMs + MAX_SKEW_MS) {
      throw new DomainError('bad_time', `a notice cannot be dated more than a day ahead (${at})`);
    }
    const id = uuidv7(nowMs);
    const row = inTransaction(ctx, () => {
      const orderClientId = this.stepStates.orderOfShipment(args.shipmentId);
      if (orderClientId === undefined) throw notFound('shipment', args.shipmentId);
      const order = this.editableOrder(orderClientId);
      if (instantMs(at) < instantMs(order.created_at) - MAX_SKEW_MS) {
        throw new DomainError('bad_time', `a notice cannot be dated more than a day before its order was taken (${order.created_at}): ${at}`, {
          reason: 'before_order',
          createdAt: order.created_at,
        });
      }
      const now = ctx.clock.iso();
      this.stepStates.upsert({ id, shipmentId: args.shipmentId, orderClientId, code: args.code, at, source: 'manual' }, now);
      const rev = ctx.stores.orders.touch(orderClientId, order.total, now);
      ctx.stores.outbox.enqueue({
        orderClientId,
        kind: 'stepState',
        orderRev: rev,
        targetId: id,
        payload: { id, shipmentId: args.shipmentId, code: args.code, at, source: 'manual' },
      });
      refreshSyncStatus(ctx, orderClientId);
      return this.stepStates.get(id)!;
    });
    this.afterCommit(row.order_client_id);
    return toStepStateView(row);
  }

  remove(args: CommandArgs<'states.removeStepState'>): StepStateView {
    const { ctx } = this;
    const row = inTransaction(ctx, () => {
      const existing = this.stepStates.get(args.stepStateId);
      if (!existing) throw notFound('step_state', args.stepStateId);
      const order = this.editableOrder(existing.order_client_id);
      const now = ctx.clock.iso();
      this.stepStates.remove(existing.id);
      const rev = ctx.stores.orders.touch(existing.order_client_id, order.total, now);
      ctx.stores.outbox.enqueue({
        orderClientId: existing.order_client_id,
        kind: 'stepStateRemove',
        orderRev: rev,
        targetId: existing.id,
        payload: { id: existing.id, shipmentId: existing.shipment_id },
      });
      refreshSyncStatus(ctx, existing.order_client_id);
      return existing;
    });
    this.afterCommit(row.order_client_id);
    return toStepStateView(row);
  }

  /** Tells the UI and the outbox (the order has a new operation), then wakes the reconstruction. */
  private afterCommit(orderClientId: string): void {
    const order = this.ctx.stores.orders.get(orderClientId);
    if (order) this.ctx.events.emit('order.changed', { orderClientId, status: order.status, syncStatus: order.sync_status });
    this.changed();
  }

  /** Notices may follow a sold (Done) order's parcels; a deleted order takes none. */
  private editableOrder(orderClientId: string) {
    const order = this.ctx.stores.orders.get(orderClientId);
    if (!order) throw notFound('order', orderClientId);
    if (order.status === 'Deleted') {
      throw new DomainError('order_final', `order ${orderClientId} is deleted; its shipments take no more notices`, { reason: 'no_notices' });
    }
    return order;
  }
}
