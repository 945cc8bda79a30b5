import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import type { HistoryEntry } from './types.ts';

interface HistoryRow {
  id: string;
  rule_id: string;
  state: string;
  position: number;
  started_at: string;
  fulfilled_at: string;
  valid_from: string;
  valid_to: string | null;
}

/** OrderStateHistory rows; the consumer writes them inside its job transaction. */
export class HistoryStore {
  private readonly forOrderStmt: Statement<[string], HistoryRow>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly rewriteStmt: Statement<unknown[]>;
  private readonly deleteStmt: Statement<[string, string]>;

  constructor(sqlite: Sqlite) {
    this.forOrderStmt = sqlite.prepare(
      `select id, rule_id, state, position, started_at, fulfilled_at, valid_from, valid_to
       from order_state_history where order_client_id = ?`,
    );
    this.insertStmt = sqlite.prepare(
      `insert into order_state_history (id, order_client_id, rule_id, state, position, started_at, fulfilled_at, valid_from,
         valid_to, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.rewriteStmt = sqlite.prepare(
      `update order_state_history set state = ?, position = ?, started_at = ?, fulfilled_at = ?, valid_from = ?, valid_to = ?
       where order_client_id = ? and rule_id = ?`,
    );
    this.deleteStmt = sqlite.prepare('delete from order_state_history where order_client_id = ? and rule_id = ?');
  }

  /** The order's entries in no particular order (the reconstruction orders them itself). */
  forOrder(orderClientId: string): HistoryEntry[] {
    return this.forOrderStmt.all(orderClientId).map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      state: r.state,
      position: r.position,
      startedAt: r.started_at,
      fulfilledAt: r.fulfilled_at,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
  }

  insert(orderClientId: string, e: HistoryEntry, now: string): void {
    this.insertStmt.run(e.id, orderClientId, e.ruleId, e.state, e.position, e.startedAt, e.fulfilledAt, e.validFrom, e.validTo, now);
  }

  /** An entry is the order's one for its rule (the table's key). */
  rewrite(orderClientId: string, e: HistoryEntry): void {
    this.rewriteStmt.run(e.state, e.position, e.startedAt, e.fulfilledAt, e.validFrom, e.validTo, orderClientId, e.ruleId);
  }

  remove(orderClientId: string, e: Pick<HistoryEntry, 'ruleId'>): void {
    this.deleteStmt.run(orderClientId, e.ruleId);
  }
}
