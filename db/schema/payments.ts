import { index, integer, sqliteTable, text, uniqueIndex } from '../drizzle.ts';
import { orders } from './orders.ts';

/** Payments (amount > 0) and refunds (amount < 0). Never overwritten by anything the server sends. */
export const transactions = sqliteTable(
  'transactions',
  {
    txId: text('tx_id').primaryKey(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    /** Set when the sale that carries this transaction is completed. */
    saleClientId: text('sale_client_id'),
    method: text('method').notNull(),
    amount: integer('amount').notNull(),
    reference: text('reference'),
    tendered: integer('tendered'),
    change: integer('change'),
    /** For a refund: the payment it gives back. */
    refundOf: text('refund_of'),
    at: text('at').notNull(),
  },
  (t) => [
    index('transactions_order_idx').on(t.orderClientId),
    index('transactions_sale_idx').on(t.saleClientId),
    // The till's summary of a day reads the day's transactions only.
    index('transactions_at_idx').on(t.at),
  ],
);

/**
 * A charge sent to a payment driver (card terminal, gift card). Written before the driver is
 * asked, so a charge whose outcome is unknown is reconciled rather than repeated.
 */
export const paymentAttempts = sqliteTable(
  'payment_attempts',
  {
    attemptId: text('attempt_id').primaryKey(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    method: text('method').notNull(),
    amount: integer('amount').notNull(),
    reference: text('reference'),
    /** pending → approved | declined | unknown; unknown → approved | declined (reconciled). */
    state: text('state').notNull(),
    txId: text('tx_id'),
    error: text('error'),
    /** The error's code and params as JSON (common/problem.ts `storedFacts`), for the UI's words. */
    errorProblem: text('error_problem'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('payment_attempts_order_idx').on(t.orderClientId, t.state)],
);

export const sales = sqliteTable(
  'sales',
  {
    clientId: text('client_id').primaryKey(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    receiptNo: text('receipt_no').notNull(),
    total: integer('total').notNull(),
    createdAt: text('created_at').notNull(),
    /**
     * Set when the server would not take the sale (another terminal sold the order, or it was
     * deleted there) and its money was refunded here: the receipt stays, marked void, with why.
     */
    voidedAt: text('voided_at'),
    voidReason: text('void_reason'),
    /** The void reason's code and params as JSON (common/problem.ts `storedFacts`), for the UI's words. */
    voidProblem: text('void_problem'),
  },
  (t) => [
    uniqueIndex('sales_order_idx').on(t.orderClientId),
    uniqueIndex('sales_receipt_idx').on(t.receiptNo),
    index('sales_created_idx').on(t.createdAt),
  ],
);
