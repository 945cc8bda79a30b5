import { z } from 'zod';
import { currencyCode, lineAmountProblem, minorAmount, nonNegativeMinor, orderTotal } from './money.ts';

/**
 * The backend's wire contract (`API.md`, v2) as zod schemas, one per resource and response, with
 * the types they infer, and the errors and headers both sides use; the request bodies are in
 * backend-requests.ts. The reference server validates with these and the terminal's sync client
 * parses with them, so this file imports nothing but zod and the money rules both sides share
 * (money.ts, itself only zod): the server accepts no amount the terminal would refuse.
 *
 * Each schema and its type share a name (`Order` is both); import the module as a namespace
 * (`import * as api from '…/backend-api.ts'`) to keep them apart from the terminal's own shapes.
 * Response schemas drop unknown fields, so a newer server can add some without breaking a client.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

/** An id made on the device (a UUID, v7 preferred). Its syntax is not checked beyond length. */
export const ClientId = z.string().min(1, { error: 'must not be empty' }).max(100, { error: 'is too long' });

/** Ids the server assigns: positive integers, incremental. */
export const ServerId = z.int().positive();

/** An amount in minor units of the order's currency (cents): an integer within ±MAX_MINOR, as on the terminal. */
export const Money = minorAmount;
export const NonNegativeMoney = nonNegativeMinor;

/**
 * ISO 4217, e.g. EUR, and a code this terminal knows (common/money.ts), as a request body's is: an
 * order or a product in a currency it cannot count in (its minor units unknown) is not taken.
 */
export const CurrencyCode = currencyCode;

/** ISO 8601 UTC, e.g. 2026-11-21T10:30:00.000Z. */
export const Timestamp = z.iso.datetime({ error: 'must be an ISO 8601 UTC time such as 2026-11-21T10:30:00.000Z' });

export const OrderStatus = z.enum(['InProgress', 'InDelivery', 'Delayed', 'Done', 'Deleted']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The statuses a device may set; `Done` and `Deleted` are reached through close and delete. */
export const OpenOrderStatus = z.enum(['InProgress', 'InDelivery', 'Delayed']);
export type OpenOrderStatus = z.infer<typeof OpenOrderStatus>;

export const PaymentMethod = z.enum(['cash', 'card', 'cheque', 'giftcard', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

// ---------------------------------------------------------------------------------------------
// Resources

export const Line = z.object({
  lineId: ClientId,
  sku: z.string().min(1).max(100),
  name: z.string().max(500),
  qty: z.int().positive({ error: 'must be a positive whole number' }),
  unitPrice: NonNegativeMoney,
  discount: NonNegativeMoney.default(0),
});
export type Line = z.output<typeof Line>;
export type LineInput = z.input<typeof Line>;

export const Customer = z.object({
  name: z.string().max(200),
  phone: z.string().max(50).nullable().default(null),
});
export type Customer = z.output<typeof Customer>;

export const Shipment = z.object({
  shipmentId: ClientId,
  carrier: z.string().max(100),
  trackingNo: z.string().max(100).nullable().default(null),
});
export type Shipment = z.output<typeof Shipment>;

export const Delivery = z.object({
  address: z.string().max(500),
  shipments: z.array(Shipment).default([]),
});
export type Delivery = z.output<typeof Delivery>;

/**
 * An order as the server answers it, and only one the terminal can store and merge line by line:
 * each line and shipment has its own id, each line passes the terminal's line rule (no discount
 * above the line's value, no amount out of range) and the total is the sum of the line totals
 * (API.md). An answer that breaks one is not taken, naming the field.
 */
export const Order = z
  .object({
    id: ServerId,
    clientId: ClientId,
    deviceId: z.string(),
    status: OrderStatus,
    currency: CurrencyCode,
    lines: z.array(Line),
    total: Money,
    customer: Customer.nullable(),
    delivery: Delivery.nullable(),
    saleId: ServerId.nullable(),
    version: z.int().positive(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .superRefine((order, ctx) => {
    repeatedIds(ctx, order.lines.map((line) => line.lineId), ['lines'], 'lineId', 'appears twice in this order (each line has its own lineId)');
    if (order.delivery !== null) {
      const shipmentIds = order.delivery.shipments.map((shipment) => shipment.shipmentId);
      repeatedIds(ctx, shipmentIds, ['delivery', 'shipments'], 'shipmentId', 'appears twice in this order (each shipment has its own shipmentId)');
    }
    let linesValid = true;
    order.lines.forEach((line, index) => {
      const problem = lineAmountProblem(line);
      if (problem === null) return;
      linesValid = false;
      ctx.addIssue({ code: 'custom', path: ['lines', index, problem.field], message: problem.message });
    });
    if (!linesValid) return;
    let sum: number;
    try {
      sum = orderTotal(order.lines);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'the lines add up to more than any amount' });
      return;
    }
    if (sum !== order.total) ctx.addIssue({ code: 'custom', path: ['total'], message: `must be the sum of the line totals (${sum}), not ${order.total}` });
  });
export type Order = z.output<typeof Order>;

/** Adds an issue at `<path>.<index>.<key>` for each id an earlier item of the list already has. */
function repeatedIds(ctx: z.RefinementCtx, ids: readonly string[], path: readonly PropertyKey[], key: string, message: string): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, index, key], message });
    seen.add(id);
  });
}

