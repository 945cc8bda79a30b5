import { z } from 'zod';
import { ClientId, Customer, Delivery, Line, Money, OpenOrderStatus, OrderStateHistoryEntry, SaleTransaction, type ErrorCode, type ErrorDetail } from './backend-api.ts';
import { cashProblem, currencyCode, lineAmountProblem } from './money.ts';

/**
 * The request bodies of the backend's wire contract (`API.md`, v2) as zod schemas, with the types
 * they infer, and the 422 detail of a body that fails them. The resources they are built from,
 * the responses, errors and headers are in backend-api.ts. Like it, this file imports nothing but
 * zod and other common files: the server validates with these and the terminal's sync client
 * builds its bodies to pass them, so the server accepts no amount the terminal would refuse.
 *
 * Each schema and its type share a name (`CreateOrderRequest` is both).
 */

// ---------------------------------------------------------------------------------------------
// What a request body is built from

/**
 * A time in a request body: ISO 8601 UTC with exactly milliseconds (API.md, Conventions), the
 * form `Date#toISOString` writes and the terminal stores; no other precision, no offset.
 */
export const SentTimestamp = z.iso.datetime({
  precision: 3,
  error: 'must be an ISO 8601 UTC time with milliseconds such as 2026-11-21T10:30:00.000Z',
});

/** A line in a request: its amounts must also pass the terminal's line rule (no negative line totals). */
const SentLine = Line.superRefine((line, ctx) => {
  const problem = lineAmountProblem(line);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});

/** A transaction in a sale request: its cash fields must agree with its amount, as the terminal records them. */
const SentTransaction = SaleTransaction.extend({ at: SentTimestamp }).superRefine((tx, ctx) => {
  const problem = cashProblem(tx);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});

/** A history entry in a request: its times with milliseconds. */
const SentHistoryEntry = OrderStateHistoryEntry.extend({
  startedAt: SentTimestamp,
  fulfilledAt: SentTimestamp,
  validFrom: SentTimestamp,
});

// ---------------------------------------------------------------------------------------------
// Request bodies

/** Fields the server owns; a request body carrying one is refused with 422 naming it. */
export const SERVER_OWNED_FIELDS = ['id', 'version', 'deviceId', 'saleId', 'updatedAt'] as const;
export type ServerOwnedField = (typeof SERVER_OWNED_FIELDS)[number];

const SERVER_OWNED_MESSAGE = 'is owned by the server and must not be sent';
const serverOwned = z.never({ error: SERVER_OWNED_MESSAGE }).optional();
const refuseServerOwned = {
  id: serverOwned,
  version: serverOwned,
  deviceId: serverOwned,
  saleId: serverOwned,
  updatedAt: serverOwned,
};

/** Adds an issue at `<arrayPath>.<index>.<key>` for each item whose key an earlier item already has. */
function refuseRepeated<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  arrayPath: string,
  key: keyof T & string,
  message: string,
): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    if (seen.has(item[key])) ctx.addIssue({ code: 'custom', path: [arrayPath, index, key], message });
    seen.add(item[key]);
  });
}

/** Each line is known by its `lineId` (the terminal merges an order line by line): one line per id. */
const LINE_ID_REPEATED = 'appears twice in this order (each line has its own lineId)';

/**
 * `POST /v2/orders`. A `transactions` field is accepted and ignored (dropped like every field
 * the contract does not name): the server never stores an order's payments.
 */
export const CreateOrderRequest = z
  .object({
    ...refuseServerOwned,
    clientId: ClientId,
    /** ISO 4217, and a currency the terminal knows (common/money.ts). */
    currency: currencyCode,
    lines: z.array(SentLine),
    total: Money,
    status: OpenOrderStatus.default('InProgress'),
    customer: Customer.nullable().default(null),
    delivery: Delivery.nullable().default(null),
    /** When the order was opened at the counter; the server's time when absent. */
    createdAt: SentTimestamp.optional(),
  })
  .superRefine((order, ctx) => refuseRepeated(ctx, order.lines, 'lines', 'lineId', LINE_ID_REPEATED));
