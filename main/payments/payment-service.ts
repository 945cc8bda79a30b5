import { heldByCharges, type OrderView, type PaymentMethod } from '../../common/entities.ts';
import type { CommandArgs } from '../../common/ipc-contract.ts';
import { uuidv7 } from '../../common/ids.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertEditable } from '../orders/order-status.ts';
import { readOrderView } from '../orders/order-view.ts';
import { requestWithTimeout, type DriverOutcome, type PaymentDriver } from './payment-driver.ts';
import { adoptSettledServerFinal, assertNotFinalOnServer, finalOnServer, saleRefused } from '../sync/server-final.ts';
import { planPayment, planRefund } from './payment-rules.ts';
import { cardProblem } from './card-problems.ts';

/**
 * Payments and refunds (SPEC §3.3, §3.6). Cash, cheque and other are recorded at once; card
 * and gift card go through the payment driver, with the attempt written before the driver is
 * asked, so a charge whose answer is lost is reconciled instead of being charged again.
 */
export class PaymentService {
  private readonly ctx: Context;
  private readonly driver: PaymentDriver;
  private readonly driverTimeoutMs: number;

  constructor(ctx: Context, driver: PaymentDriver, driverTimeoutMs: number) {
    this.ctx = ctx;
    this.driver = driver;
    this.driverTimeoutMs = driverTimeoutMs;
  }

  async record(args: CommandArgs<'payments.record'>): Promise<OrderView> {
    const { ctx } = this;
    const id = args.orderClientId;
    const check = () => {
      const order = this.editableOrder(id);
      assertNotFinalOnServer(ctx, id, order);
      return planPayment({
        currency: order.currency,
        total: order.total,
        tenders: ctx.stores.payments.tenders(id),
        reserved: this.reserved(id),
        method: args.method,
        amount: args.amount,
        tendered: args.tendered,
      });
    };
    if (!this.driver.methods.includes(args.method)) {
      inTransaction(ctx, () => {
        const plan = check();
        ctx.stores.payments.insertTransaction({
          txId: uuidv7(ctx.clock.now()),
          orderClientId: id,
          method: args.method,
          amount: plan.amount,
          reference: args.reference ?? null,
          tendered: plan.tendered,
          change: plan.change,
          refundOf: null,
          at: ctx.clock.iso(),
        });
      });
      return this.changed(id);
    }
    const attemptId = uuidv7(ctx.clock.now());
    inTransaction(ctx, () => {
      const plan = check();
      ctx.stores.payments.insertAttempt({ attemptId, orderClientId: id, method: args.method, amount: plan.amount, reference: args.reference ?? null, now: ctx.clock.iso() });
    });
    const outcome = await requestWithTimeout(
      this.driver,
      { attemptId, kind: 'charge', method: args.method, amount: args.amount, currency: this.currencyOf(id), reference: args.reference ?? null },
      this.driverTimeoutMs,
    );
    this.settle(attemptId, outcome, null);
    return this.answer(id, attemptId, args.method, outcome);
  }

  async refund(args: CommandArgs<'payments.refund'>): Promise<OrderView> {
    const { ctx } = this;
    const id = args.orderClientId;
    const check = () => {
      const order = this.refundableOrder(id);
      if (this.reserved(id) !== 0 || ctx.stores.payments.unresolvedAttempts(id).length > 0) {
        throw new DomainError('payment_unresolved', 'a card or gift-card request is unresolved; reconcile it first');
      }
      return planRefund(ctx.stores.payments.tenders(id), args.txId, args.amount, order.currency);
    };
    const original = () => ctx.stores.payments.transactions(id).find((t) => t.txId === args.txId);
    const method: PaymentMethod | undefined = original()?.method;
    if (!method || !this.driver.methods.includes(method)) {
      inTransaction(ctx, () => {
        const plan = check();
        ctx.stores.payments.insertTransaction({
          txId: uuidv7(ctx.clock.now()),
          orderClientId: id,
          method: plan.method,
          amount: plan.amount,
          reference: original()?.reference ?? null,
          tendered: null,
          change: null,
          refundOf: args.txId,
          at: ctx.clock.iso(),
        });
        adoptSettledServerFinal(ctx, id);
      });
      return this.changed(id);
    }
    const attemptId = uuidv7(ctx.clock.now());
    inTransaction(ctx, () => {
      const plan = check();
      ctx.stores.payments.insertAttempt({ attemptId, orderClientId: id, method, amount: plan.amount, reference: args.txId, now: ctx.clock.iso() });
    });
    const outcome = await requestWithTimeout(
      this.driver,
      { attemptId, kind: 'refund', method, amount: args.amount, currency: this.currencyOf(id), reference: original()?.reference ?? null },
      this.driverTimeoutMs,
    );
    this.settle(attemptId, outcome, args.txId);
    return this.answer(id, attemptId, method, outcome);
  }

