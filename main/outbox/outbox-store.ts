import type { Statement } from 'better-sqlite3';
import type { OutboxKind, OutboxOperationView, OutboxState } from '../../common/entities.ts';
import { orderNumber } from '../../common/order-label.ts';
import { storedFacts, storedProblem, type Problem } from '../../common/problem.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { Sqlite } from '../../db/connection.ts';
import { orderAndStateFilter } from '../../db/filters.ts';
import { serverFinalCopy } from '../sync/server-final-status.ts';
import type { Clock } from '../clock.ts';
import { canCoalesce, mergeFields, type UpdateField } from './coalesce.ts';

export interface EnqueueInput {
  orderClientId: string;
  kind: OutboxKind;
  /** The order's localRev after the change this operation reports. */
  orderRev: number;
  fields?: readonly UpdateField[];
  payload?: unknown;
  targetId?: string;
}

export interface OutboxRow {
  seq: number;
  op_id: string;
  order_client_id: string;
  kind: OutboxKind;
  target_id: string | null;
  fields: string | null;
  payload: string | null;
  order_rev: number;
  idempotency_key: string;
  keys: string;
  depends_on: number | null;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  /** `last_error`'s code and params (common/problem.ts `storedFacts`). */
  last_problem: string | null;
  /** The request frozen at the first attempt (`outbox_requests.id`), null before it. */
  request_id: number | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

/** What `enqueue` needs of one operation: the tail's coalescing inputs, an open one's sync situation. */
export type KnownOperation = Pick<OutboxRow, 'seq' | 'kind' | 'state' | 'attempts' | 'fields' | 'next_attempt_at'>;

/**
 * An order's outbox as `enqueue` reads it, read for many orders at once (`knownOutboxes`) and
 * kept current by `enqueueKnown` while its caller's transaction runs.
 */
export interface KnownOutbox {
  /** The last operation not cancelled (the one an `update` may fold into). */
  tail: KnownOperation | undefined;
  /** Pending, failed and blocked operations in seq order (the order's sync situation). */
  open: KnownOperation[];
}

/** A new operation's row: OPERATION_WIDTH values, in the column order of `insertOperations`. */
export const OPERATION_TUPLE = "(?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 'pending', 0, ?, ?)";
export const OPERATION_WIDTH = 11;

/** The insert of new operations, `tuples` being one or more OPERATION_TUPLEs (a batch writer's multi-row insert). */
export function insertOperations(tuples: string): string {
  return `insert into outbox (op_id, order_client_id, kind, target_id, fields, payload, order_rev, idempotency_key,
    keys, depends_on, state, attempts, created_at, updated_at) values ${tuples}`;
}

/**
 * Where `enqueueKnown` may put a new operation's row values (OPERATION_WIDTH of them) for a
 * batch writer to insert later in the same transaction, in the order given, instead of inserting
 * it at once. Its seq is not known until then (NaN in the KnownOutbox): nothing may be folded
 * into it meanwhile (enqueueKnown throws rather than lose the update).
 */
export type DeferredInsert = (values: unknown[]) => void;

/**
 * Writes outbox operations. Every method runs inside the caller's SQLite transaction, so the
 * operation commits together with the change it reports, or not at all.
 */
export class OutboxStore {
  private readonly sqlite: Sqlite;
  private readonly clock: Clock;
  private readonly tailStmt: Statement<[string], OutboxRow>;
  private readonly openCreateStmt: Statement<[string], { seq: number }>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly coalesceStmt: Statement<unknown[]>;
  private readonly openForOrderStmt: Statement<[string], OutboxRow>;
  private readonly cancelUnsentStmt: Statement<unknown[]>;
  private readonly cancelOpenStmt: Statement<unknown[]>;
  private readonly unfrozenOrderOpsStmt: Statement<[], number>;
  private readonly renewKeyStmt: Statement<[string, number]>;
  private readonly maybeSentStmt: Statement<[]>;
  private readonly situationStmt: Statement<[string], Pick<OutboxRow, 'kind' | 'state' | 'next_attempt_at'>>;
  private readonly knownTailsStmt: Statement<[string], KnownOperation & { order_client_id: string }>;
  private readonly knownOpenStmt: Statement<[string], KnownOperation & { order_client_id: string }>;
  private readonly openCountsStmt: Statement<[], { state: 'pending' | 'failed' | 'blocked'; n: number }>;
  private readonly cancelledCountStmt: Statement<[], number>;
  private readonly allCountStmt: Statement<[], number>;

