import type { Statement } from 'better-sqlite3';
import type { OrderStatus, SyncStatus } from '../../common/entities.ts';
import type { EventPayload } from '../../common/ipc-contract.ts';
import { uuidv7 } from '../../common/ids.ts';
import { orderNumber } from '../../common/order-label.ts';
import type { Context } from '../context.ts';
import { canMoveOrderStatus, isFinal } from '../../common/order-status.ts';
import type { KnownOutbox } from '../outbox/outbox-store.ts';
import { finalOnServer } from '../sync/server-final.ts';
import { assertSyncMove, syncStatusFor, type OpenOperation } from '../sync/sync-status.ts';
import { BatchWrites } from './batch-writes.ts';
import type { JobOutcome } from './consumer.ts';
import type { HistoryStore } from './history-store.ts';
import { entryNotification } from './notification-store.ts';
import type { JobRow } from './queue-store.ts';
import { reconstruct, type Reconstruction } from './reconstruct.ts';
import { partialDelay, type RetryPolicy } from './retry-policy.ts';
import type { HistoryEntry, Rule, StepStateFact } from './types.ts';

/** What a job needs of the order (not its lines or the server copy it keeps for merges). */
interface JobOrder {
  client_id: string;
  server_id: number;
  status: OrderStatus;
  total: number;
  local_rev: number;
  updated_at: string;
  sync_status: SyncStatus;
  blocked_reason: string | null;
  order_state: string | null;
  order_state_since: string | null;
}

/** Everything the jobs of one batch read, by the job's index in the batch. */
interface BatchFacts {
  orders: Map<string, JobOrder>;
  shipmentIds: string[][];
  stepStates: StepStateFact[][];
  history: HistoryEntry[][];
  outbox: Map<string, KnownOutbox>;
}

/** A row that belongs to the `job`-th job of the batch (json_each's key of its order id). */
type OfJob<T> = T & { job: number };

export interface JobRunnerStores {
  history: HistoryStore;
}

/** The order statuses a derived order state can carry over to (SPEC §6 step 4). */
const FOLLOWED_STATES: ReadonlySet<string> = new Set<OrderStatus>(['InDelivery', 'Delayed']);

/** The wire form of a history entry (`API.md`, OrderStateHistory). */
function toApiEntry(e: HistoryEntry) {
  return { id: e.id, ruleId: e.ruleId, state: e.state, startedAt: e.startedAt, fulfilledAt: e.fulfilledAt, validFrom: e.validFrom };
}

/** `toISOString`, remembering the last instant: a batch's jobs mostly share their millisecond. */
function isoFormatter(): (ms: number) => string {
  let lastMs = Number.NaN;
  let text = '';
  return (ms) => {
    if (ms !== lastMs) {
      text = new Date(ms).toISOString();
      lastMs = ms;
    }
    return text;
  };
}

/** Rows by job index; `job` stays on them (an extra field the reconstruction ignores). */
function byJob<T>(jobs: number, rows: readonly OfJob<T>[]): T[][] {
  const groups: T[][] = Array.from({ length: jobs }, () => []);
  for (const row of rows) groups[row.job]!.push(row);
  return groups;
}

/**
 * Runs reconstruction jobs (SPEC §6 steps 1–7) inside the caller's transaction. A batch reads
 * what its jobs need with one statement per table (the orders are a JSON array bound to
 * `json_each`), then runs each job in turn: the pure reconstruction, then its writes. Jobs of
 * one batch are distinct orders and no job reads what another writes, so reading up front sees
 * what reading job by job would. The order row is written once per job (its revision counted in
 * memory, one per operation), and the outbox and sync status are worked out from what was read.
 * Any throw leaves the caller to roll the batch back (see consumer.ts).
 */
export class JobRunner {
  private readonly ctx: Context;
  private readonly stores: JobRunnerStores;
  private readonly policy: RetryPolicy;
  private readonly ordersStmt: Statement<[string], JobOrder>;
  private readonly shipmentsStmt: Statement<[string], [number, string]>;
  private readonly stepStatesStmt: Statement<[string, string], OfJob<StepStateFact>>;
  private readonly historyStmt: Statement<[string], OfJob<HistoryEntry>>;
  private readonly writes: BatchWrites;
  private readonly nowIso = isoFormatter();
  private readonly dueIso = isoFormatter();

