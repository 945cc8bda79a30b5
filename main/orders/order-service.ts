import type { Customer, OrderView } from '../../common/entities.ts';
import type { CommandArgs } from '../../common/ipc-contract.ts';
import { uuidv7 } from '../../common/ids.ts';
import { formatMoney } from '../../common/money.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError, moneyParam, notFound } from '../errors.ts';
import type { UpdateField } from '../outbox/coalesce.ts';
import { paidOf } from '../payments/payment-rules.ts';
import { refreshSyncStatus } from '../sync/order-sync-status.ts';
import { adoptSettledServerFinal, assertNotFinalOnServer } from '../sync/server-final.ts';
import { addLine, changeLine, removeLine, totalOf, type Line } from './order-lines.ts';
import type { OrderRow } from './order-store.ts';
import { assertEditable, assertOrderMove } from './order-status.ts';
import { readOrderView } from './order-view.ts';
import { copyTakenSince } from '../restored-copy.ts';
import { storedProblem, type Problem } from '../../common/problem.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';

/** Why a deleted order's operations were cancelled with nothing sent: the server refused its create (outbox/invariants.ts knows it by this code). */
export const CREATE_REFUSED: Problem = {
  code: 'create_refused',
  message: 'deleted here; the server had refused to create the order, so it never held it',
};

/**
 * A create parked Failed on a definite refusal (4xx), not on an answer it could not read (a 2xx
 * may have committed), and not in a database put back from a copy taken since: the staff may
 * have retried it after the copy, under a new key the server took.
 */
function createRefused(ctx: Context, create: OutboxRow): boolean {
  if (create.state !== 'failed' || storedProblem(create.last_error, create.last_problem)?.code !== 'refused') return false;
  return copyTakenSince(ctx, create.updated_at) === undefined;
}

/**
 * Orders at the counter: each command is one SQLite transaction that changes the order and
 * writes the outbox operation reporting it, then tells listeners.
 */
export class OrderService {
  private readonly ctx: Context;
  /** The currency of new orders (the terminal's setting, which may change between orders). */
  private readonly defaultCurrency: () => string;

  constructor(ctx: Context, defaultCurrency: () => string) {
    this.ctx = ctx;
    this.defaultCurrency = defaultCurrency;
  }

  create(args: CommandArgs<'orders.create'>): OrderView {
    const { ctx } = this;
    const clientId = uuidv7(ctx.clock.now());
    const lines: Line[] = (args.lines ?? []).map((l) => ({
      lineId: l.lineId ?? uuidv7(ctx.clock.now()),
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      unitPrice: l.unitPrice,
      discount: l.discount ?? 0,
    }));
    let all: Line[] = [];
    for (const line of lines) all = addLine(all, line);
    const total = totalOf(all);
    inTransaction(ctx, () => {
      const now = ctx.clock.iso();
      ctx.stores.orders.insert({
        clientId,
        syncStatus: 'Syncing',
        currency: args.currency ?? this.defaultCurrency(),
        customer: args.customer ?? null,
        total,
        now,
      });
      this.insertLines(clientId, all);
      ctx.stores.outbox.enqueue({ orderClientId: clientId, kind: 'create', orderRev: 1 });
      refreshSyncStatus(ctx, clientId);
    });
    return this.changed(clientId);
  }

  addLine(args: CommandArgs<'orders.addLine'>): OrderView {
    const line: Line = {
      lineId: args.lineId ?? uuidv7(this.ctx.clock.now()),
      sku: args.sku,
      name: args.name,
      qty: args.qty,
      unitPrice: args.unitPrice,
      discount: args.discount ?? 0,
    };
    return this.edit(args.orderClientId, ['lines'], (_row, lines) => {
      const next = addLine(lines, line);
      this.insertLines(args.orderClientId, [line]);
      return totalOf(next);
    });
  }

  updateLine(args: CommandArgs<'orders.updateLine'>): OrderView {
    const { orderClientId, lineId, ...change } = args;
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    return this.edit(orderClientId, ['lines'], (_row, lines) => {
      const next = changeLine(lines, lineId, defined);
      const changed = next.find((l) => l.lineId === lineId)!;
      this.ctx.stores.orders.updateLine(orderClientId, changed);
      return totalOf(next);
    });
  }

  removeLine(args: CommandArgs<'orders.removeLine'>): OrderView {
    return this.edit(args.orderClientId, ['lines'], (_row, lines) => {
      const next = removeLine(lines, args.lineId);
      this.ctx.stores.orders.deleteLine(args.orderClientId, args.lineId);
      return totalOf(next);
    });
  }

  setCustomer(args: CommandArgs<'orders.setCustomer'>): OrderView {
    const customer: Customer | null = args.customer;
    return this.edit(args.orderClientId, ['customer'], (row) => {
      this.ctx.stores.orders.setCustomer(args.orderClientId, customer);
      return row.total;
    });
  }

