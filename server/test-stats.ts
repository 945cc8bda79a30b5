import type { Store } from './store/index.ts';

interface Duplicate {
  value: string;
  count: number;
}

/**
 * Counts for invariant checks (`GET /__test/stats`): duplicates that must never exist (the schema
 * also forbids most of them; these queries would show a regression), and totals to compare.
 */
export function collectStats(store: Store) {
  const { sqlite } = store;
  const duplicates = (sql: string) => sqlite.prepare<[], Duplicate>(sql).all();
  const number = (sql: string) => sqlite.prepare<[], { n: number | null }>(sql).get()?.n ?? 0;

  const byStatus = Object.fromEntries(
    sqlite
      .prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM orders GROUP BY status')
      .all()
      .map((row) => [row.status, row.n]),
  );

  return {
    orders: {
      count: number('SELECT count(*) AS n FROM orders'),
      byStatus,
      duplicateClientIds: duplicates(
        'SELECT client_id AS value, count(*) AS count FROM orders GROUP BY client_id HAVING count(*) > 1',
      ),
    },
    sales: {
      count: number('SELECT count(*) AS n FROM sales'),
      duplicateClientIds: duplicates(
        'SELECT client_id AS value, count(*) AS count FROM sales GROUP BY client_id HAVING count(*) > 1',
      ),
      /** Must stay at most 1. */
      maxPerOrder: number('SELECT max(n) AS n FROM (SELECT count(*) AS n FROM sales GROUP BY order_id)'),
      ordersWithSeveralSales: duplicates(
        'SELECT CAST(order_id AS TEXT) AS value, count(*) AS count FROM sales GROUP BY order_id HAVING count(*) > 1',
      ),
      /** Orders whose `saleId` does not point at a sale of theirs. */
      danglingSaleIds: number(
        'SELECT count(*) AS n FROM orders o WHERE o.sale_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = o.sale_id AND s.order_id = o.id)',
      ),
    },
    transactions: {
      count: number('SELECT count(*) AS n FROM sales, json_each(sales.transactions)'),
      duplicateTxIds: duplicates(
        `SELECT tx.value ->> 'txId' AS value, count(*) AS count FROM sales, json_each(sales.transactions) AS tx
         GROUP BY 1 HAVING count(*) > 1`,
      ),
    },
    totals: {
      /** Σ total of the orders that are not Deleted. */
      orders: number("SELECT sum(total) AS n FROM orders WHERE status <> 'Deleted'"),
      sales: number('SELECT sum(total) AS n FROM sales'),
      transactions: number("SELECT sum(tx.value ->> 'amount') AS n FROM sales, json_each(sales.transactions) AS tx"),
    },
    stepStates: store.stepStates.count(),
    idempotencyRecords: store.idempotency.count(),
    changes: { lastSeq: store.changes.lastSeq() },
  };
}
