import { z } from 'zod';
import {
  BlockedOrderSummary,
  Customer,
  MAX_LINE_QTY,
  FinishedOrderSummary,
  TillTakings,
  OrderStatus,
  OrderSummary,
  OrderView,
  OutboxOperationView,
  OutboxState,
  PaymentMethod,
  SyncStatus,
} from './entities.ts';
import { uuid } from './ids.ts';
import { Timestamp } from './backend-api.ts';
import { CatalogView } from './catalog.ts';
import { NotificationView, OrderStateRuleView, OrderTimelineView, ShipmentHitView, StateJobView, StepStateView } from './order-states.ts';
import { currencyCode, nonNegativeMinor, positiveMinor } from './money.ts';
import { Problem, type ProblemParams } from './problem.ts';
import { adminPin, BackupsView, EditableSettings, SettingsUpdate, SettingsView, StaffStatus } from './settings.ts';

/**
 * THE IPC contract: every command the renderer (or a tool) can send to the main process, and
 * every event main sends back. Main validates each input with these schemas; the preload bridge
 * and the browser host are typed from them; docs/ipc.md is generated from them.
 */

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const orderRef = { orderClientId: uuid };
/** A line's SKU and name as the backend's products and lines take them (common/backend-api.ts), so any product it lists can be sold. */
const sku = text(100);
const lineName = text(500);
const lineInput = z.strictObject({
  lineId: uuid.optional(),
  sku,
  name: lineName,
  qty: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(MAX_LINE_QTY, { error: `must be at most ${MAX_LINE_QTY}` }),
  unitPrice: nonNegativeMinor,
  discount: nonNegativeMinor.optional(),
});
const customerInput = z.strictObject({ name: text(200), phone: text(50).optional() });
const deliveryInput = z.strictObject({
  address: text(500),
  shipments: z
    .array(z.strictObject({ shipmentId: uuid.optional(), carrier: text(100), trackingNo: text(100) }))
    .max(100, { error: 'must list at most 100 shipments' }),
});

export interface CommandDef {
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
  /** Staff only at a self-service kiosk: refused there until the admin PIN unlocks a staff session (staff.unlock). */
  staff?: boolean;
  /**
   * A read of the staff's screens (other customers' orders, names, addresses, the shop's
   * figures): refused at a kiosk like `staff`, but it does not keep the staff session open, since
   * the screens repeat it by themselves.
   */
  staffRead?: boolean;
}