  constructor(sqlite: Sqlite, clock: Clock) {
    this.sqlite = sqlite;
    this.clock = clock;
    this.tailStmt = sqlite.prepare(
      `select * from outbox where order_client_id = +? and state != 'cancelled' order by seq desc limit 1`,
    );
    this.openCreateStmt = sqlite.prepare(
      `select seq from outbox where order_client_id = ? and kind = 'create' and state not in ('done', 'cancelled') limit 1`,
    );
    this.insertStmt = sqlite.prepare(insertOperations(OPERATION_TUPLE));
    this.coalesceStmt = sqlite.prepare(`update outbox set fields = ?, order_rev = ?, updated_at = ? where seq = ?`);
    this.openForOrderStmt = sqlite.prepare(
      `select * from outbox where order_client_id = +? and state in ('pending', 'failed', 'blocked') order by seq`,
    );
    this.situationStmt = sqlite.prepare(
      `select kind, state, next_attempt_at from outbox where order_client_id = +? and state in ('pending', 'failed', 'blocked') order by seq`,
    );
    this.cancelUnsentStmt = sqlite.prepare(
      `update outbox set state = 'cancelled', updated_at = ?, last_error = ?, last_problem = null
       where order_client_id = ? and state = 'pending' and attempts = 0`,
    );
    this.unfrozenOrderOpsStmt = sqlite
      .prepare<[], number>(`select seq from outbox where state in ('pending', 'failed', 'blocked') and request_id is null and kind in ('create', 'update')`)
      .pluck();
    this.renewKeyStmt = sqlite.prepare('update outbox set idempotency_key = ? where seq = ?');
    this.maybeSentStmt = sqlite.prepare(`update outbox set attempts = max(attempts, 1) where state in ('pending', 'failed', 'blocked')`);
    this.cancelOpenStmt = sqlite.prepare(
      `update outbox set state = 'cancelled', updated_at = ?, last_error = ?, last_problem = ?
       where order_client_id = ? and state in ('pending', 'failed', 'blocked')`,
    );
    // The tail and open operations of a JSON array of orders: the same rows tailStmt,
    // openCreateStmt and situationStmt find, one statement each for a whole batch.
    this.knownTailsStmt = sqlite.prepare(
      `select j.value as order_client_id, o.seq, o.kind, o.state, o.attempts, o.fields, o.next_attempt_at
       from json_each(?) j join outbox o on o.seq = (select t.seq from outbox t
         where t.order_client_id = j.value and t.state != 'cancelled' order by t.seq desc limit 1)`,
    );
    this.knownOpenStmt = sqlite.prepare(
      `select order_client_id, seq, kind, state, attempts, fields, next_attempt_at from outbox indexed by outbox_order_idx
       where order_client_id in (select value from json_each(?)) and state in ('pending', 'failed', 'blocked')
       order by order_client_id, seq`,
    );
    // The sync panel's counts (on every refresh): none reads the done operations (see `counts`).
    this.openCountsStmt = sqlite.prepare(`select state, count(*) as n from outbox where state in ('pending', 'failed', 'blocked') group by state`);
    this.cancelledCountStmt = sqlite.prepare<[], number>(`select count(*) from outbox where state = 'cancelled'`).pluck();
    this.allCountStmt = sqlite.prepare<[], number>(`select count(*) from outbox`).pluck();
  }

  /** Adds the operation, or folds an `update` into the order's never-attempted tail. */
  enqueue(input: EnqueueInput): { seq: number; coalesced: boolean } {
    const now = this.clock.iso();
    const tail = this.tailStmt.get(input.orderClientId);
    const { seq, coalesced } = this.place(input, tail, () => this.openCreateStmt.get(input.orderClientId)?.seq, now);
    return { seq, coalesced };
  }

  /** Each order's outbox as `enqueueKnown` needs it; `orderClientIdsJson` is a JSON array of ids. */
  knownOutboxes(orderClientIdsJson: string): Map<string, KnownOutbox> {
    const known = new Map<string, KnownOutbox>();
    for (const { order_client_id: id, ...op } of this.knownOpenStmt.all(orderClientIdsJson)) {
      const entry = known.get(id);
      if (entry) entry.open.push(op);
      else known.set(id, { tail: undefined, open: [op] });
    }
    for (const { order_client_id: id, ...op } of this.knownTailsStmt.all(orderClientIdsJson)) {
      const entry = known.get(id);
      // An open tail is the same operation as the open list's last: share the object, so a
      // fold into it shows in both.
      if (entry) entry.tail = entry.open.find((o) => o.seq === op.seq) ?? op;
      else known.set(id, { tail: op, open: [] });
    }
    return known;
  }

