import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from '../drizzle.ts';
import { orders } from './orders.ts';

/**
 * Order-state reconstruction (SPEC §6). The FTS5 table over `shipping_index` and the triggers
 * that keep the index in step with shipments, orders and step states live in the custom
 * migration `*_shipping_index_fts.sql` (drizzle-kit cannot express virtual tables or triggers).
 */

/**
 * A status notice of a shipment. No foreign key on `shipment_id`: a carrier notice may be
 * pulled before the order's new shipment is; it simply does not count until the shipment exists.
 * `at` is stored canonical (`Date#toISOString`), so text order is instant order.
 */
export const stepStates = sqliteTable(
  'step_states',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    code: text('code').notNull(),
    at: text('at').notNull(),
    /** server | manual */
    source: text('source').notNull(),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [
    // Covers the reconstruction's read (an order's notices with a rule's code: shipment, code,
    // time) without touching the table; any lookup by order uses it as a prefix.
    index('step_states_order_code_idx').on(t.orderClientId, t.code, t.at, t.shipmentId),
    index('step_states_shipment_idx').on(t.shipmentId, t.at),
  ],
);

/**
 * A carrier/server notice pulled before the shipment it is about is held here (SPEC §6 inputs): the
 * changes feed brings each entity once, as it is now, so an order edited after its notices comes
 * after them, and a fresh terminal meets the notices first. Kept as pulled until its shipment
 * arrives (the pull then takes it as a notice), or the server removes it.
 */
export const stepStatesAwaiting = sqliteTable(
  'step_states_awaiting',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull(),
    code: text('code').notNull(),
    /** As pulled (ISO 8601 UTC); made canonical when taken. */
    at: text('at').notNull(),
    /** server | manual */
    source: text('source').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [index('step_states_awaiting_shipment_idx').on(t.shipmentId)],
);

/** The rule catalog (cached from `GET /v2/order-state-rules`; a built-in set on a fresh install). */
export const orderStateRules = sqliteTable('order_state_rules', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  code: text('code').notNull(),
  minPercent: integer('min_percent').notNull(),
  position: integer('position').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  /** The catalog version the rule came with (0 = built-in default). */
  version: integer('version').notNull().default(0),
});

/**
 * One entry per rule an order has fulfilled; valid from `valid_from` until `valid_to` (null =
 * current). Keyed by (order, rule) and stored WITHOUT ROWID (migration 0008, by hand: drizzle-kit
 * cannot express it, and a table it rebuilds would lose it; db/migrations.test.ts checks): the
 * rows live in their key's b-tree, so a job reads an order's entries with one range scan and
 * writes one b-tree instead of three (table, `id` index, order/rule index). `id` (UUIDv7, minted
 * here, the server's key for the entry) is never looked up.
 */
export const orderStateHistory = sqliteTable(
  'order_state_history',
  {
    id: text('id').notNull(),
    orderClientId: text('order_client_id')
      .notNull()
      .references(() => orders.clientId),
    ruleId: text('rule_id').notNull(),
    state: text('state').notNull(),
    /** Rule position when the entry was computed: breaks ties of `valid_from`. */
    position: integer('position').notNull(),
    startedAt: text('started_at').notNull(),
    fulfilledAt: text('fulfilled_at').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderClientId, t.ruleId] })],
);

/**
 * The durable queue of reconstruction jobs: at most one row per order (the sweeper upgrades a
 * queued job's scenario instead of adding one). `dead` rows keep the last error for the staff.
 * WITHOUT ROWID (migration 0008, as the history above): the rows live in the order id's b-tree,
 * with no separate rowid table behind it.
 */
export const orderStateProcess = sqliteTable(
  'order_state_process',
  {
    orderClientId: text('order_client_id')
      .primaryKey()
      .references(() => orders.clientId),
    /** update | deletion */
    scenario: text('scenario').notNull(),
    /** queued | dead */
    state: text('state').notNull(),
    /** Runs that threw; at the limit the job is kept as dead. */
    attempts: integer('attempts').notNull().default(0),
    /** Re-enqueues because a rule was only partly fulfilled (bounded). */
    partialRuns: integer('partial_runs').notNull().default(0),
    dueAt: text('due_at').notNull(),
    lastError: text('last_error'),
    enqueuedAt: text('enqueued_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // Due jobs in due order, ties by order id, straight off the index (no sort per pick).
  (t) => [index('order_state_process_due_idx').on(t.state, t.dueAt, t.orderClientId)],
);

/** Things for the staff to see. One order-state notification per history entry ever created. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    orderClientId: text('order_client_id'),
    /** The history entry an order-state notification announces. */
    historyId: text('history_id'),
    state: text('state'),
    message: text('message').notNull(),
    /** A sync notice's detail as a problem's code and params (common/problem.ts `storedFacts`), for the UI's words. */
    detailProblem: text('detail_problem'),
    at: text('at').notNull(),
  },
  (t) => [
    // A crash or a retry can never notify the same history entry twice (NULL history ids, of
    // other kinds of notification, never collide). It also serves the per-order list; lists go
    // newest first by rowid (insertion order is time order), so no index on `at` to keep up.
    uniqueIndex('notifications_history_idx').on(t.orderClientId, t.historyId),
  ],
);

/**
 * One row per shipment, denormalised for the deliveries screen and its full-text search.
 * `id` is the FTS5 rowid (an INTEGER PRIMARY KEY, so VACUUM never renumbers it). The
 * order-state columns are written only by the reconstruction; the others by triggers.
 */
export const shippingIndex = sqliteTable(
  'shipping_index',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shipmentId: text('shipment_id').notNull(),
    orderClientId: text('order_client_id').notNull(),
    /**
     * The order's label as the screens show it (common/order-label.ts `orderNumber`): the server's
     * order id as text, until then the end of the client id in capitals (migration 0016; '' before).
     */
    orderNumber: text('order_number').notNull().default(''),
    customer: text('customer').notNull().default(''),
    address: text('address').notNull().default(''),
    carrier: text('carrier').notNull().default(''),
    trackingNo: text('tracking_no').notNull().default(''),
    lastStep: text('last_step'),
    orderState: text('order_state'),
    orderStateSince: text('order_state_since'),
  },
  (t) => [uniqueIndex('shipping_index_shipment_idx').on(t.shipmentId), index('shipping_index_order_idx').on(t.orderClientId)],
);
