import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import { orderAndStateFilter } from '../../db/filters.ts';
import type { Scenario } from './types.ts';

export interface JobRow {
  order_client_id: string;
  scenario: Scenario;
  state: 'queued' | 'dead';
  attempts: number;
  partial_runs: number;
  /** Canonical ISO 8601 UTC: text order is instant order, so SQL compares them directly. */
  due_at: string;
  last_error: string | null;
  enqueued_at: string;
  updated_at: string;
}

/**
 * The durable queue `order_state_process`: at most one job per order. Every method runs inside
 * the caller's transaction.
 */
export class QueueStore {
  private readonly sqlite: Sqlite;
  private readonly enqueueMarkedStmt: Statement<[{ now: string }]>;
  private readonly resetMarkersStmt: Statement<[]>;
  private readonly anyMarkedStmt: Statement<[], number>;
  private readonly dueStmt: Statement<[string, number], JobRow>;
  private readonly anyDueStmt: Statement<[string], number>;
  private readonly getStmt: Statement<[string], JobRow>;
  private readonly finishStmt: Statement<[string]>;
  private readonly requeueStmt: Statement<unknown[]>;
  private readonly failStmt: Statement<unknown[]>;
  private readonly nextDueStmt: Statement<[], { due_at: string | null }>;
  private readonly retryStmt: Statement<[{ now: string; id: string }]>;

  constructor(sqlite: Sqlite) {
    this.sqlite = sqlite;
    // One set-based upsert: a marker 2 asks for `deletion`, 1 for `update`; a queued job meets
    // the new scenario through marker.ts mergeScenario's rule (upgrade, never downgrade), becomes
    // due now (new notices are worth a look at once), and a dead job comes back to life.
    this.enqueueMarkedStmt = sqlite.prepare(
      `insert into order_state_process (order_client_id, scenario, state, attempts, partial_runs, due_at, last_error,
         enqueued_at, updated_at)
       select client_id, case when order_state_process_required >= 2 then 'deletion' else 'update' end, 'queued', 0, 0,
         @now, null, @now, @now
       from orders where order_state_process_required > 0
       on conflict (order_client_id) do update set
         scenario = case when order_state_process.scenario = 'deletion' or excluded.scenario = 'deletion'
           then 'deletion' else 'update' end,
         attempts = case when order_state_process.state = 'dead' then 0 else order_state_process.attempts end,
         state = 'queued',
         partial_runs = 0,
         due_at = excluded.due_at,
         updated_at = excluded.updated_at`,
    );
    this.resetMarkersStmt = sqlite.prepare(
      'update orders set order_state_process_required = 0 where order_state_process_required > 0',
    );
    this.anyMarkedStmt = sqlite.prepare<[], number>('select 1 from orders where order_state_process_required > 0 limit 1').pluck();
    this.dueStmt = sqlite.prepare(
      `select * from order_state_process where state = 'queued' and due_at <= ? order by due_at, order_client_id limit +?`,
    );
    this.anyDueStmt = sqlite.prepare<[string], number>(`select 1 from order_state_process where state = 'queued' and due_at <= ? limit 1`).pluck();
    this.getStmt = sqlite.prepare('select * from order_state_process where order_client_id = ?');
    this.finishStmt = sqlite.prepare('delete from order_state_process where order_client_id = ?');
    this.requeueStmt = sqlite.prepare(
      `update order_state_process set scenario = ?, partial_runs = ?, attempts = 0, due_at = ?, last_error = null,
         updated_at = ? where order_client_id = ?`,
    );
    this.failStmt = sqlite.prepare(
      `update order_state_process set state = ?, attempts = ?, due_at = ?, last_error = ?, updated_at = ?
       where order_client_id = ?`,
    );
    this.nextDueStmt = sqlite.prepare(`select min(due_at) as due_at from order_state_process where state = 'queued'`);
    this.retryStmt = sqlite.prepare(
      `update order_state_process set state = 'queued', attempts = 0, due_at = @now, updated_at = @now
       where order_client_id = @id and state = 'dead'`,
    );
  }

  /** The sweep (SPEC §6 "command"): marked orders onto the queue, markers reset. Returns how many. */
  enqueueMarked(now: string): number {
    const moved = this.enqueueMarkedStmt.run({ now }).changes;
    if (moved > 0) this.resetMarkersStmt.run();
    return moved;
  }

  /** A cheap read (no write lock) so an idle terminal's timers never open a write transaction. */
  anyMarked(): boolean {
    return this.anyMarkedStmt.get() !== undefined;
  }

  /** The first `limit` jobs due at `now`, earliest first. */
  due(now: string, limit: number): JobRow[] {
    return this.dueStmt.all(now, limit);
  }

  /** Whether any job is due at `now` (a read: no write lock). */
  anyDue(now: string): boolean {
    return this.anyDueStmt.get(now) !== undefined;
  }

  get(orderClientId: string): JobRow | undefined {
    return this.getStmt.get(orderClientId);
  }

  finish(orderClientId: string): void {
    this.finishStmt.run(orderClientId);
  }

  /** Partly fulfilled rules: the job stays, to run again at `dueAt` (step 7). */
  requeue(orderClientId: string, scenario: Scenario, partialRuns: number, dueAt: string, now: string): void {
    this.requeueStmt.run(scenario, partialRuns, dueAt, now, orderClientId);
  }

  /** A run threw: retry at `dueAt`, or keep the job as dead (dueAt null) with its error. */
  recordFailure(orderClientId: string, attempts: number, dueAt: string | null, error: string, now: string): void {
    this.failStmt.run(dueAt === null ? 'dead' : 'queued', attempts, dueAt ?? now, error, now, orderClientId);
  }

  /** When the next queued job is due, if any. */
  nextDueAt(): string | null {
    return this.nextDueStmt.get()?.due_at ?? null;
  }

  /** Puts a dead job back on the queue, due now. */
  retry(orderClientId: string, now: string): boolean {
    return this.retryStmt.run({ now, id: orderClientId }).changes > 0;
  }

  /** Jobs as listed for the staff, each with its order's server number (0 until the server knows it). */
  list(filter: { states?: readonly ('queued' | 'dead')[] | undefined; orderClientId?: string | undefined; limit: number }): (JobRow & { server_id: number | null })[] {
    const { where, args } = orderAndStateFilter(filter);
    const sql = `select q.*, o.server_id from order_state_process q left join orders o on o.client_id = q.order_client_id ${where}
      order by state = 'dead' desc, due_at, order_client_id limit +?`;
    return this.sqlite.prepare<unknown[], JobRow & { server_id: number | null }>(sql).all(...args, filter.limit);
  }
}
