import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import { insertOperations, OPERATION_TUPLE, OPERATION_WIDTH } from '../outbox/outbox-store.ts';
import type { CurrentState, HistoryEntry } from './types.ts';

/** Rows per statement run: a run costs about a microsecond beyond its rows; past a few dozen rows nothing more is saved. */
const CHUNK = 32;

/**
 * One kind of row write for many rows: values are buffered flat and written CHUNK rows per
 * statement run (a multi-row VALUES list), the remainder one row per run.
 */
class Buffered {
  readonly values: unknown[] = [];
  private readonly width: number;
  private readonly one: Statement<unknown[]>;
  private readonly many: Statement<unknown[]>;

  /** `sql` gets the VALUES list: `(?, …), (?, …)`, one `tuple` (by default `width` placeholders) per row. */
  constructor(sqlite: Sqlite, width: number, sql: (tuples: string) => string, tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`) {
    this.width = width;
    this.one = sqlite.prepare(sql(tuple));
    this.many = sqlite.prepare(sql(Array.from({ length: CHUNK }, () => tuple).join(', ')));
  }

  flush(): void {
    const { values, width } = this;
    const per = CHUNK * width;
    let i = 0;
    // Spread rather than passed as an array: better-sqlite3 binds arguments faster than elements.
    for (; i + per <= values.length; i += per) this.many.run(...values.slice(i, i + per));
    for (; i < values.length; i += width) this.one.run(...values.slice(i, i + width));
    values.length = 0;
  }
}

/**
 * The writes of a batch of reconstruction jobs that do not depend on each other, buffered while
 * the jobs run and written at the end of the batch in job order, in the same transaction: new
 * history rows and notifications (the notifications' rowids in the same order as row by row),
 * the ShippingIndex order-state columns, the order rows, the queue rows and new outbox
 * operations (whose seqs then follow job order too). The SQL says what history-store.ts,
 * notification-store.ts, shipping-index.ts, queue-store.ts and the orders store write row by row.
 * Nothing in a batch reads these rows after the batch's reads, so writing them late is the same.
 */
export class BatchWrites {
  private readonly history: Buffered;
  private readonly notifications: Buffered;
  private readonly indexStates: Buffered;
  private readonly orders: Buffered;
  private readonly requeued: Buffered;
  private readonly finished: Buffered;
  private readonly operations: Buffered;
  private readonly all: Buffered[];

  constructor(sqlite: Sqlite) {
    this.history = new Buffered(
      sqlite,
      10,
      (v) => `insert into order_state_history (id, order_client_id, rule_id, state, position, started_at, fulfilled_at,
        valid_from, valid_to, created_at) values ${v}`,
    );
    this.notifications = new Buffered(
      sqlite,
      7,
      (v) => `insert into notifications (id, kind, order_client_id, history_id, state, message, at) values ${v}`,
    );
    // Only the order-state columns: the FTS trigger is declared on the others (shipping-index.ts).
    this.indexStates = new Buffered(
      sqlite,
      3,
      (v) => `update shipping_index set order_state = v.column2, order_state_since = v.column3
        from (values ${v}) as v where shipping_index.order_client_id = v.column1`,
    );
    this.orders = new Buffered(
      sqlite,
      7,
      (v) => `update orders set status = v.column2, order_state = v.column3, order_state_since = v.column4, local_rev = v.column5,
        updated_at = v.column6, sync_status = v.column7 from (values ${v}) as v where orders.client_id = v.column1`,
    );
    this.requeued = new Buffered(
      sqlite,
      5,
      (v) => `update order_state_process set scenario = v.column2, partial_runs = v.column3, attempts = 0, due_at = v.column4,
        last_error = null, updated_at = v.column5 from (values ${v}) as v where order_state_process.order_client_id = v.column1`,
    );
    this.finished = new Buffered(sqlite, 1, (v) => `delete from order_state_process where order_client_id in (values ${v})`);
    this.operations = new Buffered(sqlite, OPERATION_WIDTH, insertOperations, OPERATION_TUPLE);
    this.all = [this.history, this.notifications, this.indexStates, this.orders, this.requeued, this.finished, this.operations];
  }

  insertHistory(orderClientId: string, e: HistoryEntry, now: string): void {
    this.history.values.push(e.id, orderClientId, e.ruleId, e.state, e.position, e.startedAt, e.fulfilledAt, e.validFrom, e.validTo, now);
  }

  insertNotification(id: string, kind: string, orderClientId: string, historyId: string, state: string, message: string, at: string): void {
    this.notifications.values.push(id, kind, orderClientId, historyId, state, message, at);
  }

  /** Step 5: the order-state columns of all the order's ShippingIndex rows. */
  setIndexState(orderClientId: string, current: CurrentState | null): void {
    this.indexStates.values.push(orderClientId, current?.state ?? null, current?.since ?? null);
  }

  /** The order's status (moved or not), derived state, revision (one per operation queued), updated time and sync status. */
  setOrder(clientId: string, status: string, state: string | null, since: string | null, localRev: number, updatedAt: string, syncStatus: string): void {
    this.orders.values.push(clientId, status, state, since, localRev, updatedAt, syncStatus);
  }

  /** queue-store.ts `requeue`. */
  requeue(orderClientId: string, scenario: string, partialRuns: number, dueAt: string, now: string): void {
    this.requeued.values.push(orderClientId, scenario, partialRuns, dueAt, now);
  }

  /** An outbox operation `enqueueKnown` left for the batch to insert (its DeferredInsert). */
  readonly insertOperation = (values: unknown[]): void => {
    this.operations.values.push(...values);
  };

  /** queue-store.ts `finish`. */
  finish(orderClientId: string): void {
    this.finished.values.push(orderClientId);
  }

  flush(): void {
    for (const buffer of this.all) buffer.flush();
  }

  /** Drops what a failed batch buffered (its transaction is rolled back). */
  clear(): void {
    for (const buffer of this.all) buffer.values.length = 0;
  }
}
