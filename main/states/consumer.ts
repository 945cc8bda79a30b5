import type { Statement, Transaction } from 'better-sqlite3';
import type { OrderStatus } from '../../common/entities.ts';
import type { EventPayload } from '../../common/ipc-contract.ts';
import { inTransaction, type Context } from '../context.ts';
import { canMoveOrderStatus, isFinal } from '../orders/order-status.ts';
import { refreshSyncStatus } from '../sync/order-sync-status.ts';
import type { HistoryStore } from './history-store.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { NotificationStore } from './notification-store.ts';
import type { JobRow, QueueStore } from './queue-store.ts';
import { reconstruct, type Reconstruction } from './reconstruct.ts';
import { failureDelay, partialDelay, type RetryPolicy } from './retry-policy.ts';
import type { ShippingIndexStore } from './shipping-index.ts';
import type { StepStateStore } from './step-state-store.ts';
import type { HistoryEntry, Rule } from './types.ts';

/** What a job needs of the order (not its lines or the server copy it keeps for merges). */
interface JobOrder {
  client_id: string;
  server_id: number;
  status: OrderStatus;
  total: number;
  order_state: string | null;
  order_state_since: string | null;
}

export interface ConsumerStores {
  stepStates: StepStateStore;
  history: HistoryStore;
  queue: QueueStore;
  index: ShippingIndexStore;
  notifications: NotificationStore;
}

/** The order statuses a derived order state can carry over to (SPEC §6 step 4). */
const FOLLOWED_STATES: ReadonlySet<string> = new Set<OrderStatus>(['InDelivery', 'Delayed']);

export interface JobOutcome {
  orderClientId: string;
  outcome: 'done' | 'requeued' | 'skipped' | 'failed' | 'dead';
  /** Whether the history changed (and so the ShippingIndex was written). */
  changed: boolean;
  notifications: EventPayload<'notification'>[];
  /** The order's status or derived state moved: the UI should re-read it. */
  orderChanged: boolean;
  error?: string;
}

export interface RunSummary {
  jobs: JobOutcome[];
}

/** The wire form of a history entry (`API.md`, OrderStateHistory). */
function toApiEntry(e: HistoryEntry) {
  return { id: e.id, ruleId: e.ruleId, state: e.state, startedAt: e.startedAt, fulfilledAt: e.fulfilledAt, validFrom: e.validFrom };
}

/**
 * The queue consumer (SPEC §6 steps 1–7): runs due jobs one order at a time. Every write of a
 * job — history, order state and status with its outbox operation, ShippingIndex, notifications,
 * the state-history operation, the job's removal or re-enqueue — happens in one SQLite
 * transaction (a savepoint inside a batch), so a crash at any instant leaves the job to run
 * again from scratch and nothing half-done; UI events are emitted only after the commit.
 */
export class ReconstructionConsumer {
  private readonly ctx: Context;
  private readonly stores: ConsumerStores;
  private readonly rules: () => Rule[];
  private readonly policy: RetryPolicy;
  private readonly orderStmt: Statement<[string], JobOrder>;
  private readonly shipmentIdsStmt: Statement<[string], string>;
  private readonly setOrderStateStmt: Statement<[string | null, string | null, string]>;
  private readonly runJobTx: Transaction<(job: JobRow, rules: Rule[]) => JobOutcome>;

  constructor(ctx: Context, stores: ConsumerStores, rules: () => Rule[], policy: RetryPolicy) {
    this.ctx = ctx;
    this.stores = stores;
    this.rules = rules;
    this.policy = policy;
    this.orderStmt = ctx.sqlite.prepare(
      'select client_id, server_id, status, total, order_state, order_state_since from orders where client_id = ?',
    );
    this.shipmentIdsStmt = ctx.sqlite.prepare<[string], string>('select shipment_id from shipments where order_client_id = ?').pluck();
    this.setOrderStateStmt = ctx.sqlite.prepare('update orders set order_state = ?, order_state_since = ? where client_id = ?');
    // Called inside the batch transaction, better-sqlite3 makes this a savepoint: a job that
    // throws is rolled back alone and the batch goes on.
    this.runJobTx = ctx.sqlite.transaction((job: JobRow, rules: Rule[]) => this.runJob(job, rules));
  }

  /**
   * Runs every job due now, `batchSize` jobs per transaction, at most `maxJobs` in all; emits
   * the notifications and order changes after each commit.
   */
  runDue(options: { batchSize?: number; maxJobs?: number } = {}): RunSummary {
    const batchSize = Math.max(1, options.batchSize ?? 64);
    const maxJobs = options.maxJobs ?? Number.POSITIVE_INFINITY;
    // Read outside the transaction, so the rule cache is only ever filled from committed rows.
    const rules = this.rules();
    const jobs: JobOutcome[] = [];
    while (jobs.length < maxJobs) {
      // Peek first (a read): nothing due means no write transaction at all.
      if (this.stores.queue.due(this.ctx.clock.iso(), 1).length === 0) break;
      const take = Math.min(batchSize, maxJobs - jobs.length);
      const batch = inTransaction(this.ctx, () => {
        const due = this.stores.queue.due(this.ctx.clock.iso(), take);
        return due.map((job) => {
          try {
            return this.runJobTx(job, rules);
          } catch (error) {
            return this.recordFailure(job, error);
          }
        });
      });
      jobs.push(...batch);
      this.emit(batch);
      if (batch.length < take) break;
    }
    return { jobs };
  }