export const SaleTransaction = z.object({
  txId: ClientId,
  method: PaymentMethod,
  /** Positive for a payment, negative for a refund. */
  amount: Money,
  reference: z.string().max(200).nullable().default(null),
  tendered: NonNegativeMoney.nullable().default(null),
  change: NonNegativeMoney.nullable().default(null),
  at: Timestamp,
});
export type SaleTransaction = z.output<typeof SaleTransaction>;
export type SaleTransactionInput = z.input<typeof SaleTransaction>;

export const Sale = z.object({
  id: ServerId,
  clientId: ClientId,
  orderId: ServerId,
  receiptNo: z.string(),
  total: Money,
  transactions: z.array(SaleTransaction),
  createdAt: Timestamp,
});
export type Sale = z.output<typeof Sale>;

export const StepStateSource = z.enum(['server', 'manual']);
export type StepStateSource = z.infer<typeof StepStateSource>;

export const StepState = z.object({
  id: ClientId,
  shipmentId: ClientId,
  orderId: ServerId,
  code: z.string(),
  at: Timestamp,
  source: StepStateSource,
});
export type StepState = z.output<typeof StepState>;

export const OrderStateRule = z.object({
  id: z.string().min(1).max(100),
  state: z.string().min(1).max(100),
  code: z.string().min(1).max(100),
  minPercent: z.int().min(1).max(100),
  position: z.int(),
  active: z.boolean(),
});
export type OrderStateRule = z.output<typeof OrderStateRule>;

export const OrderStateHistoryEntry = z.object({
  id: ClientId,
  ruleId: z.string().min(1).max(100),
  state: z.string().min(1).max(100),
  startedAt: Timestamp,
  fulfilledAt: Timestamp,
  validFrom: Timestamp,
});
export type OrderStateHistoryEntry = z.output<typeof OrderStateHistoryEntry>;

export const Product = z.object({
  sku: z.string().min(1).max(100),
  name: z.string().max(500),
  price: NonNegativeMoney,
  currency: CurrencyCode,
  barcode: z.string().max(50).nullable().default(null),
});
export type Product = z.output<typeof Product>;

// ---------------------------------------------------------------------------------------------
// Responses

export const HealthResponse = z.object({ time: Timestamp });
export type HealthResponse = z.output<typeof HealthResponse>;

export const CatalogResponse = z.object({ products: z.array(Product), version: z.int().nonnegative() });
export type CatalogResponse = z.output<typeof CatalogResponse>;

/** A rule set lists each rule once (the terminal keeps rules by id). */
export const OrderStateRulesResponse = z
  .object({ rules: z.array(OrderStateRule), version: z.int().nonnegative() })
  .superRefine(({ rules }, ctx) =>
    repeatedIds(ctx, rules.map((rule) => rule.id), ['rules'], 'id', 'appears twice in this rule set (each rule has its own id)'),
  );
export type OrderStateRulesResponse = z.output<typeof OrderStateRulesResponse>;

/** `201` of a new sale, `200` when the sale's `clientId` already existed. */
export const SaleResponse = z.object({ sale: Sale, order: Order });
export type SaleResponse = z.output<typeof SaleResponse>;