  /**
   * `enqueue`, on an outbox already read (`knownOutboxes`, or empty for an order with none):
   * the same rule and the same rows, without reading them again; `known` follows the write.
   */
  enqueueKnown(known: KnownOutbox, input: EnqueueInput, defer?: DeferredInsert): { seq: number; coalesced: boolean } {
    const now = this.clock.iso();
    const { seq, coalesced, fields } = this.place(input, known.tail, () => known.open.find((o) => o.kind === 'create')?.seq, now, defer);
    if (coalesced) {
      known.tail!.fields = fields;
    } else {
      const op: KnownOperation = { seq, kind: input.kind, state: 'pending', attempts: 0, fields, next_attempt_at: null };
      known.tail = op;
      known.open.push(op);
    }
    return { seq, coalesced };
  }

  /**
   * The coalescing rule (coalesce.ts) and the dependsOn rule: an `update` folds into a
   * never-attempted tail; anything else is inserted, depending on the order's open `create`.
   * Returns the written row's seq and `fields`.
   */
  private place(
    input: EnqueueInput,
    tail: Pick<OutboxRow, 'seq' | 'kind' | 'state' | 'attempts' | 'fields'> | undefined,
    openCreateSeq: () => number | undefined,
    now: string,
    insertLater?: DeferredInsert,
  ): { seq: number; coalesced: boolean; fields: string | null } {
    const tailFields = tail?.fields ? (JSON.parse(tail.fields) as UpdateField[]) : null;
    if (tail && canCoalesce({ kind: tail.kind, state: tail.state, attempts: tail.attempts, fields: tailFields }, input.kind)) {
      // A deferred insert has no seq yet: folding into it would update no row and lose the change.
      if (Number.isNaN(tail.seq)) throw new Error(`an update of order ${input.orderClientId} cannot fold into an operation not inserted yet`);
      const fields = tail.kind === 'update' ? JSON.stringify(mergeFields(tailFields, input.fields ?? [])) : tail.fields;
      this.coalesceStmt.run(fields, input.orderRev, now, tail.seq);
      return { seq: tail.seq, coalesced: true, fields };
    }
    const create = input.kind === 'create' ? undefined : openCreateSeq();
    const fields = input.fields ? JSON.stringify(input.fields) : null;
    const values = [
      uuidv7(this.clock.now()),
      input.orderClientId,
      input.kind,
      input.targetId ?? null,
      fields,
      input.payload === undefined ? null : JSON.stringify(input.payload),
      input.orderRev,
      crypto.randomUUID(),
      create ?? null,
      now,
      now,
    ];
    if (insertLater) {
      insertLater(values);
      return { seq: Number.NaN, coalesced: false, fields };
    }
    const info = this.insertStmt.run(...values);
    return { seq: Number(info.lastInsertRowid), coalesced: false, fields };
  }

  openOperations(orderClientId: string): OutboxRow[] {
    return this.openForOrderStmt.all(orderClientId);
  }

  /** What the sync status of an order depends on: its open operations' kinds, states and retry times. */
  openSituation(orderClientId: string): Array<Pick<OutboxRow, 'kind' | 'state' | 'next_attempt_at'>> {
    return this.situationStmt.all(orderClientId);
  }

  /** Cancels every operation of the order that was never attempted (nothing of it reached the server). */
  cancelUnsent(orderClientId: string, reason: string): number {
    return this.cancelUnsentStmt.run(this.clock.iso(), reason, orderClientId).changes;
  }

  /**
   * A database put back from a copy (main/restored-copy.ts): what the copy holds as not yet sent
   * may have been sent after the copy was taken. Every open operation counts as tried once, so
   * none absorbs a later change (it would not reach the server, which answers a create it has
   * with the order it has) and deleting its order sends the deletion rather than assuming the
   * server never saw it; and every open create and update whose request was never frozen gets a
   * new key, as its body, built from the order when sent, may not be the one sent under the old
   * key. Returns how many operations were open.
   */
  treatAsMaybeSent(): number {
    for (const seq of this.unfrozenOrderOpsStmt.all()) this.renewKeyStmt.run(crypto.randomUUID(), seq);
    return this.maybeSentStmt.run().changes;
  }

