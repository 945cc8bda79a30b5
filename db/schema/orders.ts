import { index, integer, sql, sqliteTable, text } from '../drizzle.ts';

/** Orders as the terminal knows them. Money columns hold integer minor units. */
export const orders = sqliteTable(
  'orders',
  {
    clientId: text('client_id').primaryKey(),
    /** 0 until the server first answers, then its incremental id, never changed again. */
    serverId: integer('server_id').notNull().default(0),
    /** The server's version of the order (0 while the server has not seen it). */
    version: integer('version').notNull().default(0),
    status: text('status').notNull(),
    syncStatus: text('sync_status').notNull(),
    blockedReason: text('blocked_reason'),
    /** The blocked reason's code and params as JSON (common/problem.ts `storedFacts`), for the UI's words. */
    blockedProblem: text('blocked_problem'),
    currency: text('currency').notNull(),
    /** JSON `{name, phone?}` or null. */
    customer: text('customer'),
    /** Delivery address; null when the order is not delivered. Shipments are rows of `shipments`. */
    deliveryAddress: text('delivery_address'),
    total: integer('total').notNull().default(0),
    /** Incremented by every local change the server must learn of (crash and invariant checks). */
    localRev: integer('local_rev').notNull().default(0),
    orderStateProcessRequired: integer('order_state_process_required').notNull().default(0),
    orderState: text('order_state'),
    orderStateSince: text('order_state_since'),
    /** JSON of the last order body the server sent: the base of three-way merges. */
    serverBase: text('server_base'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('orders_status_idx').on(t.status, t.createdAt),
    index('orders_server_id_idx').on(t.serverId),
    // The few orders Blocked (the sync panel lists them), found without reading every order kept.
    index('orders_blocked_idx').on(t.createdAt).where(sql`sync_status = 'Blocked'`),
    index('orders_state_marker_idx')
      .on(t.orderStateProcessRequired)
      .where(sql`order_state_process_required > 0`),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    lineId: text('line_id').primaryKey(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    position: integer('position').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    qty: integer('qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    discount: integer('discount').notNull().default(0),
  },
  (t) => [index('order_lines_order_idx').on(t.orderClientId, t.position)],
);

export const shipments = sqliteTable(
  'shipments',
  {
    shipmentId: text('shipment_id').primaryKey(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    position: integer('position').notNull(),
    carrier: text('carrier').notNull(),
    trackingNo: text('tracking_no').notNull(),
  },
  // Covers an order's shipment ids in position order (the reconstruction reads them for every job).
  (t) => [index('shipments_order_idx').on(t.orderClientId, t.position, t.shipmentId)],
);