  constructor(ctx: Context, stores: JobRunnerStores, policy: RetryPolicy) {
    this.ctx = ctx;
    this.stores = stores;
    this.policy = policy;
    const { sqlite } = ctx;
    // `?` is the batch's order ids as a JSON array; json_each's key (the job's index) tags each
    // row with its job, cheaper to carry than the order's id.
    this.ordersStmt = sqlite.prepare(
      `select client_id, server_id, status, total, local_rev, updated_at, sync_status, blocked_reason, order_state,
         order_state_since from orders where client_id in (select value from json_each(?))`,
    );
    this.shipmentsStmt = sqlite
      .prepare<[string], [number, string]>('select j.key, s.shipment_id from json_each(?) j join shipments s on s.order_client_id = j.value')
      .raw();
    // Only notices with a rule's code (the second JSON array): the reconstruction skips the others.
    this.stepStatesStmt = sqlite.prepare(
      `select j.key as job, s.shipment_id as shipmentId, s.code, s.at from json_each(?) j
       join step_states s on s.order_client_id = j.value where s.code in (select value from json_each(?))`,
    );
    this.historyStmt = sqlite.prepare(
      `select j.key as job, h.id, h.rule_id as ruleId, h.state, h.position, h.started_at as startedAt,
         h.fulfilled_at as fulfilledAt, h.valid_from as validFrom, h.valid_to as validTo
       from json_each(?) j join order_state_history h on h.order_client_id = j.value`,
    );
    this.writes = new BatchWrites(sqlite);
  }

  /** Runs the jobs in order inside the caller's transaction; throws if any job does. */
  run(jobs: readonly JobRow[], rules: readonly Rule[]): JobOutcome[] {
    try {
      const facts = this.read(jobs, rules);
      const outcomes = jobs.map((job, i) => this.runJob(job, i, rules, facts));
      this.writes.flush();
      return outcomes;
    } finally {
      this.writes.clear();
    }
  }

  private read(jobs: readonly JobRow[], rules: readonly Rule[]): BatchFacts {
    const ids = JSON.stringify(jobs.map((j) => j.order_client_id));
    const codes = JSON.stringify([...new Set(rules.filter((r) => r.active).map((r) => r.code))]);
    const shipmentIds: string[][] = Array.from({ length: jobs.length }, () => []);
    for (const [job, shipmentId] of this.shipmentsStmt.all(ids)) shipmentIds[job]!.push(shipmentId);
    return {
      orders: new Map(this.ordersStmt.all(ids).map((o) => [o.client_id, o])),
      shipmentIds,
      stepStates: byJob(jobs.length, this.stepStatesStmt.all(ids, codes)),
      history: byJob(jobs.length, this.historyStmt.all(ids)),
      outbox: this.ctx.stores.outbox.knownOutboxes(ids),
    };
  }

