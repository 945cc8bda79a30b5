import type { Statement } from 'better-sqlite3';
import type { OutboxKind, OutboxOperationView, OutboxState } from '../../common/entities.ts';
import { uuidv7 } from '../../common/ids.ts';
import type { Sqlite } from '../../db/connection.ts';
import { orderAndStateFilter } from '../../db/filters.ts';
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
  frozen_request: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

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
  private readonly situationStmt: Statement<[string], Pick<OutboxRow, 'kind' | 'state' | 'next_attempt_at'>>;

  constructor(sqlite: Sqlite, clock: Clock) {
    this.sqlite = sqlite;
    this.clock = clock;
    this.tailStmt = sqlite.prepare(
      `select * from outbox where order_client_id = ? and state != 'cancelled' order by seq desc limit 1`,
    );
    this.openCreateStmt = sqlite.prepare(
      `select seq from outbox where order_client_id = ? and kind = 'create' and state not in ('done', 'cancelled') limit 1`,
    );
    this.insertStmt = sqlite.prepare(
      `insert into outbox (op_id, order_client_id, kind, target_id, fields, payload, order_rev, idempotency_key,
         keys, depends_on, state, attempts, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 'pending', 0, ?, ?)`,
    );
    this.coalesceStmt = sqlite.prepare(`update outbox set fields = ?, order_rev = ?, updated_at = ? where seq = ?`);
    this.openForOrderStmt = sqlite.prepare(
      `select * from outbox where order_client_id = ? and state in ('pending', 'failed', 'blocked') order by seq`,
    );
    this.situationStmt = sqlite.prepare(
      `select kind, state, next_attempt_at from outbox where order_client_id = ? and state in ('pending', 'failed', 'blocked') order by seq`,
    );
    this.cancelUnsentStmt = sqlite.prepare(
      `update outbox set state = 'cancelled', updated_at = ?, last_error = ?
       where order_client_id = ? and state = 'pending' and attempts = 0`,
    );
  }

  /** Adds the operation, or folds an `update` into the order's never-attempted tail. */
  enqueue(input: EnqueueInput): { seq: number; coalesced: boolean } {
    const now = this.clock.iso();
    const tail = this.tailStmt.get(input.orderClientId);
    const tailFields = tail?.fields ? (JSON.parse(tail.fields) as UpdateField[]) : null;
    if (tail && canCoalesce({ kind: tail.kind, state: tail.state, attempts: tail.attempts, fields: tailFields }, input.kind)) {
      const fields = tail.kind === 'update' ? JSON.stringify(mergeFields(tailFields, input.fields ?? [])) : tail.fields;
      this.coalesceStmt.run(fields, input.orderRev, now, tail.seq);
      return { seq: tail.seq, coalesced: true };
    }
    const create = input.kind === 'create' ? undefined : this.openCreateStmt.get(input.orderClientId);
    const info = this.insertStmt.run(
      uuidv7(this.clock.now()),
      input.orderClientId,
      input.kind,
      input.targetId ?? null,
      input.fields ? JSON.stringify(input.fields) : null,
      input.payload === undefined ? null : JSON.stringify(input.payload),
      input.orderRev,
      crypto.randomUUID(),
      create?.seq ?? null,
      now,
      now,
    );
    return { seq: Number(info.lastInsertRowid), coalesced: false };
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

  list(filter: { orderClientId?: string | undefined; states?: readonly OutboxState[] | undefined; limit: number }): OutboxOperationView[] {
    const { where, args } = orderAndStateFilter(filter);
    const sql = `select * from outbox ${where} order by seq limit ?`;
    const rows = this.sqlite.prepare<unknown[], OutboxRow>(sql).all(...args, filter.limit);
    return rows.map(toView);
  }

  /** Operations still to send or needing the staff (reads only the open-state index). */
  openCounts(): { pending: number; failed: number; blocked: number } {
    const counts = { pending: 0, failed: 0, blocked: 0 };
    const rows = this.sqlite
      .prepare<[], { state: 'pending' | 'failed' | 'blocked'; n: number }>(
        `select state, count(*) as n from outbox where state in ('pending', 'failed', 'blocked') group by state`,
      )
      .all();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  counts(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, done: 0, failed: 0, blocked: 0, cancelled: 0 };
    const rows = this.sqlite
      .prepare<[], { state: OutboxState; n: number }>(`select state, count(*) as n from outbox group by state`)
      .all();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }
}

export function toView(row: OutboxRow): OutboxOperationView {
  return {
    seq: row.seq,
    opId: row.op_id,
    orderClientId: row.order_client_id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}