  /** Asks the driver how an unknown charge ended and records the answer. */
  async reconcile(args: CommandArgs<'payments.reconcile'>): Promise<OrderView> {
    const attempt = this.ctx.stores.payments.attempt(args.attemptId);
    if (!attempt) throw notFound('payment_attempt', args.attemptId);
    if (attempt.state !== 'unknown' && attempt.state !== 'pending') {
      throw new DomainError('already_settled', `payment attempt ${args.attemptId} is already ${attempt.state}`);
    }
    const outcome = await this.driver.lookup(args.attemptId).catch(
      (error: unknown): DriverOutcome => ({ outcome: 'unknown', reason: String(error) }),
    );
    const refundOf = attempt.amount < 0 ? attempt.reference : null;
    this.settle(args.attemptId, outcome, refundOf);
    return this.answer(attempt.orderClientId, args.attemptId, attempt.method, outcome);
  }

  /** Records a driver's answer in one transaction: approved → the transaction exists. */
  private settle(attemptId: string, outcome: DriverOutcome, refundOf: string | null): void {
    const { ctx } = this;
    inTransaction(ctx, () => {
      const attempt = ctx.stores.payments.attempt(attemptId);
      if (!attempt || (attempt.state !== 'pending' && attempt.state !== 'unknown')) return;
      const now = ctx.clock.iso();
      if (outcome.outcome === 'approved') {
        const txId = uuidv7(ctx.clock.now());
        ctx.stores.payments.insertTransaction({
          txId,
          orderClientId: attempt.orderClientId,
          method: attempt.method,
          amount: attempt.amount,
          reference: outcome.reference,
          tendered: null,
          change: null,
          refundOf,
          at: now,
        });
        ctx.stores.payments.settleAttempt(attemptId, 'approved', txId, null, null, now);
      } else {
        ctx.stores.payments.settleAttempt(attemptId, outcome.outcome, null, cardProblem(outcome), null, now);
      }
      // An order the server made final while this charge or refund was unresolved: with nothing
      // held now (a refund taken, a charge declined), the server's order stands. A charge approved
      // leaves it Blocked, its money to refund.
      adoptSettledServerFinal(ctx, attempt.orderClientId);
    });
  }

  private answer(orderClientId: string, attemptId: string, method: PaymentMethod, outcome: DriverOutcome): OrderView {
    const view = this.changed(orderClientId);
    if (outcome.outcome === 'declined') {
      // A gift card is declined as a gift card, not as "the card".
      throw new DomainError('payment_declined', outcome.reason, method === 'giftcard' ? { detail: outcome.reason, reason: 'giftcard' } : { detail: outcome.reason });
    }
    if (outcome.outcome === 'unknown') {
      throw new DomainError(
        'payment_unknown',
        `${outcome.reason}; the outcome is unknown: reconcile attempt ${attemptId} (payments.reconcile) before charging again`,
        outcome.timeoutMs === undefined ? { detail: outcome.reason } : { detail: outcome.reason, reason: 'timeout', seconds: outcome.timeoutMs / 1000 },
      );
    }
    return view;
  }

  /**
   * An editable order; a sold one whose sale the server will not take (the customer paid twice,
   * or for an order deleted there); or one the server made final while this terminal held its
   * money (deleted, or completed elsewhere) and holds no sale of it the server may have taken:
   * what it holds is given back here, whatever its status. The money of a sale the server took,
   * or may have taken (not refused), stays: the server keeps that sale.
   */
  private refundableOrder(id: string) {
    const { ctx } = this;
    const order = ctx.stores.orders.get(id);
    if (!order) return this.editableOrder(id);
    if (saleRefused(ctx, id)) return order;
    const sale = ctx.stores.payments.sale(id);
    const liveSale = sale !== null && sale.voidedAt === null;
    if (!liveSale && finalOnServer(ctx, id, order)) return order;
    return this.editableOrder(id);
  }

  private editableOrder(id: string) {
    const order = this.ctx.stores.orders.get(id);
    if (!order) throw notFound('order', id);
    assertEditable(order.status, id);
    return order;
  }

  private reserved(id: string): number {
    return heldByCharges(this.ctx.stores.payments.unresolvedAttempts(id));
  }

  private currencyOf(id: string): string {
    return this.ctx.stores.orders.get(id)?.currency ?? 'EUR';
  }

  private changed(id: string): OrderView {
    const view = readOrderView(this.ctx, id);
    this.ctx.events.emit('order.changed', { orderClientId: id, status: view.status, syncStatus: view.syncStatus });
    return view;
  }
}