  private runJob(job: JobRow, i: number, rules: readonly Rule[], facts: BatchFacts): JobOutcome {
    const { ctx } = this;
    const id = job.order_client_id;
    const order = facts.orders.get(id);
    if (!order) throw new Error(`order ${id} of a reconstruction job does not exist`);
    if (order.status === 'Deleted') {
      // A deleted order shows no states and the server refuses its changes: nothing to derive.
      this.writes.finish(id);
      return { orderClientId: id, outcome: 'skipped', changed: false, notifications: [], order: null };
    }
    const nowMs = ctx.clock.now();
    const now = this.nowIso(nowMs);
    const result = reconstruct({
      scenario: job.scenario,
      rules,
      shipmentIds: facts.shipmentIds[i]!,
      stepStates: facts.stepStates[i]!,
      history: facts.history[i]!,
      newId: () => uuidv7(nowMs),
    });
    const outbox = facts.outbox.get(id) ?? { tail: undefined, open: [] };

    // Step 4: the current state, and the business status following InDelivery/Delayed (synced
    // like any edit: the status and its update operation in this transaction).
    const state = result.current?.state ?? null;
    const since = result.current?.since ?? null;
    const orderChanged = state !== order.order_state || since !== order.order_state_since;
    let rev = order.local_rev;
    let status: OrderStatus = order.status;
    let enqueued = false;
    const target = state as OrderStatus;
    // An order the server made final takes no status move: the server would refuse it (423).
    const follows = orderChanged && state !== null && FOLLOWED_STATES.has(state) && !isFinal(status) && status !== target && canMoveOrderStatus(status, target);
    if (follows && !(order.sync_status === 'Blocked' && finalOnServer(ctx, id))) {
      status = target;
      // Inserted with the batch's other rows (in job order, as row by row): the job's only later
      // operation, its state history, never folds into it.
      ctx.stores.outbox.enqueueKnown(outbox, { orderClientId: id, kind: 'update', fields: ['status'], orderRev: ++rev }, this.writes.insertOperation);
      enqueued = true;
    }
    const notifications = this.persistHistory(order, result, nowMs, now);
    // The server learns created and corrected entries (by id) and removed ids in one operation.
    if (result.added.length > 0 || result.removed.length > 0 || result.corrected.length > 0) {
      const payload = { added: [...result.added, ...result.corrected].map(toApiEntry), removed: result.removed.map((e) => e.id) };
      ctx.stores.outbox.enqueueKnown(outbox, { orderClientId: id, kind: 'stateHistory', orderRev: ++rev, payload }, this.writes.insertOperation);
      enqueued = true;
    }
    let syncStatus = order.sync_status;
    if (orderChanged || enqueued) {
      // The status followed, and each operation bumped the revision (one per change it reports): the row is written once.
      if (enqueued) syncStatus = this.syncStatus(order, status, outbox);
      this.writes.setOrder(id, status, state, since, rev, enqueued ? now : order.updated_at, syncStatus);
    }

    // Step 7: partly fulfilled rules are checked again later; what was written above stays.
    let outcome: JobOutcome['outcome'] = 'done';
    const delay = result.partial.length > 0 ? partialDelay(this.policy, job.partial_runs) : null;
    if (delay !== null) {
      this.writes.requeue(id, 'update', job.partial_runs + 1, this.dueIso(nowMs + delay), now);
      outcome = 'requeued';
    } else {
      this.writes.finish(id);
    }
    // An operation queued without the state moving (an entry added before the current one)
    // still changed the order row, and the pusher must hear of it (consumer.ts emits this).
    const written = orderChanged || enqueued ? { status, syncStatus } : null;
    return { orderClientId: id, outcome, changed: result.changed, notifications, order: written };
  }

  /** Steps 3, 5 and 6: the history rows, the index's order-state columns, a notification per creation. */
  private persistHistory(order: JobOrder, result: Reconstruction, nowMs: number, now: string): EventPayload<'notification'>[] {
    if (!result.changed) return [];
    const { stores } = this;
    const id = order.client_id;
    for (const e of result.removed) stores.history.remove(id, e);
    for (const e of result.rewritten) stores.history.rewrite(id, e);
    for (const e of result.added) this.writes.insertHistory(id, e, now);
    this.writes.setIndexState(id, result.current);
    const label = `#${orderNumber({ serverId: order.server_id, clientId: id })}`;
    return result.added.map((e) => {
      const row = entryNotification(id, label, e, nowMs, now);
      this.writes.insertNotification(row.id, row.kind, id, e.id, e.state, row.message, row.at);
      return { id: row.id, kind: row.kind, orderClientId: id, message: row.message, at: row.at };
    });
  }

  /**
   * What `refreshSyncStatus` (sync/order-sync-status.ts) stores after this job's operations,
   * from the order and outbox as this batch read and wrote them instead of reading them again.
   */
  private syncStatus(order: JobOrder, status: OrderStatus, outbox: KnownOutbox): SyncStatus {
    const open: OpenOperation[] = outbox.open.map((op) => ({
      kind: op.kind,
      state: op.state as OpenOperation['state'],
      nextAttemptAt: op.next_attempt_at ? Date.parse(op.next_attempt_at) : null,
    }));
    const next = syncStatusFor({
      orderStatus: status,
      hasSale: open.length === 0 && this.ctx.stores.payments.sale(order.client_id) !== null,
      blockedReason: order.blocked_reason,
      open,
      online: this.ctx.connectivity.online,
      now: this.ctx.clock.now(),
    });
    if (next !== order.sync_status) assertSyncMove(order.sync_status, next);
    return next;
  }
}
