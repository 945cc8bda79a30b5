import { index, integer, primaryKey, sql, sqliteTable, text, uniqueIndex } from './drizzle.ts';

/**
 * The reference server's own database. drizzle-kit generates the migrations from this file
 * (`npx drizzle-kit generate --config server/drizzle.config.ts`); the hot paths use raw prepared
 * statements over these same tables and columns (see `server/store/`).
 *
 * Values that belong to one order and are always read with it (lines, customer, delivery, a
 * sale's transactions) are stored as JSON text, in the shape of `common/backend-api.ts`.
 */

export const orders = sqliteTable('orders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  clientId: text('client_id').notNull().unique(),
  deviceId: text('device_id').notNull(),
  status: text('status').notNull(),
  currency: text('currency').notNull(),
  lines: text('lines').notNull(),
  total: integer('total').notNull(),
  customer: text('customer'),
  delivery: text('delivery'),
  saleId: integer('sale_id'),
  version: integer('version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const sales = sqliteTable('sales', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  clientId: text('client_id').notNull().unique(),
  // Unique: an order has at most one sale (API.md: `409 sale_exists`).
  orderId: integer('order_id')
    .notNull()
    .unique()
    .references(() => orders.id),
  deviceId: text('device_id').notNull(),
  receiptNo: text('receipt_no').notNull(),
  total: integer('total').notNull(),
  transactions: text('transactions').notNull(),
  createdAt: text('created_at').notNull(),
});

/**
 * Which sale each transaction belongs to: a `txId` is the device's and is recorded once on this
 * server (a sale reusing one of another sale is `409 client_id_conflict`). The transactions
 * themselves stay in `sales.transactions`; this is their index.
 */
export const saleTransactions = sqliteTable('sale_transactions', {
  txId: text('tx_id').primaryKey(),
  saleId: integer('sale_id')
    .notNull()
    .references(() => sales.id),
});

/**
 * Which order holds each line: a `lineId` is the device's and identifies one line across orders
 * (the terminal keys its lines by it), so a create or PATCH putting on an order a line of another
 * order is `409 client_id_conflict`. Kept in step with `orders.lines`; keyed by both ids because
 * an order may hold a line another holds too when it was stored before this rule (or by the back
 * office, in test mode): every holder is listed.
 */
export const orderLines = sqliteTable(
  'order_lines',
  {
    lineId: text('line_id').notNull(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
  },
  (table) => [primaryKey({ columns: [table.lineId, table.orderId] }), index('order_lines_order_idx').on(table.orderId)],
);

/** Which order each shipment belongs to, kept in step with the orders' `delivery.shipments`. */
export const shipments = sqliteTable(
  'shipments',
  {
    shipmentId: text('shipment_id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
  },
  (table) => [index('shipments_order_idx').on(table.orderId)],
);

export const stepStates = sqliteTable(
  'step_states',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull(),
    orderId: integer('order_id').notNull(),
    code: text('code').notNull(),
    at: text('at').notNull(),
    source: text('source').notNull(),
  },
  (table) => [
    index('step_states_order_idx').on(table.orderId),
    // A shipment moved to another order takes its step states along (mutations.ts): found by shipment.
    index('step_states_shipment_idx').on(table.shipmentId),
  ],
);

export const stateHistory = sqliteTable(
  'state_history',
  {
    id: text('id').primaryKey(),
    orderId: integer('order_id').notNull(),
    ruleId: text('rule_id').notNull(),
    state: text('state').notNull(),
    startedAt: text('started_at').notNull(),
    fulfilledAt: text('fulfilled_at').notNull(),
    validFrom: text('valid_from').notNull(),
  },
  (table) => [index('state_history_order_idx').on(table.orderId)],
);

export const orderStateRules = sqliteTable('order_state_rules', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  code: text('code').notNull(),
  minPercent: integer('min_percent').notNull(),
  position: integer('position').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
});

export const products = sqliteTable('products', {
  sku: text('sku').primaryKey(),
  name: text('name').notNull(),
  price: integer('price').notNull(),
  currency: text('currency').notNull(),
  barcode: text('barcode'),
  // Keeps the catalog in the order it was given.
  position: integer('position').notNull(),
});

/** Versions of the catalog and the rule set (`catalog_version`, `rules_version`). */
export const settings = sqliteTable('settings', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/**
 * The changes feed: one row per changed entity, at the sequence number of its latest change
 * (a new change replaces the entity's row, so a pull sees each entity once, as it is now).
 * AUTOINCREMENT: a sequence number is never reused, so cursors only move forward.
 */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** `order`, `stepState` (the row then means added or removed), `rules` or `catalog`. */
    entity: text('entity').notNull(),
    ref: text('ref').notNull(),
  },
  (table) => [uniqueIndex('changes_entity_ref_idx').on(table.entity, table.ref)],
);

/** Stored outcomes of requests with an `Idempotency-Key`, per device (API.md, Conventions). */
export const idempotencyRecords = sqliteTable(
  'idempotency_records',
  {
    deviceId: text('device_id').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (table) => [
    primaryKey({ columns: [table.deviceId, table.key] }),
    index('idempotency_records_created_idx').on(table.createdAt),
  ],
);
