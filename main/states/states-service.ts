import { orderNumber } from '../../common/order-label.ts';
import { storedProblem } from '../../common/problem.ts';
import type { OrderTimelineView } from '../../common/order-states.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { blockedReasonNow, finalOnServer } from '../sync/server-final.ts';
import { AwaitingStepStateStore } from './awaiting-step-states.ts';
import { ReconstructionConsumer, type ConsumerStores, type RunSummary } from './consumer.ts';
import { HistoryStore } from './history-store.ts';
import { canonicalIso } from './instant.ts';
import { NotificationStore } from './notification-store.ts';
import { QueueStore } from './queue-store.ts';
import { chronology, evaluateRules } from './reconstruct.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
import { RuleStore } from './rules.ts';
import { StateScheduler } from './scheduler.ts';
import { ShippingIndexStore } from './shipping-index.ts';
import { StepStateService } from './step-state-service.ts';
import { StepStateStore } from './step-state-store.ts';
import { sweepMarkedOrders } from './sweeper.ts';
import type { Rule } from './types.ts';
import { toHistoryView, toJobView, toStepStateView } from './views.ts';

export interface StatesOptions {
  /** Run the sweeper and consumer on timers and after changes (default true; tests drive them by hand). */
  timers?: boolean;
  /** The steady sweep interval. */
  intervalMs?: number;
  /** Jobs per SQLite transaction when the consumer runs. */
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
}

/** A StepState as the sync engine pulls it (`API.md` StepState, resolved to the local shipment). */
export interface ServerStepState {
  id: string;
  shipmentId: string;
  code: string;
  at: string;
  /** `manual` when the server echoes a notice a terminal added by hand; `server` by default. */
  source?: 'server' | 'manual';
}

/**
 * Order-state reconstruction for one terminal (SPEC §6): the stores, the manual notices, the
 * sweeper and the consumer with their timers, and the read models the deliveries screen shows.
 */
export class StatesService {
  readonly stores: ConsumerStores;
  readonly rules: RuleStore;
  readonly stepStates: StepStateService;
  /** Pulled notices whose shipment is not held here yet. */
  readonly awaiting: AwaitingStepStateStore;
  private readonly ctx: Context;
  private readonly consumer: ReconstructionConsumer;
  private readonly scheduler: StateScheduler;
  private readonly batchSize: number;
  private readonly timers: boolean;

  constructor(ctx: Context, options: StatesOptions = {}) {
    this.ctx = ctx;
    this.timers = options.timers ?? true;
    this.batchSize = options.batchSize ?? 64;
    const sqlite = ctx.sqlite;
    this.stores = {
      stepStates: new StepStateStore(sqlite),
      history: new HistoryStore(sqlite),
      queue: new QueueStore(sqlite),
      index: new ShippingIndexStore(sqlite),
      notifications: new NotificationStore(sqlite),
    };
    this.awaiting = new AwaitingStepStateStore(sqlite);
    this.rules = new RuleStore(sqlite, ctx.stores.settings);
    inTransaction(ctx, () => this.rules.ensureDefaults());
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.consumer = new ReconstructionConsumer(ctx, this.stores, () => this.rules.all(), policy);
    this.stepStates = new StepStateService(ctx, this.stores.stepStates, () => this.kick());
    this.scheduler = new StateScheduler(() => this.round(), options.intervalMs ?? 5_000, () => ctx.clock.now());
  }

