import { z } from 'zod';
import { currencyCode, minorAmount, nonNegativeMinor, sumMinor } from './money.ts';
import { Problem } from './problem.ts';

/** Shapes of what the terminal shows and returns: shared by main, preload and renderer. */

export const orderStatuses = ['InProgress', 'InDelivery', 'Delayed', 'Done', 'Deleted'] as const;
export const OrderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const syncStatuses = [
  'Syncing',
  'Synced',
  'Charging',
  'Charged',
  'Removing',
  'Removed',
  'Delayed',
  'Failed',
  'Blocked',
] as const;
export const SyncStatus = z.enum(syncStatuses);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** What the server made of an order this terminal still holds Blocked: deleted it, or completed it elsewhere. */
export const FinalOnServer = z.enum(['Deleted', 'Done']);

export const paymentMethods = ['cash', 'card', 'cheque', 'giftcard', 'other'] as const;
export const PaymentMethod = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** The methods a card terminal or gift-card provider takes (the simulator's, and the screen's guess while one is asked): their charges wait for its answer. */
export const cardTerminalMethods: readonly PaymentMethod[] = ['card', 'giftcard'];

/** The most of one product a line may hold (a typing slip of a few digits more is refused, not sold). */
export const MAX_LINE_QTY = 100_000;

export const LineView = z.object({
  lineId: z.string(),
  sku: z.string(),
  name: z.string(),
  qty: z.number().int(),
  unitPrice: nonNegativeMinor,
  discount: nonNegativeMinor,
  total: minorAmount,
});
export type LineView = z.infer<typeof LineView>;

export const Customer = z.object({
  name: z.string().max(200),
  phone: z.string().max(50).optional(),
});
export type Customer = z.infer<typeof Customer>;

export const ShipmentView = z.object({
  shipmentId: z.string(),
  carrier: z.string(),
  trackingNo: z.string(),
});
export type ShipmentView = z.infer<typeof ShipmentView>;