/** `POST /v2/orders/{id}/state-history` answers with the order's whole stored history. */
export const StateHistoryResponse = z.object({ orderId: ServerId, history: z.array(OrderStateHistoryEntry) });
export type StateHistoryResponse = z.output<typeof StateHistoryResponse>;

/** `DELETE /v2/step-states/{id}` answers with the step state it removed. */
export const StepStateRemovedResponse = z.object({ removed: StepState });
export type StepStateRemovedResponse = z.output<typeof StepStateRemovedResponse>;

/** The kinds of change this terminal knows, each validated strictly. */
const KnownChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order'), order: Order }),
  z.object({ kind: z.literal('stepState'), stepState: StepState }),
  z.object({ kind: z.literal('stepStateRemoved'), id: ClientId }),
  z.object({ kind: z.literal('rules'), version: z.int().nonnegative() }),
  z.object({ kind: z.literal('catalog'), version: z.int().nonnegative() }),
]);
type KnownChange = z.output<typeof KnownChange>;
const KNOWN_CHANGE_KINDS: ReadonlySet<unknown> = new Set(KnownChange.options.map((option) => option.shape.kind.value));

/** A change of a kind this terminal does not know (a newer server's): accepted, kept as its kind only, and ignored. */
export interface UnknownChange {
  kind: 'unknown';
  unknownKind: string;
}

/**
 * One change of `/v2/changes`: a known kind is validated strictly (its issues name the field, as
 * `order.lines.1.lineId`); any other kind is accepted as an `UnknownChange`, so a server that
 * learned a new kind of change does not stop the terminals that do not know it yet.
 */
export const Change = z.looseObject({ kind: z.string() }).transform((change, ctx): KnownChange | UnknownChange => {
  if (!KNOWN_CHANGE_KINDS.has(change.kind)) return { kind: 'unknown', unknownKind: change.kind };
  const known = KnownChange.safeParse(change);
  if (known.success) return known.data;
  for (const issue of known.error.issues) ctx.issues.push({ code: 'custom', path: issue.path, message: issue.message, input: change });
  return z.NEVER;
});
export type Change = z.output<typeof Change>;

/**
 * `GET /v2/changes?since=<cursor>&limit=<n>`. Each entity appears at most once, with its latest
 * state. The cursor is opaque: pass back the last one received (none for the first pull).
 */
export const ChangesResponse = z.object({ changes: z.array(Change), cursor: z.string(), hasMore: z.boolean() });
export type ChangesResponse = z.output<typeof ChangesResponse>;

/**
 * A changes page as the terminal reads it: the frame checked here, each change on its own with
 * `Change`, so one change it cannot take is skipped rather than the whole page.
 */
export const ChangesPage = ChangesResponse.extend({ changes: z.array(z.unknown()) });
export type ChangesPage = z.output<typeof ChangesPage>;

export const CHANGES_DEFAULT_LIMIT = 100;
export const CHANGES_MAX_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------
// Errors

export const ERROR_CODES = [
  'unauthorized',
  'not_found',
  'bad_request',
  'bad_json',
  'bad_cursor',
  'bad_limit',
  'validation_failed',
  'server_owned_field',
  'total_mismatch',
  'amount_mismatch',
  'shipment_conflict',
  'client_id_conflict',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'idempotency_key_reused',
  'idempotency_key_in_progress',
  'precondition_required',
  'version_mismatch',
  'order_final',
  'order_closed',
  'sale_required',
  'sale_exists',
  'internal_error',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * `{"error": {...}}`. `code` stays a plain string so a client copes with codes added later;
 * `field` names the offending field's path (`lines.0.qty`) on 422; `current` is the order as the
 * server has it on `412 version_mismatch`.
 */
export const ErrorBody = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    current: Order.optional(),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  field?: string;
}

// ---------------------------------------------------------------------------------------------
// Headers and arithmetic both sides need

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * The `If-Match` value for an order version: the version as a quoted entity tag, the only form
 * the server takes (server/routes/order-lookup.ts `ifMatchVersion`).
 */
export function ifMatch(version: number): string {
  return `"${version}"`;
}
