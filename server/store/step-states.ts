import type { OrderStateHistoryEntry, StepState, StepStateSource } from '../../common/backend-api.ts';
import type { Sqlite } from '../db/connection.ts';

interface StepStateRow {
  id: string;
  shipment_id: string;
  order_id: number;
  code: string;
  at: string;
  source: string;
}

interface HistoryRow {
  id: string;
  order_id: number;
  rule_id: string;
  state: string;
  started_at: string;
  fulfilled_at: string;
  valid_from: string;
}

/** Step states (status notices of shipments) and the order-state history devices report. */
export function createStepStateStore(sqlite: Sqlite) {
  const byId = sqlite.prepare<[string], StepStateRow>('SELECT * FROM step_states WHERE id = ?');
  const forOrder = sqlite.prepare<[number], StepStateRow>('SELECT * FROM step_states WHERE order_id = +? ORDER BY at, id');
  const insert = sqlite.prepare(
    'INSERT INTO step_states (id, shipment_id, order_id, code, at, source) VALUES (@id, @shipmentId, @orderId, @code, @at, @source)',
  );
  const remove = sqlite.prepare<[string]>('DELETE FROM step_states WHERE id = ?');
  const takeOver = sqlite
    .prepare<[number, string, number], string>('UPDATE step_states SET order_id = ? WHERE shipment_id = ? AND order_id <> ? RETURNING id')
    .pluck();
  const count = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM step_states');

  const historyForOrder = sqlite.prepare<[number], HistoryRow>(
    'SELECT * FROM state_history WHERE order_id = +? ORDER BY valid_from, id',
  );
  const historyOwner = sqlite.prepare<[string], { order_id: number }>('SELECT order_id FROM state_history WHERE id = ?');
  // An entry belongs to its order for good: a conflicting id of another order is never taken
  // over (the route refuses it first; the WHERE keeps it so even if one got through).
  const upsertHistory = sqlite.prepare(
    `INSERT INTO state_history (id, order_id, rule_id, state, started_at, fulfilled_at, valid_from)
     VALUES (@id, @orderId, @ruleId, @state, @startedAt, @fulfilledAt, @validFrom)
     ON CONFLICT (id) DO UPDATE SET rule_id = excluded.rule_id, state = excluded.state,
       started_at = excluded.started_at, fulfilled_at = excluded.fulfilled_at, valid_from = excluded.valid_from
     WHERE state_history.order_id = excluded.order_id`,
  );
  const removeHistory = sqlite.prepare<[string, number]>('DELETE FROM state_history WHERE id = ? AND order_id = ?');

  return {
    byId(id: string): StepState | undefined {
      const row = byId.get(id);
      return row && toStepState(row);
    },
    forOrder(orderId: number): StepState[] {
      return forOrder.all(orderId).map(toStepState);
    },
    insert(stepState: StepState): void {
      insert.run(stepState);
    },
    remove(id: string): void {
      remove.run(id);
    },
    /**
     * The step states of these shipments that name another order are given to `orderId` (the
     * shipments moved to it): their ids. Read through the shipment index, one lookup each.
     */
    moveToOrder(orderId: number, shipmentIds: readonly string[]): string[] {
      return shipmentIds.flatMap((shipmentId) => takeOver.all(orderId, shipmentId, orderId));
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
    historyOf(orderId: number): OrderStateHistoryEntry[] {
      return historyForOrder.all(orderId).map(toHistoryEntry);
    },
    /** The order whose history holds the entry `id`, if any. */
    orderOfHistoryEntry(id: string): number | undefined {
      return historyOwner.get(id)?.order_id;
    },
    /** Adds the entries (an existing id of this order is corrected in place) and removes the ids of this order. */
    applyHistory(orderId: number, added: OrderStateHistoryEntry[], removed: string[]): void {
      for (const entry of added) upsertHistory.run({ ...entry, orderId });
      for (const id of removed) removeHistory.run(id, orderId);
    },
  };
}

export type StepStateStore = ReturnType<typeof createStepStateStore>;

function toStepState(row: StepStateRow): StepState {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    orderId: row.order_id,
    code: row.code,
    at: row.at,
    source: row.source as StepStateSource,
  };
}

function toHistoryEntry(row: HistoryRow): OrderStateHistoryEntry {
  return {
    id: row.id,
    ruleId: row.rule_id,
    state: row.state,
    startedAt: row.started_at,
    fulfilledAt: row.fulfilled_at,
    validFrom: row.valid_from,
  };
}