  /** Starts the timers (unless disabled); a first round runs at once for work left by a stop. */
  start(): void {
    if (this.timers) this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Call after committing step-state or rule changes: sweeps and consumes right after. */
  kick(): void {
    this.scheduler.kick();
  }

  /** Marked orders onto the queue (one transaction). */
  sweep(): number {
    return sweepMarkedOrders(this.ctx, this.stores.queue);
  }

  /** Runs the jobs due now (tests and benchmarks call it directly). */
  runDue(options: { batchSize?: number; maxJobs?: number } = {}): RunSummary {
    return this.consumer.runDue({ batchSize: options.batchSize ?? this.batchSize, maxJobs: options.maxJobs });
  }

  /** Sweep then consume everything due now, until nothing moves. */
  drain(): RunSummary {
    const jobs: RunSummary['jobs'] = [];
    for (;;) {
      this.sweep();
      const round = this.runDue();
      jobs.push(...round.jobs);
      if (round.jobs.length === 0) return { jobs };
    }
  }

  private round(): { nextDueMs: number | null; moreNow: boolean } {
    this.sweep();
    const maxJobs = this.batchSize * 8;
    const ran = this.runDue({ maxJobs }).jobs.length;
    const next = this.stores.queue.nextDueAt();
    return { nextDueMs: next === null ? null : Date.parse(next), moreNow: ran >= maxJobs };
  }

  // --- the sync engine's side: pulled notices and rules. Each runs in the caller's transaction
  // when there is one (a savepoint), else in its own; call `kick()` after the commit.

  /**
   * A carrier/server notice pulled from `/v2/changes`. One whose shipment is not held here yet is
   * kept aside (`awaiting`), taken when a later page brings the shipment (`takeArrived`).
   */
  applyServerStepState(s: ServerStepState): 'created' | 'updated' | 'unchanged' | 'awaiting_shipment' {
    return this.ctx.sqlite.transaction(() => {
      const source = s.source ?? 'server';
      const orderClientId = this.stores.stepStates.orderOfShipment(s.shipmentId);
      if (orderClientId === undefined) {
        this.awaiting.keep({ id: s.id, shipmentId: s.shipmentId, code: s.code, at: s.at, source }, this.ctx.clock.iso());
        return 'awaiting_shipment' as const;
      }
      this.awaiting.drop(s.id);
      const input = { id: s.id, shipmentId: s.shipmentId, orderClientId, code: s.code, at: canonicalIso(s.at), source };
      return this.stores.stepStates.upsert(input, this.ctx.clock.iso());
    })();
  }

  /**
   * The kept-aside notices whose shipment is held now, taken as notices of its order; the orders
   * they changed. In the caller's transaction (the pulled page's).
   */
  takeArrived(): string[] {
    return this.ctx.sqlite.transaction(() => {
      const orders = new Set<string>();
      for (const s of this.awaiting.arrived()) {
        if (this.applyServerStepState(s) === 'awaiting_shipment') continue;
        const order = this.stores.stepStates.orderOfShipment(s.shipmentId);
        if (order) orders.add(order);
      }
      return [...orders];
    })();
  }

  /** A `stepStateRemoved` change pulled from the server (a notice kept aside is forgotten too). */
  removeServerStepState(id: string): boolean {
    return this.ctx.sqlite.transaction(() => {
      this.awaiting.drop(id);
      return this.stores.stepStates.remove(id) !== undefined;
    })();
  }

  /** The rule catalog from `GET /v2/order-state-rules`. */
  replaceRules(rules: readonly Rule[], version: number): boolean {
    return this.ctx.sqlite.transaction(() => this.rules.replace(rules, version))();
  }

  // --- read models

  timeline(orderClientId: string): OrderTimelineView {
    const { ctx, stores } = this;
    const order = ctx.stores.orders.get(orderClientId);
    if (!order) throw notFound('order', orderClientId);
    const shipments = ctx.stores.orders.shipments(orderClientId);
    const stepStates = stores.stepStates.forOrder(orderClientId);
    const job = stores.queue.get(orderClientId);
    const server = finalOnServer(ctx, orderClientId, order);
    const progress = evaluateRules(
      this.rules.all().filter((r) => r.active),
      shipments.map((s) => s.shipmentId),
      stepStates.map((s) => ({ shipmentId: s.shipment_id, code: s.code, at: s.at })),
    );
    return {
      orderClientId,
      orderNumber: orderNumber({ serverId: order.server_id, clientId: orderClientId }),
      status: order.status,
      syncStatus: order.sync_status,
      blockedReason: blockedReasonNow(ctx, orderClientId, storedProblem(order.blocked_reason, order.blocked_problem), server),
      finalOnServer: server?.status ?? null,
      orderState: order.order_state,
      orderStateSince: order.order_state_since,
      history: chronology(stores.history.forOrder(orderClientId)).history.map(toHistoryView),
      shipments: shipments.map((s) => ({
        ...s,
        stepStates: stepStates.filter((st) => st.shipment_id === s.shipmentId).map(toStepStateView),
      })),
      progress,
      pending: order.order_state_process_required > 0 || job?.state === 'queued',
      job: job ? toJobView(job, order.server_id) : null,
    };
  }

  retryJob(orderClientId: string) {
    const row = inTransaction(this.ctx, () => {
      if (!this.stores.queue.retry(orderClientId, this.ctx.clock.iso())) {
        throw new DomainError('not_dead', `order ${orderClientId} has no dead order-state job to retry`);
      }
      return this.stores.queue.get(orderClientId)!;
    });
    this.kick();
    return toJobView(row, this.ctx.stores.orders.get(orderClientId)?.server_id ?? 0);
  }
}