  /** Every open operation of the order, kept as cancelled history with the reason, and its facts when it is a problem (none may be in flight). */
  cancelOpen(orderClientId: string, reason: string | Problem): number {
    return this.cancelOpenStmt.run(this.clock.iso(), typeof reason === 'string' ? reason : reason.message, typeof reason === 'string' ? null : storedFacts(reason), orderClientId).changes;
  }

  list(filter: { orderClientId?: string | undefined; states?: readonly OutboxState[] | undefined; limit: number }): OutboxOperationView[] {
    const { where, args } = orderAndStateFilter(filter);
    // Only open states asked (the sync panel's lists): name the open-state index's condition in
    // literals, or the planner cannot prove the partial index applies and scans every operation.
    const open = !filter.orderClientId && filter.states && filter.states.length > 0 && filter.states.every((s) => OPEN_STATES.includes(s));
    const sql = `${VIEW_SELECT} ${where}${open ? ` and o.state in ('pending', 'failed', 'blocked')` : ''} order by seq limit +?`;
    const rows = this.sqlite.prepare<unknown[], ViewRow>(sql).all(...args, filter.limit);
    return rows.map(toView);
  }

  /** One operation as the sync panel shows it. */
  view(seq: number): OutboxOperationView | undefined {
    const row = this.sqlite.prepare<[number], ViewRow>(`${VIEW_SELECT} where seq = ?`).get(seq);
    return row && toView(row);
  }

  /** The latest problem among operations still open (what the sync panel shows), if any. */
  latestOpenError(): Problem | null {
    const row = this.sqlite
      .prepare<[], { kind: string; last_error: string; last_problem: string | null }>(
        `select kind, last_error, last_problem from outbox where state in ('pending', 'failed', 'blocked') and last_error is not null
         order by updated_at desc limit 1`,
      )
      .get();
    if (!row) return null;
    // The operation's kind goes before the sentence, and with the facts as `op` (for the screen's label).
    const problem = storedProblem(`${row.kind}: ${row.last_error}`, row.last_problem)!;
    return problem.code === 'unexplained' ? problem : { ...problem, params: { ...problem.params, op: row.kind } };
  }

  /** Whether any operation waits to be sent (one row of the open-state index). */
  anyPending(): boolean {
    // The IN names the open-state index's condition, so that the planner uses it.
    return this.sqlite.prepare(`select 1 from outbox where state in ('pending', 'failed', 'blocked') and state = 'pending' limit 1`).get() !== undefined;
  }

  /** Operations still to send or needing the staff (reads only the open-state index). */
  openCounts(): { pending: number; failed: number; blocked: number } {
    const counts = { pending: 0, failed: 0, blocked: 0 };
    for (const row of this.openCountsStmt.all()) counts[row.state] = row.n;
    return counts;
  }

  counts(): Record<OutboxState, number> {
    // Not a GROUP BY over every operation ever sent (a full scan, ~30 ms at 150k rows): the open
    // ones from the open-state index, the cancelled from theirs, done = all − the rest (count(*)
    // reads the smallest b-tree only).
    const open = this.openCounts();
    const cancelled = this.cancelledCountStmt.get() ?? 0;
    const total = this.allCountStmt.get() ?? 0;
    return { ...open, cancelled, done: total - open.pending - open.failed - open.blocked - cancelled };
  }
}

const OPEN_STATES: readonly OutboxState[] = ['pending', 'failed', 'blocked'];

/** An outbox row with its order's server id (0 until the server assigned one). */
type ViewRow = OutboxRow & { server_id: number; order_server_base: string | null; order_sync_status: string | null };
const VIEW_SELECT = `select o.*, coalesce(r.server_id, 0) as server_id, r.server_base as order_server_base, r.sync_status as order_sync_status
  from outbox o left join orders r on r.client_id = o.order_client_id`;

function toView(row: ViewRow): OutboxOperationView {
  return {
    seq: row.seq,
    opId: row.op_id,
    orderClientId: row.order_client_id,
    orderNumber: orderNumber({ serverId: row.server_id, clientId: row.order_client_id }),
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: storedProblem(row.last_error, row.last_problem),
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    retryable: retryable(row),
  };
}

/**
 * Failed operations can be tried again, and Blocked ones unless the server made their order final:
 * the server would refuse them again (its refusals are final; the staff refund or take its order).
 */
function retryable(row: ViewRow): boolean {
  if (row.state === 'failed') return true;
  if (row.state !== 'blocked') return false;
  return serverFinalCopy(row.order_sync_status === null ? undefined : { server_base: row.order_server_base, sync_status: row.order_sync_status }) === undefined;
}