export type CreateOrderRequest = z.output<typeof CreateOrderRequest>;
export type CreateOrderRequestInput = z.input<typeof CreateOrderRequest>;

/** `PATCH /v2/orders/{id}`: any of these; `null` clears customer or delivery; `lines` need `total`. */
export const PatchOrderRequest = z
  .object({
    ...refuseServerOwned,
    lines: z.array(SentLine).optional(),
    total: Money.optional(),
    customer: Customer.nullable().optional(),
    delivery: Delivery.nullable().optional(),
    status: OpenOrderStatus.optional(),
  })
  .superRefine((patch, ctx) => {
    if (patch.lines !== undefined) refuseRepeated(ctx, patch.lines, 'lines', 'lineId', LINE_ID_REPEATED);
    if (patch.lines !== undefined && patch.total === undefined) {
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'is required when lines are sent' });
    }
  });
export type PatchOrderRequest = z.output<typeof PatchOrderRequest>;
export type PatchOrderRequestInput = z.input<typeof PatchOrderRequest>;

/** `POST /v2/orders/{id}/sale`. */
export const CreateSaleRequest = z
  .object({
    ...refuseServerOwned,
    clientId: ClientId,
    receiptNo: z.string().min(1).max(100),
    total: Money,
    transactions: z.array(SentTransaction),
    /** When the sale was completed at the counter; the server's time when absent. */
    createdAt: SentTimestamp.optional(),
  })
  .superRefine((sale, ctx) => refuseRepeated(ctx, sale.transactions, 'transactions', 'txId', 'appears twice in this sale'));
export type CreateSaleRequest = z.output<typeof CreateSaleRequest>;
export type CreateSaleRequestInput = z.input<typeof CreateSaleRequest>;

/** `POST /v2/shipments/{shipmentId}/step-states`: the device makes the `id`. */
export const CreateStepStateRequest = z.object({
  ...refuseServerOwned,
  id: ClientId,
  code: z.string().min(1).max(100),
  at: SentTimestamp,
  source: z.literal('manual').default('manual'),
});
export type CreateStepStateRequest = z.output<typeof CreateStepStateRequest>;
export type CreateStepStateRequestInput = z.input<typeof CreateStepStateRequest>;

/** `POST /v2/orders/{id}/state-history`: entries added (or corrected, by id) and ids removed. */
export const StateHistoryRequest = z.object({
  ...refuseServerOwned,
  added: z.array(SentHistoryEntry).default([]),
  removed: z.array(ClientId).default([]),
});
export type StateHistoryRequest = z.output<typeof StateHistoryRequest>;
export type StateHistoryRequestInput = z.input<typeof StateHistoryRequest>;

/**
 * `close`, `reopen` and `DELETE` take no body, or `{}`: any other field is refused, naming the
 * first (a server-owned one as such).
 */
export const EmptyRequest = z
  .looseObject({ ...refuseServerOwned })
  .superRefine((body, ctx) => {
    const extra = Object.keys(body).find((key) => !(SERVER_OWNED_FIELDS as readonly string[]).includes(key));
    if (extra !== undefined) ctx.addIssue({ code: 'custom', path: [extra], message: 'is not expected: this request takes no body, or {}' });
  })
  .optional();

// ---------------------------------------------------------------------------------------------
// A body that fails them

/** Turns a failed parse into the error detail of a 422, naming the first offending field. */
export function describeZodError(error: z.ZodError): ErrorDetail {
  const issue = error.issues[0];
  if (!issue) return { code: 'validation_failed', message: 'the request body is not valid' };
  const field = issue.path.map(String).join('.');
  const ownedByServer =
    issue.code === 'invalid_type' &&
    issue.expected === 'never' &&
    issue.path.length === 1 &&
    (SERVER_OWNED_FIELDS as readonly PropertyKey[]).includes(issue.path[0] as PropertyKey);
  const code: ErrorCode = ownedByServer ? 'server_owned_field' : 'validation_failed';
  if (field === '') return { code, message: `the request body ${issue.message}` };
  return { code, message: `${field}: ${issue.message}`, field };
}
