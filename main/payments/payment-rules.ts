import type { PaymentMethod } from '../../common/entities.ts';
import { formatMoney, sumMinor } from '../../common/money.ts';
import { DomainError, moneyParam } from '../errors.ts';

/** Pure payment arithmetic of SPEC §3.3. Amounts are integer minor units; refusals show them as money ("€6.00"). */
export interface Tender {
  txId: string;
  method: PaymentMethod;
  /** > 0 a payment, < 0 a refund. */
  amount: number;
  refundOf: string | null;
}

export function paidOf(tenders: readonly Tender[]): number {
  return sumMinor(tenders.map((t) => t.amount));
}

export function balanceOf(total: number, tenders: readonly Tender[]): number {
  return total - paidOf(tenders);
}

export interface PaymentRequest {
  /** The order's currency, for the amounts a refusal names. */
  currency: string;
  total: number;
  tenders: readonly Tender[];
  /** Charges sent to a driver whose outcome is not settled yet: held against the balance. */
  reserved: number;
  method: PaymentMethod;
  amount: number;
  tendered?: number | undefined;
}

export interface PlannedPayment {
  amount: number;
  tendered: number | null;
  change: number | null;
}

/** Checks a payment and works out cash change. Only cash may be tendered above the amount due. */
export function planPayment(req: PaymentRequest): PlannedPayment {
  const money = (minor: number) => formatMoney(minor, req.currency);
  if (!Number.isSafeInteger(req.amount) || req.amount <= 0) {
    throw new DomainError('invalid_amount', 'amount must be a whole number of minor units greater than zero');
  }
  const balance = balanceOf(req.total, req.tenders);
  const due = balance - req.reserved;
  // Where charges awaiting an answer take up what is due, the refusal says so: the balance alone would not explain it.
  const held = req.reserved > 0 && balance > 0 ? moneyParam(req.reserved, req.currency) : null;
  if (due <= 0) {
    if (held) {
      throw new DomainError('nothing_to_pay', `nothing more can be taken: ${money(req.reserved)} is held by a charge awaiting an answer`, { reason: 'held', held });
    }
    throw new DomainError('nothing_to_pay', `nothing is due on this order (balance ${money(due)})`, { balance: moneyParam(due, req.currency) });
  }
  if (req.amount > due) {
    const amounts = { amount: moneyParam(req.amount, req.currency), due: moneyParam(due, req.currency) };
    throw new DomainError(
      'overpayment',
      `amount ${money(req.amount)} exceeds the balance due ${money(due)}${held ? ` (${money(req.reserved)} is held by a charge awaiting an answer)` : ''}; only cash may be tendered above it (as "tendered")`,
      held ? { reason: 'held', ...amounts, held } : amounts,
    );
  }
  if (req.method !== 'cash') {
    if (req.tendered !== undefined) {
      throw new DomainError('invalid_tendered', `"tendered" applies to cash only, not ${req.method}`, { reason: 'not_cash' });
    }
    return { amount: req.amount, tendered: null, change: null };
  }
  const tendered = req.tendered ?? req.amount;
  if (!Number.isSafeInteger(tendered) || tendered < req.amount) {
    throw new DomainError('invalid_tendered', `cash tendered ${money(tendered)} is less than the amount ${money(req.amount)}`, {
      tendered: moneyParam(tendered, req.currency),
      amount: moneyParam(req.amount, req.currency),
    });
  }
  return { amount: req.amount, tendered, change: tendered - req.amount };
}

/** How much of a payment can still be given back. */
export function refundableOf(tenders: readonly Tender[], txId: string): number {
  const payment = tenders.find((t) => t.txId === txId);
  if (!payment) throw new DomainError('not_found', `transaction ${txId} is not on this order`, { reason: 'transaction' });
  if (payment.amount <= 0) throw new DomainError('not_a_payment', `transaction ${txId} is a refund, not a payment`);
  const refunded = sumMinor(tenders.filter((t) => t.refundOf === txId).map((t) => t.amount));
  return payment.amount + refunded;
}

export function planRefund(tenders: readonly Tender[], txId: string, amount: number, currency: string): { method: PaymentMethod; amount: number } {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError('invalid_amount', 'refund amount must be a whole number of minor units greater than zero');
  }
  const refundable = refundableOf(tenders, txId);
  if (amount > refundable) {
    throw new DomainError('over_refund', `refund ${formatMoney(amount, currency)} exceeds what is left of payment ${txId} (${formatMoney(refundable, currency)})`, {
      amount: moneyParam(amount, currency),
      refundable: moneyParam(refundable, currency),
    });
  }
  const payment = tenders.find((t) => t.txId === txId);
  return { method: payment!.method, amount: -amount };
}

/** A sale is allowed only at balance exactly zero on an order worth something, with no charge unsettled. */
export function checkSaleAllowed(total: number, tenders: readonly Tender[], unresolvedAttempts: number, currency: string): void {
  if (unresolvedAttempts > 0) {
    throw new DomainError('payment_unresolved', 'a card or gift-card charge is unresolved; reconcile it before the sale');
  }
  if (total <= 0) throw new DomainError('empty_order', 'the order has no value to sell');
  const balance = balanceOf(total, tenders);
  if (balance > 0) throw new DomainError('balance_due', `the balance is not paid: ${formatMoney(balance, currency)} still due`, { balance: moneyParam(balance, currency) });
  if (balance < 0) {
    throw new DomainError('refund_due', `more was paid than the total: refund ${formatMoney(-balance, currency)} before the sale`, { refund: moneyParam(-balance, currency) });
  }
}
