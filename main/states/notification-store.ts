import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import { uuidv7 } from '../../common/ids.ts';
import { storedFacts, type Problem } from '../../common/problem.ts';
import type { HistoryEntry } from './types.ts';

export interface NotificationRow {
  id: string;
  kind: string;
  order_client_id: string | null;
  history_id: string | null;
  state: string | null;
  message: string;
  /** A sync notice's detail: the code and params of the problem `message` says (common/problem.ts `storedFacts`). */
  detail_problem: string | null;
  at: string;
}

/** A notification as listed: with its order's server number (0 until the server knows the order). */
export interface ListedNotification extends NotificationRow {
  server_id: number | null;
}

export const ORDER_STATE_NOTIFICATION = 'orderState';

/** The notification of a created history entry (SPEC §6 step 6), not yet written. */
export function entryNotification(orderClientId: string, orderLabel: string, entry: HistoryEntry, nowMs: number, now: string): NotificationRow {
  return {
    id: uuidv7(nowMs),
    kind: ORDER_STATE_NOTIFICATION,
    order_client_id: orderClientId,
    history_id: entry.id,
    state: entry.state,
    message: `Order ${orderLabel} is ${entry.state} since ${entry.validFrom}`,
    detail_problem: null,
    at: now,
  };
}

/**
 * Notifications are rows written in the transaction that creates what they announce, so a crash
 * loses neither and a retry cannot repeat one: (order, history entry) is unique.
 */
export class NotificationStore {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly listStmt: Statement<[{ kind: string | null; limit: number }], ListedNotification>;
  private readonly listForOrderStmt: Statement<[{ order: string; kind: string | null; limit: number }], ListedNotification>;

  constructor(sqlite: Sqlite) {
    this.insertStmt = sqlite.prepare(
      `insert into notifications (id, kind, order_client_id, history_id, state, message, detail_problem, at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.listStmt = sqlite.prepare(
      `select n.*, o.server_id from notifications n left join orders o on o.client_id = n.order_client_id
       where (@kind is null or n.kind = +@kind)
       order by n.rowid desc limit +@limit`,
    );
    // One order's (a toast, the timeline): through notifications_history_idx, then its few rows
    // sorted; an OR on the order would make the planner walk every notification by rowid.
    this.listForOrderStmt = sqlite.prepare(
      `select n.*, o.server_id from notifications n left join orders o on o.client_id = n.order_client_id
       where n.order_client_id = +@order and (@kind is null or n.kind = +@kind)
       order by n.rowid desc limit +@limit`,
    );
  }

  /** A notification of another kind (sync's, a restored copy's): no history entry, no state; its detail a sentence or a problem. */
  add(kind: string, orderClientId: string | null, detail: string | Problem, nowMs: number, now: string): NotificationRow {
    const row: NotificationRow = {
      id: uuidv7(nowMs),
      kind,
      order_client_id: orderClientId,
      history_id: null,
      state: null,
      message: typeof detail === 'string' ? detail : detail.message,
      detail_problem: typeof detail === 'string' ? null : storedFacts(detail),
      at: now,
    };
    this.insertStmt.run(row.id, row.kind, row.order_client_id, row.history_id, row.state, row.message, row.detail_problem, row.at);
    return row;
  }

  /** The notification of a created history entry (SPEC §6 step 6). */
  addForEntry(orderClientId: string, orderLabel: string, entry: HistoryEntry, nowMs: number, now: string): NotificationRow {
    const row = entryNotification(orderClientId, orderLabel, entry, nowMs, now);
    this.insertStmt.run(row.id, row.kind, row.order_client_id, row.history_id, row.state, row.message, row.detail_problem, row.at);
    return row;
  }

  list(filter: { orderClientId?: string | undefined; kind?: string | undefined; limit: number }): ListedNotification[] {
    const kind = filter.kind ?? null;
    return filter.orderClientId
      ? this.listForOrderStmt.all({ order: filter.orderClientId, kind, limit: filter.limit })
      : this.listStmt.all({ kind, limit: filter.limit });
  }
}
