import { index, integer, sql, sqliteTable, text } from '../drizzle.ts';

/**
 * The transactional outbox: one row per request the server must receive, written in the same
 * SQLite transaction as the change it reports. `seq` is the global order of enqueueing; the
 * operations of one order are sent strictly by `seq`. Rows are never deleted (done operations
 * stay as the record), so the rowid only grows: no AUTOINCREMENT, whose `sqlite_sequence` row
 * would be one more page written by every commit that enqueues. `op_id` is minted here (UUIDv7)
 * and never looked up, so it has no index to keep up either.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey(),
    opId: text('op_id').notNull(),
    orderClientId: text('order_client_id').notNull(),
    kind: text('kind').notNull(),
    /** What the operation is about besides the order: a step state id, a sale client id. */
    targetId: text('target_id'),
    /** For `update`: JSON array of the order fields it reports (lines, customer, delivery, status). */
    fields: text('fields'),
    /** For `stateHistory`: JSON `{added, removed}`; for `stepState`: the notice. Other kinds read the order. */
    payload: text('payload'),
    /** The order's `localRev` after the change this operation reports. */
    orderRev: integer('order_rev').notNull(),
    /** The key of the next (or current) attempt; generated at enqueue, renewed after a definite 412/423. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** JSON array of every key this operation has used. */
    keys: text('keys').notNull().default('[]'),
    /** seq of an operation that must be done first (a sale waits for its order's create). */
    dependsOn: integer('depends_on'),
    /** pending | done | failed | blocked | cancelled */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    /** The last error's code and params as JSON (common/problem.ts `storedFacts`), for the UI's words. */
    lastProblem: text('last_problem'),
    /** The request frozen at the first attempt (`outbox_requests.id`); null until then. */
    requestId: integer('request_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    doneAt: text('done_at'),
  },
  (t) => [
    index('outbox_order_idx').on(t.orderClientId, t.seq),
    index('outbox_open_idx')
      .on(t.state, t.seq)
      .where(sql`state in ('pending', 'failed', 'blocked')`),
    // Counts the cancelled operations without reading the done ones (outbox-store.ts `counts`).
    index('outbox_cancelled_idx')
      .on(t.seq)
      .where(sql`state = 'cancelled'`),
  ],
);

/**
 * The requests frozen at each operation's first attempt, appended in the order they were frozen.
 * Kept apart from the outbox row so that freezing a body never grows the row that every answer
 * then rewrites: outbox rows stay small, and a drain's commits write the new bodies side by side
 * at the end of this table.
 */
export const outboxRequests = sqliteTable('outbox_requests', {
  id: integer('id').primaryKey(),
  /** The operation (`outbox.seq`) the request was frozen for. */
  seq: integer('seq').notNull(),
  /** JSON: method, path template and body. */
  request: text('request').notNull(),
});
