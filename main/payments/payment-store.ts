import type { Statement } from 'better-sqlite3';
import type { CardAttemptView, PaymentMethod, SaleView, TransactionView } from '../../common/entities.ts';
import type { Sqlite } from '../../db/connection.ts';
import { storedFacts, storedProblem, type Problem } from '../../common/problem.ts';
import { INTERRUPTED } from './card-problems.ts';
import { refundableOf, type Tender } from './payment-rules.ts';

interface TxRow {
  tx_id: string;
  method: PaymentMethod;
  amount: number;
  reference: string | null;
  tendered: number | null;
  change: number | null;
  refund_of: string | null;
  at: string;
  sale_client_id: string | null;
}

interface AttemptRow {
  attempt_id: string;
  order_client_id: string;
  method: PaymentMethod;
  amount: number;
  reference: string | null;
  state: CardAttemptView['state'];
  tx_id: string | null;
  error: string | null;
  /** `error`'s code and params (common/problem.ts `storedFacts`). */
  error_problem: string | null;
}

export interface NewTransaction {
  txId: string;
  orderClientId: string;
  method: PaymentMethod;
  amount: number;
  reference: string | null;
  tendered: number | null;
  change: number | null;
  refundOf: string | null;
  at: string;
}

/** SQL for transactions, driver attempts and sales. */
export class PaymentStore {
  private readonly txStmt: Statement<[string], TxRow>;
  private readonly insertTxStmt: Statement<unknown[]>;
  private readonly unresolvedStmt: Statement<[string], AttemptRow>;
  private readonly attemptStmt: Statement<[string], AttemptRow>;
  private readonly insertAttemptStmt: Statement<unknown[]>;
  private readonly settleAttemptStmt: Statement<unknown[]>;
  private readonly saleStmt: Statement<
    [string],
    { client_id: string; receipt_no: string; total: number; created_at: string; voided_at: string | null; void_reason: string | null; void_problem: string | null }
  >;
  private readonly insertSaleStmt: Statement<unknown[]>;
  private readonly voidSaleStmt: Statement<unknown[]>;
  private readonly attachSaleStmt: Statement<unknown[]>;
  private readonly staleAttemptsStmt: Statement<unknown[]>;

  constructor(sqlite: Sqlite) {
    this.txStmt = sqlite.prepare(
      `select tx_id, method, amount, reference, tendered, change, refund_of, at, sale_client_id
       from transactions where order_client_id = +? order by at, rowid`,
    );
    this.insertTxStmt = sqlite.prepare(
      `insert into transactions (tx_id, order_client_id, method, amount, reference, tendered, change, refund_of, at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.unresolvedStmt = sqlite.prepare(
      `select * from payment_attempts where order_client_id = +? and state in ('pending', 'unknown') order by created_at`,
    );
    this.attemptStmt = sqlite.prepare('select * from payment_attempts where attempt_id = ?');
    this.insertAttemptStmt = sqlite.prepare(
      `insert into payment_attempts (attempt_id, order_client_id, method, amount, reference, state, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    this.settleAttemptStmt = sqlite.prepare(
      'update payment_attempts set state = ?, tx_id = ?, error = ?, error_problem = ?, reference = coalesce(?, reference), updated_at = ? where attempt_id = ?',
    );
    this.saleStmt = sqlite.prepare('select client_id, receipt_no, total, created_at, voided_at, void_reason, void_problem from sales where order_client_id = ?');
    this.voidSaleStmt = sqlite.prepare('update sales set voided_at = ?, void_reason = ?, void_problem = ? where order_client_id = ? and voided_at is null');
    this.insertSaleStmt = sqlite.prepare(
      'insert into sales (client_id, order_client_id, receipt_no, total, created_at) values (?, ?, ?, ?, ?)',
    );
    this.attachSaleStmt = sqlite.prepare('update transactions set sale_client_id = ? where order_client_id = ?');
    this.staleAttemptsStmt = sqlite.prepare(
      `update payment_attempts set state = 'unknown', error = ?, error_problem = ?, updated_at = ? where state = 'pending'`,
    );
  }

  transactions(orderClientId: string): TransactionView[] {
    const rows = this.txStmt.all(orderClientId);
    const tenders = rows.map(toTender);
    return rows.map((r) => ({
      txId: r.tx_id,
      method: r.method,
      amount: r.amount,
      reference: r.reference,
      tendered: r.tendered,
      change: r.change,
      at: r.at,
      refundOf: r.refund_of,
      refundable: r.amount > 0 ? refundableOf(tenders, r.tx_id) : 0,
    }));
  }

  tenders(orderClientId: string): Tender[] {
    return this.txStmt.all(orderClientId).map(toTender);
  }

  insertTransaction(tx: NewTransaction): void {
    this.insertTxStmt.run(tx.txId, tx.orderClientId, tx.method, tx.amount, tx.reference, tx.tendered, tx.change, tx.refundOf, tx.at);
  }

  unresolvedAttempts(orderClientId: string): CardAttemptView[] {
    return this.unresolvedStmt.all(orderClientId).map(attemptView);
  }

  attempt(attemptId: string): (CardAttemptView & { orderClientId: string; reference: string | null }) | undefined {
    const row = this.attemptStmt.get(attemptId);
    return row ? { ...attemptView(row), orderClientId: row.order_client_id, reference: row.reference } : undefined;
  }

  insertAttempt(a: { attemptId: string; orderClientId: string; method: PaymentMethod; amount: number; reference: string | null; now: string }): void {
    this.insertAttemptStmt.run(a.attemptId, a.orderClientId, a.method, a.amount, a.reference, a.now, a.now);
  }

  settleAttempt(attemptId: string, state: CardAttemptView['state'], txId: string | null, error: Problem | null, reference: string | null, now: string): void {
    this.settleAttemptStmt.run(state, txId, error?.message ?? null, error && storedFacts(error), reference, now, attemptId);
  }

  /** At start-up: a charge still `pending` was interrupted by a crash; its outcome is unknown. */
  markInterruptedAttempts(now: string): number {
    return this.staleAttemptsStmt.run(INTERRUPTED.message, storedFacts(INTERRUPTED), now).changes;
  }

  sale(orderClientId: string): SaleView | null {
    const r = this.saleStmt.get(orderClientId);
    return r
      ? { clientId: r.client_id, receiptNo: r.receipt_no, total: r.total, createdAt: r.created_at, voidedAt: r.voided_at, voidReason: storedProblem(r.void_reason, r.void_problem) }
      : null;
  }

  /** Marks the order's sale void (the server would not take it and its money was refunded here); its receipt number stays taken. */
  voidSale(orderClientId: string, at: string, reason: Problem): void {
    this.voidSaleStmt.run(at, reason.message, storedFacts(reason), orderClientId);
  }

  insertSale(s: { clientId: string; orderClientId: string; receiptNo: string; total: number; createdAt: string }): void {
    this.insertSaleStmt.run(s.clientId, s.orderClientId, s.receiptNo, s.total, s.createdAt);
    this.attachSaleStmt.run(s.clientId, s.orderClientId);
  }
}

function attemptView(r: AttemptRow): CardAttemptView {
  return { attemptId: r.attempt_id, method: r.method, amount: r.amount, state: r.state, error: storedProblem(r.error, r.error_problem) };
}

function toTender(r: { tx_id: string; method: PaymentMethod; amount: number; refund_of: string | null }): Tender {
  return { txId: r.tx_id, method: r.method, amount: r.amount, refundOf: r.refund_of };
}
