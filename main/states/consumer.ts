import type { Transaction } from 'better-sqlite3';
import type { OrderStatus, SyncStatus } from '../../common/entities.ts';
import type { EventPayload } from '../../common/ipc-contract.ts';
import { inTransaction, type Context } from '../context.ts';
import type { HistoryStore } from './history-store.ts';
import { JobRunner } from './job-runner.ts';
import type { NotificationStore } from './notification-store.ts';
import type { JobRow, QueueStore } from './queue-store.ts';
import { failureDelay, type RetryPolicy } from './retry-policy.ts';
import type { ShippingIndexStore } from './shipping-index.ts';
import type { StepStateStore } from './step-state-store.ts';
import type { Rule } from './types.ts';
import { errorDetail } from '../errors.ts';

export interface ConsumerStores {
  stepStates: StepStateStore;
  history: HistoryStore;
  queue: QueueStore;
  index: ShippingIndexStore;
  notifications: NotificationStore;
}

export interface JobOutcome {
  orderClientId: string;
  outcome: 'done' | 'requeued' | 'skipped' | 'failed' | 'dead';
  /** Whether the history changed (and so the ShippingIndex was written). */
  changed: boolean;
  notifications: EventPayload<'notification'>[];
  /**
   * Set when the job changed the order row — its derived state moved, or it queued an outbox
   * operation (the sync status may move, and the pusher must send it): the status and sync
   * status the job wrote. The consumer emits `order.changed` for it, which the UI and the pusher hear.
   */
  order: { status: OrderStatus; syncStatus: SyncStatus } | null;
  error?: string;
}

export interface RunSummary {
  jobs: JobOutcome[];
}

/**
 * The queue consumer (SPEC §6 steps 1–7): runs due jobs, each one order (job-runner.ts). Every
 * write of a job — history, order state and status with its outbox operation, ShippingIndex,
 * notifications, the state-history operation, the job's removal or re-enqueue — happens in its
 * batch's SQLite transaction, so a crash at any instant leaves the job to run again from scratch
 * and nothing half-done; a job that throws is undone alone (see runBatch); UI events are emitted
 * only after the commit.
 */
export class ReconstructionConsumer {
  private readonly ctx: Context;
  private readonly stores: ConsumerStores;
  private readonly rules: () => readonly Rule[];
  private readonly policy: RetryPolicy;
  private readonly runner: JobRunner;
  private readonly runJobTx: Transaction<(job: JobRow, rules: readonly Rule[]) => JobOutcome>;

  constructor(ctx: Context, stores: ConsumerStores, rules: () => readonly Rule[], policy: RetryPolicy) {
    this.ctx = ctx;
    this.stores = stores;
    this.rules = rules;
    this.policy = policy;
    this.runner = new JobRunner(ctx, stores, policy);
    // Called inside the batch transaction, better-sqlite3 makes this a savepoint: a job that
    // throws is rolled back alone and the batch goes on.
    this.runJobTx = ctx.sqlite.transaction((job: JobRow, rules: readonly Rule[]) => this.runner.run([job], rules)[0]!);
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
    // Peek first (a read): nothing due means no write transaction at all. Each batch then tells
    // whether more jobs were due when it read its own.
    let more = this.stores.queue.anyDue(this.ctx.clock.iso());
    while (more && jobs.length < maxJobs) {
      const take = Math.min(batchSize, maxJobs - jobs.length);
      const batch = this.runBatch(take, rules);
      jobs.push(...batch.outcomes);
      this.emit(batch.outcomes);
      more = batch.more;
    }
    return { jobs };
  }

  /**
   * Up to `take` due jobs in one transaction. They run together, without a savepoint each (a
   * savepoint makes SQLite copy every page it changes to a sub-journal, and JobRunner reads a
   * batch's inputs together). Should a job throw, the whole transaction is rolled back — it held
   * nothing else — and the batch runs again with a savepoint per job, so that only the failing
   * job is undone and recorded as failed, exactly as if every job had run alone.
   */
  private runBatch(take: number, rules: readonly Rule[]): { outcomes: JobOutcome[]; more: boolean } {
    let more = false;
    // One job more than taken is read, to learn whether another batch is due.
    const due = () => {
      const jobs = this.stores.queue.due(this.ctx.clock.iso(), take + 1);
      more = jobs.length > take;
      return more ? jobs.slice(0, take) : jobs;
    };
    try {
      const outcomes = inTransaction(this.ctx, () => this.runner.run(due(), rules));
      return { outcomes, more };
    } catch {
      // Run again below, one job at a time; the failing job's error is recorded there.
    }
    const outcomes = inTransaction(this.ctx, () =>
      due().map((job) => {
        try {
          return this.runJobTx(job, rules);
        } catch (error) {
          this.assertStillInTransaction(error);
          return this.recordFailure(job, error);
        }
      }),
    );
    return { outcomes, more };
  }

  /**
   * Some errors (a full disk, I/O) make SQLite roll back the whole transaction: then nothing
   * may go on, or the next savepoints would each commit on their own.
   */
  private assertStillInTransaction(error: unknown): void {
    if (!this.ctx.sqlite.inTransaction) throw error;
  }

  /** A job that threw: its writes were rolled back; retry later, or keep it dead with the error. */
  private recordFailure(job: JobRow, error: unknown): JobOutcome {
    const nowMs = this.ctx.clock.now();
    const now = new Date(nowMs).toISOString();
    const attempts = job.attempts + 1;
    const message = errorDetail(error);
    const delay = failureDelay(this.policy, attempts);
    const dueAt = delay === null ? null : new Date(nowMs + delay).toISOString();
    this.stores.queue.recordFailure(job.order_client_id, attempts, dueAt, message.slice(0, 2000), now);
    if (dueAt === null) console.error(`order-state job of ${job.order_client_id} is dead after ${attempts} attempts: ${message}`);
    return {
      orderClientId: job.order_client_id,
      outcome: dueAt === null ? 'dead' : 'failed',
      changed: false,
      notifications: [],
      order: null,
      error: message,
    };
  }

  private emit(batch: readonly JobOutcome[]): void {
    const { events } = this.ctx;
    for (const job of batch) {
      for (const n of job.notifications) events.emit('notification', n);
      // What the job wrote is what was committed: the batch's transaction held the write lock.
      // The pusher listens for this too: an operation queued here is otherwise left until something else wakes it.
      if (job.order) events.emit('order.changed', { orderClientId: job.orderClientId, status: job.order.status, syncStatus: job.order.syncStatus });
    }
  }

}