  setDelivery(args: CommandArgs<'orders.setDelivery'>): OrderView {
    const { ctx } = this;
    return this.edit(args.orderClientId, ['delivery'], (row) => {
      const delivery = args.delivery;
      const shipments = (delivery?.shipments ?? []).map((s) => ({
        shipmentId: s.shipmentId ?? uuidv7(ctx.clock.now()),
        carrier: s.carrier,
        trackingNo: s.trackingNo,
      }));
      const twice = shipments.find((s, i) => shipments.findIndex((o) => o.shipmentId === s.shipmentId) !== i);
      if (twice) throw new DomainError('duplicate_shipment', `shipment ${twice.shipmentId} is listed twice`, { trackingNo: twice.trackingNo });
      ctx.stores.orders.setDelivery(args.orderClientId, delivery?.address ?? null, shipments);
      return row.total;
    });
  }

  setStatus(args: CommandArgs<'orders.setStatus'>): OrderView {
    return this.edit(args.orderClientId, ['status'], (row) => {
      assertOrderMove(row.status, args.status, row.client_id);
      if (row.status === args.status) {
        throw new DomainError('no_change', `order ${row.client_id} is already ${args.status}`, { status: args.status });
      }
      this.ctx.stores.orders.setStatus(args.orderClientId, args.status);
      return row.total;
    });
  }

  /**
   * Deletes an order (SPEC §3.5). Payments must have been refunded. An order whose create was
   * never attempted, or was refused by the server (Failed), is unknown to the server: its
   * operations are cancelled and no request is made. Otherwise a delete operation follows the
   * order's other operations.
   */
  delete(args: CommandArgs<'orders.delete'>): OrderView {
    const { ctx } = this;
    const id = args.orderClientId;
    inTransaction(ctx, () => {
      const row = this.load(id);
      assertOrderMove(row.status, 'Deleted', id);
      if (ctx.stores.payments.unresolvedAttempts(id).length > 0) {
        throw new DomainError('payment_unresolved', 'a card or gift-card charge is unresolved; reconcile it before deleting');
      }
      const held = paidOf(ctx.stores.payments.tenders(id));
      if (held !== 0) {
        throw new DomainError('payments_held', `the order holds ${formatMoney(held, row.currency)} in payments; refund them before deleting it`, { held: moneyParam(held, row.currency) });
      }
      // Blocked because the server made it final while money was held: with none held now, the
      // server's order stands and nothing is left to send (its deletion, or its completion elsewhere).
      if (adoptSettledServerFinal(ctx, id)) return;
      ctx.stores.orders.setStatus(id, 'Deleted');
      const rev = ctx.stores.orders.touch(id, row.total, ctx.clock.iso());
      const create = ctx.stores.outbox.openOperations(id).find((op) => op.kind === 'create');
      if (create?.state === 'pending' && create.attempts === 0) {
        ctx.stores.outbox.cancelUnsent(id, 'deleted before the server saw the order');
      } else if (create && createRefused(ctx, create)) {
        // Every key it was sent with got a definite refusal (a key is renewed only after one),
        // so the server holds no such order: nothing to delete there, and nothing left to send.
        ctx.stores.outbox.cancelOpen(id, CREATE_REFUSED);
      } else {
        ctx.stores.outbox.enqueue({ orderClientId: id, kind: 'delete', orderRev: rev });
      }
      refreshSyncStatus(ctx, id);
    });
    return this.changed(id);
  }

  get(clientId: string): OrderView {
    return readOrderView(this.ctx, clientId);
  }

  private load(clientId: string): OrderRow {
    const row = this.ctx.stores.orders.get(clientId);
    if (!row) throw notFound('order', clientId);
    return row;
  }

  /**
   * Inserts new lines of an order. A line id is unique across orders (a caller may choose it): one
   * that is already another order's line is refused, inside the transaction, so nothing is written.
   */
  private insertLines(clientId: string, lines: readonly Line[]): void {
    const { orders } = this.ctx.stores;
    for (const line of lines) {
      const owner = orders.lineOwner(line.lineId);
      if (owner !== undefined && owner !== clientId) {
        throw new DomainError('duplicate_line', `lineId: line ${line.lineId} is a line of another order; leave lineId out to add a new line`, { reason: 'other_order' });
      }
      orders.insertLine(clientId, line);
    }
  }

  /** One local edit: check the order is editable, apply, record the change and its update operation. */
  private edit(clientId: string, fields: UpdateField[], apply: (row: OrderRow, lines: Line[]) => number): OrderView {
    const { ctx } = this;
    inTransaction(ctx, () => {
      const row = this.load(clientId);
      assertEditable(row.status, clientId);
      assertNotFinalOnServer(ctx, clientId, row);
      const total = apply(row, ctx.stores.orders.lines(clientId));
      const rev = ctx.stores.orders.touch(clientId, total, ctx.clock.iso());
      ctx.stores.outbox.enqueue({ orderClientId: clientId, kind: 'update', fields, orderRev: rev });
      refreshSyncStatus(ctx, clientId);
    });
    return this.changed(clientId);
  }

  private changed(clientId: string): OrderView {
    const view = readOrderView(this.ctx, clientId);
    this.ctx.events.emit('order.changed', { orderClientId: clientId, status: view.status, syncStatus: view.syncStatus });
    return view;
  }
}