export const commands = {
  'orders.create': {
    summary: 'Open a new order on this terminal (works offline: serverId stays 0 until the server answers).',
    input: z.strictObject({
      currency: currencyCode.optional(),
      customer: customerInput.nullable().optional(),
      lines: z.array(lineInput).max(500).optional(),
    }),
    output: OrderView,
  },
  'orders.get': {
    summary: 'One order with its lines, transactions, sale and sync status.',
    input: z.strictObject(orderRef),
    output: OrderView,
  },
  'orders.listActive': {
    summary: 'Active orders (InProgress, InDelivery, Delayed), newest first; optional search by customer, id.',
    input: z.strictObject({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(OrderSummary),
    staffRead: true,
  },
  'orders.listFinished': {
    summary:
      'Finished orders (Done, Deleted), newest first, with the receipt number of the sale made here; optional search by receipt number, customer, id. To find a sale again and reprint its receipt.',
    input: z.strictObject({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(FinishedOrderSummary),
    staffRead: true,
  },
  'orders.listBlocked': {
    summary:
      'Orders Blocked with no outbox operation left to send (made final on the server, or sold on another terminal, while money is held here), newest first, with why: settled at the order, not by the outbox.',
    input: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(BlockedOrderSummary),
    staffRead: true,
  },
  'orders.addLine': {
    summary: 'Add a line (a product, quantity and unit price in minor units) to an editable order.',
    input: lineInput.extend(orderRef),
    output: OrderView,
  },
  'orders.updateLine': {
    summary: "Change a line's quantity, unit price, discount or name (at least one of them: a change naming none is refused).",
    input: z
      .strictObject({
        ...orderRef,
        lineId: uuid,
        name: lineName.optional(),
        qty: lineInput.shape.qty.optional(),
        unitPrice: nonNegativeMinor.optional(),
        discount: nonNegativeMinor.optional(),
      })
      // A change naming nothing to change would still be recorded and sent as one.
      .refine((p) => p.name !== undefined || p.qty !== undefined || p.unitPrice !== undefined || p.discount !== undefined, {
        error: 'must change at least one of name, qty, unitPrice, discount',
      }),
    output: OrderView,
  },
  'orders.removeLine': {
    summary: 'Remove a line. Removing below what was paid leaves a negative balance to refund.',
    input: z.strictObject({ ...orderRef, lineId: uuid }),
    output: OrderView,
  },
  'orders.setCustomer': {
    summary: 'Set or clear (null) the customer.',
    input: z.strictObject({ ...orderRef, customer: customerInput.nullable() }),
    output: OrderView,
  },
  'orders.setDelivery': {
    summary: 'Set or clear (null) the delivery address and its shipments.',
    input: z.strictObject({ ...orderRef, delivery: deliveryInput.nullable() }),
    output: OrderView,
  },
  'orders.setStatus': {
    summary: 'Move an active order between InProgress, InDelivery and Delayed (Done comes from a sale, Deleted from orders.delete).',
    input: z.strictObject({ ...orderRef, status: z.enum(['InProgress', 'InDelivery', 'Delayed']) }),
    output: OrderView,
    staff: true,
  },
  'orders.delete': {
    summary:
      "Delete an order. Payments must be refunded first; an order the server never saw is deleted without a request. An order Blocked because the server made it final (deleted, or completed elsewhere) takes the server's order instead, with nothing sent.",
    input: z.strictObject(orderRef),
    output: OrderView,
  },
  'payments.record': {
    summary: 'Record a payment. Only cash may be tendered above the amount due (change is computed); card and gift card go through the payment driver. At a kiosk without a staff session only the payment driver\'s methods are taken (`staff_only` otherwise; `staff.status` lists what may be taken now).',
    input: z.strictObject({
      ...orderRef,
      method: PaymentMethod,
      amount: positiveMinor,
      tendered: positiveMinor.optional(),
      reference: text(100).optional(),
    }),
    output: OrderView,
  },
  'payments.refund': {
    summary:
      "Refund (part of) a payment through the same method. When it leaves nothing held on an order Blocked because the server made it final, the server's order stands and the order's open operations are cancelled.",
    input: z.strictObject({ ...orderRef, txId: uuid, amount: positiveMinor }),
    output: OrderView,
    staff: true,
  },
  'payments.reconcile': {
    summary: 'Ask the payment driver how a charge whose outcome was unknown ended, and record it.',
    input: z.strictObject({ attemptId: uuid }),
    output: OrderView,
  },
  'sales.complete': {
    summary: 'Complete the sale at balance zero: creates the sale with a receipt number, and the order becomes Done.',
    input: z.strictObject(orderRef),
    output: OrderView,
  },
  'sales.takings': {
    summary:
      "The till's takings over a period (from inclusive, to exclusive, at most 31 days), per currency: the sales made here (void ones apart) and what each payment method took in and refunded. Staff only at a kiosk.",
    input: z
      .strictObject({ from: Timestamp, to: Timestamp })
      .refine((p) => Date.parse(p.to) > Date.parse(p.from), { error: 'must be after from', path: ['to'] })
      .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 31 * 86_400_000, { error: 'must be at most 31 days after from', path: ['to'] }),
    output: z.object({ from: Timestamp, to: Timestamp, currencies: z.array(TillTakings) }),
    staffRead: true,
  },
  'outbox.list': {
    summary: 'Outbox operations in send order, optionally for one order or some states.',
    input: z.strictObject({
      orderClientId: uuid.optional(),
      states: z.array(OutboxState).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: z.array(OutboxOperationView),
    staffRead: true,
  },
  'outbox.summary': {
    summary: 'How many operations are in each outbox state.',
    input: z.strictObject({}),
    output: z.record(OutboxState, z.number().int()),
  },
  'catalog.list': {
    summary:
      "The products to sell: the server's catalog as last pulled (the built-in demo products before the first sync), those priced in `currency`: an order's own, which may not be this terminal's (taken before the currency setting changed, or from a terminal selling in another); this terminal's when left out.",
    input: z.strictObject({ currency: currencyCode.optional() }),
    output: CatalogView,
  },
  'terminal.info': {
    summary:
      'Who this terminal is: device id and name, server URL, data folder, version, receipt prefix, currency, and the saved settings it left out at start (such as a plain-http server address to another machine), each with why.',
    input: z.strictObject({}),
    output: z.object({
      deviceId: z.string(),
      deviceName: z.string(),
      serverUrl: z.string(),
      dataDir: z.string(),
      version: z.string(),
      receiptPrefix: z.string(),
      currency: z.string(),
      /** Saved settings no longer valid, left out at start (`saved_setting_ignored`), until the staff save settings again. */
      ignoredSettings: z.array(Problem),
    }),
  },
  'backups.status': {
    summary: 'The daily copies of the terminal’s database: where they are kept, the newest, how many.',
    input: z.strictObject({}),
    output: BackupsView,
  },
  'backups.run': {
    summary: 'Copy the database now (one is also made each day on its own); answers once the copy is whole, with the copies as they then are.',
    input: z.strictObject({}),
    output: BackupsView,
    staff: true,
  },
  'settings.get': {
    summary: 'The settings the staff may change (server URL, device name, currency), which are fixed where the terminal was started, and whether a change needs the admin PIN.',
    input: z.strictObject({}),
    output: SettingsView,
  },
  'settings.update': {
    summary:
      "Change settings, applied at once and kept across restarts: the server URL (waiting operations go there now, with their keys), the device name, the currency of new orders (refused while orders are in progress). Needs `adminPin` where one is configured.",
    input: SettingsUpdate,
    output: SettingsView,
  },
  'staff.status': {
    summary: 'Whether staff commands may run: always at a counter; at a kiosk, after staff.unlock until staff.lock or some minutes unused.',
    input: z.strictObject({}),
    output: StaffStatus,
  },
  'staff.unlock': {
    summary: 'At a kiosk: open a staff session with the admin PIN (wrong guesses lock the gate for a while, as for the kiosk exit).',
    input: z.strictObject({ pin: adminPin }),
    output: StaffStatus,
  },
  'staff.lock': {
    summary: 'At a kiosk: close the staff session now.',
    input: z.strictObject({}),
    output: StaffStatus,
  },
  'states.addStepState': {
    summary:
      "Add a shipment's status notice by hand (source manual): the order's state is re-derived and the server told. Refused (`bad_time`) when dated more than a day ahead, or more than a day before its order was taken (reason `before_order`).",
    input: z.strictObject({
      shipmentId: text(100),
      code: text(100),
      /** When it happened (ISO 8601); now when absent. */
      at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-11-21T10:30:00.000Z' }).optional(),
    }),
    output: StepStateView,
    staff: true,
  },
  'states.removeStepState': {
    summary: 'Remove a status notice (manual or from the carrier): the order is fully re-derived and the server told.',
    input: z.strictObject({ stepStateId: text(100) }),
    output: StepStateView,
    staff: true,
  },
  'states.timeline': {
    summary: "An order's state history, current state, shipments with their notices, and each rule's progress.",
    input: z.strictObject(orderRef),
    output: OrderTimelineView,
    staffRead: true,
  },
  'states.searchShipments': {
    summary:
      "Full-text search of the shipping index: customer, address, carrier, tracking number, last step, and the order's label as the screens show it in any language and case (\"Order #4\", \"Pedido n.º 4\", \"Заказ №4\", \"#4\" or \"4\"; an order not yet synced by the end of its client id, \"#A1B2C3\" or \"a1b2c3\"). Each order is listed once, with its matching shipments together in the order they were added; orders newest first.",
    input: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }),
    output: z.array(ShipmentHitView),
    staffRead: true,
  },
  'states.notifications': {
    summary: "Notifications (order-state changes, and sync's: refused, blocked, a sale that overrode changes made elsewhere, a deletion here that a completion elsewhere overtook), newest first, optionally for one order.",
    input: z.strictObject({ orderClientId: uuid.optional(), limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(NotificationView),
    staffRead: true,
  },
  'states.queue': {
    summary: 'Order-state reconstruction jobs: queued ones with their due time, and dead ones with their last error.',
    input: z.strictObject({
      states: z.array(z.enum(['queued', 'dead'])).optional(),
      orderClientId: uuid.optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: z.array(StateJobView),
    staffRead: true,
  },
  'states.retryJob': {
    summary: 'Put a dead order-state job back on the queue, due now.',
    input: z.strictObject(orderRef),
    output: StateJobView,
    staff: true,
  },
  'states.rules': {
    summary: 'The order-state rules in use (from the server, or the built-in set before the first sync) and their version.',
    input: z.strictObject({}),
    output: z.object({ version: z.number().int().nullable(), rules: z.array(OrderStateRuleView) }),
  },
  'sync.status': {
    summary: 'Whether the server is reachable, how much of the outbox waits, and the last sync error.',
    input: z.strictObject({}),
    output: z.object({
      online: z.boolean(),
      running: z.boolean(),
      inFlight: z.number().int(),
      outbox: z.record(OutboxState, z.number().int()),
      /** Orders Blocked with no operation left to send (`orders.listBlocked` lists them): they wait for the staff too. */
      blockedOrders: z.number().int(),
      lastError: Problem.nullable(),
      lastPullAt: z.string().nullable(),
    }),
  },
  'outbox.retry': {
    summary: "Send a Failed or Blocked operation again, as a new request (new idempotency key, body rebuilt from the order now). Refused (order_final) for an order the server made final: the server would refuse it again (the view's `retryable`).",
    input: z.strictObject({ seq: z.number().int().min(1) }),
    output: OutboxOperationView,
    staff: true,
  },
  'outbox.discard': {
    summary: 'Give up a Failed operation: it is kept as cancelled history and the order moves on. Only Failed ones (not_failed otherwise, Blocked included), and never a create or a sale, which hold what happened at the counter (keep_money: retry it instead).',
    input: z.strictObject({ seq: z.number().int().min(1) }),
    output: OutboxOperationView,
    staff: true,
  },
} satisfies Record<string, CommandDef>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** What a caller sends. */
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
/** What a handler receives after validation. */
export type CommandArgs<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;

export type { MoneyParam } from './problem.ts';
/** What a refusal names, for the UI to say it in the staff's language (`error.<code>` strings). */
export type ErrorParams = ProblemParams;
/** A refused command: `message` is the refusal in English, for logs, tools and any code the UI has no words for. */
export type IpcError = Problem;
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const events = {
  'order.changed': {
    summary: 'An order changed (locally or by sync): its id, business and sync status.',
    payload: z.object({ orderClientId: z.string(), status: OrderStatus, syncStatus: SyncStatus }),
  },
  'outbox.changed': {
    summary: 'The outbox moved, or the server became reachable or unreachable: operations open by state, and whether the terminal is online.',
    payload: z.object({ pending: z.number().int(), failed: z.number().int(), blocked: z.number().int(), online: z.boolean() }),
  },
  'catalog.changed': {
    summary: "A newer catalog arrived from the server: the products to sell changed.",
    payload: z.object({ version: z.number().int() }),
  },
  'staff.changed': {
    summary: "A kiosk's staff session opened or closed (by the PIN, by staff.lock, or unused for some minutes).",
    payload: StaffStatus,
  },
  'settings.changed': {
    summary: 'The settings changed (settings.update): their new values.',
    payload: EditableSettings,
  },
  notification: {
    summary: 'Something for the staff to see (an order-state change, a sync problem). At a kiosk, sent only while a staff session is open.',
    payload: z.object({ id: z.string(), kind: z.string(), orderClientId: z.string().nullable(), message: z.string(), at: z.string() }),
    staffRead: true,
  },
} as const;

/** Whether an event is the staff's only (like a `staffRead` command): a kiosk's screen gets it only in a staff session. */
export function isStaffEvent(event: EventName): boolean {
  return 'staffRead' in events[event];
}

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** The object the preload exposes as `window.pos` (and the browser host's shim mirrors). */
export interface PosApi {
  invoke<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc-channels.ts';

export { Customer };