export const DeliveryView = z.object({
  address: z.string(),
  shipments: z.array(ShipmentView),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const TransactionView = z.object({
  txId: z.string(),
  method: PaymentMethod,
  amount: minorAmount,
  reference: z.string().nullable(),
  tendered: nonNegativeMinor.nullable(),
  change: nonNegativeMinor.nullable(),
  at: z.string(),
  /** For a refund, the payment it gives back. */
  refundOf: z.string().nullable(),
  /** For a payment, what is left of it to give back (its amount less its refunds); 0 for a refund. */
  refundable: nonNegativeMinor,
});
export type TransactionView = z.infer<typeof TransactionView>;

export const SaleView = z.object({
  clientId: z.string(),
  receiptNo: z.string(),
  total: minorAmount,
  createdAt: z.string(),
  /** When the sale was voided: the server would not take it (sold on another terminal, or deleted there) and its money was refunded here. */
  voidedAt: z.string().nullable(),
  voidReason: Problem.nullable(),
});
export type SaleView = z.infer<typeof SaleView>;

export const CardAttemptView = z.object({
  attemptId: z.string(),
  method: PaymentMethod,
  amount: minorAmount,
  state: z.enum(['pending', 'approved', 'declined', 'unknown']),
  error: Problem.nullable(),
});
export type CardAttemptView = z.infer<typeof CardAttemptView>;

export const OrderView = z.object({
  clientId: z.string(),
  serverId: z.number().int(),
  version: z.number().int(),
  status: OrderStatus,
  syncStatus: SyncStatus,
  blockedReason: Problem.nullable(),
  currency: currencyCode,
  lines: z.array(LineView),
  customer: Customer.nullable(),
  delivery: DeliveryView.nullable(),
  total: minorAmount,
  paid: minorAmount,
  balance: minorAmount,
  transactions: z.array(TransactionView),
  unresolvedAttempts: z.array(CardAttemptView),
  sale: SaleView.nullable(),
  /** The sale made here will not be taken by the server (sold on another terminal, or deleted there): its payments may be refunded, which voids it. */
  saleRefused: z.boolean(),
  /** The server made the order final (deleted, or completed elsewhere) and it is Blocked here: it takes refunds of what it holds, no new payment or sale. */
  finalOnServer: FinalOnServer.nullable(),
  orderState: z.string().nullable(),
  orderStateSince: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderView = z.infer<typeof OrderView>;

export const OrderSummary = OrderView.pick({
  clientId: true,
  serverId: true,
  status: true,
  syncStatus: true,
  currency: true,
  total: true,
  paid: true,
  balance: true,
  createdAt: true,
  updatedAt: true,
  finalOnServer: true,
}).extend({ customerName: z.string().nullable(), lineCount: z.number().int() });
export type OrderSummary = z.infer<typeof OrderSummary>;

/** An order's list entry, from its full view (what `orders.listActive` gives for it). */
export function orderSummaryOf(view: OrderView): OrderSummary {
  const { clientId, serverId, status, syncStatus, currency, total, paid, balance, createdAt, updatedAt, finalOnServer } = view;
  return { clientId, serverId, status, syncStatus, currency, total, paid, balance, createdAt, updatedAt, finalOnServer, customerName: view.customer?.name ?? null, lineCount: view.lines.length };
}

/**
 * Deleted here, or made final by the server while money is held here: the order owes nothing,
 * what is held is to be refunded, and nothing more is taken (the main process refuses it too).
 */
export function isRefundOnly(order: Pick<OrderSummary, 'status' | 'finalOnServer'>): boolean {
  return order.status === 'Deleted' || order.finalOnServer !== null;
}

/**
 * What card or gift-card charges awaiting an answer hold of the balance: it cannot be taken again
 * until the card terminal says how they ended (refunds in flight hold nothing of it).
 */
export function heldByCharges(attempts: readonly Pick<CardAttemptView, 'amount'>[]): number {
  return sumMinor(attempts.filter((a) => a.amount > 0).map((a) => a.amount));
}

/** What one payment method took in and gave back over a period, in one currency. */
export const MethodTakings = z.object({ method: PaymentMethod, taken: minorAmount, refunded: minorAmount });
export type MethodTakings = z.infer<typeof MethodTakings>;

/**
 * Why a period's net differs from its sales total, each part as it adds to the sales total (the
 * three and the sales total make the net): the money held on orders not sold (open, or deleted
 * with money still on them), the money moved on void sales (their refunds), and sales paid for
 * in another period.
 */
export const TakingsGap = z.object({ heldUnsold: minorAmount, voidedNet: minorAmount, paidOtherPeriod: minorAmount });
export type TakingsGap = z.infer<typeof TakingsGap>;

/**
 * The till's takings over a period in one currency: the sales made here (void ones apart) and
 * the money taken and refunded by each method, whatever the order came to (payments on orders
 * still open are in the drawer too). `net` is what the drawer and the card terminal should hold.
 */
export const TillTakings = z
  .object({
    currency: currencyCode,
    sales: z.number().int(),
    salesTotal: minorAmount,
    voidedSales: z.number().int(),
    methods: z.array(MethodTakings),
    net: minorAmount,
  })
  .extend(TakingsGap.shape);
export type TillTakings = z.infer<typeof TillTakings>;

/**
 * An order Blocked with nothing left to send (made final on the server, or sold on another
 * terminal, while this one holds its money): listed on the sync panel with why, for the staff to
 * settle at the order; no outbox operation stands for it there.
 */
export const BlockedOrderSummary = OrderSummary.extend({ blockedReason: Problem.nullable() });
export type BlockedOrderSummary = z.infer<typeof BlockedOrderSummary>;

/** A finished order (Done, Deleted) as listed: with its sale's receipt number, if this terminal made the sale. */
export const FinishedOrderSummary = OrderSummary.extend({ receiptNo: z.string().nullable(), saleVoided: z.boolean() });
export type FinishedOrderSummary = z.infer<typeof FinishedOrderSummary>;

export const outboxKinds = [
  'create',
  'update',
  'sale',
  'close',
  'reopen',
  'delete',
  'stepState',
  'stepStateRemove',
  'stateHistory',
] as const;
export const OutboxKind = z.enum(outboxKinds);
export type OutboxKind = z.infer<typeof OutboxKind>;

export const outboxStates = ['pending', 'done', 'failed', 'blocked', 'cancelled'] as const;
export const OutboxState = z.enum(outboxStates);
export type OutboxState = z.infer<typeof OutboxState>;

export const OutboxOperationView = z.object({
  seq: z.number().int(),
  opId: z.string(),
  orderClientId: z.string(),
  /** How staff refer to the order: the server's number once known (order-label.ts). */
  orderNumber: z.string(),
  kind: OutboxKind,
  state: OutboxState,
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: Problem.nullable(),
  idempotencyKey: z.string(),
  createdAt: z.string(),
  /** Failed, or Blocked on something a new attempt could change (not an order the server made final). */
  retryable: z.boolean(),
});
export type OutboxOperationView = z.infer<typeof OutboxOperationView>;