  private runJob(job: JobRow, rules: Rule[]): JobOutcome {
    const { ctx, stores } = this;
    const id = job.order_client_id;
    const order = this.orderStmt.get(id);
    if (!order) throw new Error(`order ${id} of a reconstruction job does not exist`);
    if (order.status === 'Deleted') {
      // A deleted order shows no states and the server refuses its changes: nothing to derive.
      stores.queue.finish(id);
      return { orderClientId: id, outcome: 'skipped', changed: false, notifications: [], orderChanged: false };
    }
    const nowMs = ctx.clock.now();
    const now = new Date(nowMs).toISOString();
    const result = reconstruct({
      scenario: job.scenario,
      rules,
      shipmentIds: this.shipmentIdsStmt.all(id),
      stepStates: stores.stepStates.factsForOrder(id),
      history: stores.history.forOrder(id),
      newId: () => uuidv7(nowMs),
    });
    const { orderChanged, enqueued: statusEnqueued } = this.applyCurrentState(order, result, now);
    const notifications = this.persistHistory(order, result, nowMs, now);
    const historyEnqueued = this.enqueueHistory(order, result, now);
    if (statusEnqueued || historyEnqueued) refreshSyncStatus(ctx, id);

    // Step 7: partly fulfilled rules are checked again later; what was written above stays.
    let outcome: JobOutcome['outcome'] = 'done';
    const delay = result.partial.length > 0 ? partialDelay(this.policy, job.partial_runs) : null;
    if (delay !== null) {
      stores.queue.requeue(id, 'update', job.partial_runs + 1, new Date(nowMs + delay).toISOString(), now);
      outcome = 'requeued';
    } else {
      stores.queue.finish(id);
    }
    return { orderClientId: id, outcome, changed: result.changed, notifications, orderChanged };
  }

  /** Step 4: the order's current state, and its business status following InDelivery/Delayed. */
  private applyCurrentState(order: JobOrder, result: Reconstruction, now: string): { orderChanged: boolean; enqueued: boolean } {
    const state = result.current?.state ?? null;
    const since = result.current?.since ?? null;
    if (state === order.order_state && since === order.order_state_since) return { orderChanged: false, enqueued: false };
    this.setOrderStateStmt.run(state, since, order.client_id);
    const target = state as OrderStatus;
    if (
      state !== null &&
      FOLLOWED_STATES.has(state) &&
      !isFinal(order.status) &&
      order.status !== target &&
      canMoveOrderStatus(order.status, target)
    ) {
      // Synced like any edit: the status and its update operation in the same transaction.
      this.ctx.stores.orders.setStatus(order.client_id, target);
      const rev = this.ctx.stores.orders.touch(order.client_id, order.total, now);
      this.ctx.stores.outbox.enqueue({ orderClientId: order.client_id, kind: 'update', fields: ['status'], orderRev: rev });
      return { orderChanged: true, enqueued: true };
    }
    return { orderChanged: true, enqueued: false };
  }

  /** Steps 3, 5 and 6: the history rows, the index's order-state columns, a notification per creation. */
  private persistHistory(order: JobOrder, result: Reconstruction, nowMs: number, now: string): EventPayload<'notification'>[] {
    if (!result.changed) return [];
    const { stores } = this;
    const id = order.client_id;
    for (const e of result.removed) stores.history.remove(e.id);
    for (const e of result.rewritten) stores.history.rewrite(e);
    for (const e of result.added) stores.history.insert(id, e, now);
    stores.index.setOrderState(id, result.current);
    const label = order.server_id > 0 ? `#${order.server_id}` : id.slice(0, 8);
    return result.added.map((e) => {
      const row = stores.notifications.addForEntry(id, label, e, nowMs, now);
      return { id: row.id, kind: row.kind, orderClientId: id, message: row.message, at: row.at };
    });
  }

  /** The server learns created and corrected entries (by id) and removed ids in one operation. */
  private enqueueHistory(order: JobOrder, result: Reconstruction, now: string): boolean {
    if (result.added.length === 0 && result.removed.length === 0 && result.corrected.length === 0) return false;
    const rev = this.ctx.stores.orders.touch(order.client_id, order.total, now);
    this.ctx.stores.outbox.enqueue({
      orderClientId: order.client_id,
      kind: 'stateHistory',
      orderRev: rev,
      payload: { added: [...result.added, ...result.corrected].map(toApiEntry), removed: result.removed.map((e) => e.id) },
    });
    return true;
  }

  /** A job that threw: its writes were rolled back; retry later, or keep it dead with the error. */
  private recordFailure(job: JobRow, error: unknown): JobOutcome {
    const nowMs = this.ctx.clock.now();
    const now = new Date(nowMs).toISOString();
    const attempts = job.attempts + 1;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const delay = failureDelay(this.policy, attempts);
    const dueAt = delay === null ? null : new Date(nowMs + delay).toISOString();
    this.stores.queue.recordFailure(job.order_client_id, attempts, dueAt, message.slice(0, 2000), now);
    if (dueAt === null) console.error(`order-state job of ${job.order_client_id} is dead after ${attempts} attempts: ${message}`);
    return {
      orderClientId: job.order_client_id,
      outcome: dueAt === null ? 'dead' : 'failed',
      changed: false,
      notifications: [],
      orderChanged: false,
      error: message,
    };
  }

  private emit(batch: readonly JobOutcome[]): void {
    const { ctx } = this;
    for (const job of batch) {
      for (const n of job.notifications) ctx.events.emit('notification', n);
      if (job.orderChanged) {
        const row = ctx.stores.orders.get(job.orderClientId);
        if (row) ctx.events.emit('order.changed', { orderClientId: row.client_id, status: row.status, syncStatus: row.sync_status });
      }
    }
  }
}
