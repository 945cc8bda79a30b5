import type { Statement } from 'better-sqlite3';
import { paymentMethods, type MethodTakings, type PaymentMethod, type TakingsGap, type TillTakings } from '../../common/entities.ts';
import type { Sqlite } from '../../db/connection.ts';

/** The period's transactions summed by currency and method (payments and refunds apart). */
export interface MethodRow {
  currency: string;
  method: PaymentMethod;
  taken: number;
  refunded: number;
}

/** The period's sales made here by currency: those that stand, with their total, and those voided since. */
export interface SalesRow {
  currency: string;
  sales: number;
  sales_total: number;
  voided: number;
}

/**
 * The period's money (payments less refunds) by currency on orders without a sale (still open,
 * or deleted) and on orders whose sale is void: what makes the net differ from the sales.
 */
export interface UnsoldRow {
  currency: string;
  unsold: number;
  voided: number;
}

/**
 * Why the net differs from the sales total, each part signed as it adds to the sales: money held
 * on orders not sold, what was refunded on void sales (net of what they took in the period), and
 * the rest, sales paid for in another period (before it, for a sale made in it). Pure.
 */
export function takingsGap(net: number, salesTotal: number, row: Pick<UnsoldRow, 'unsold' | 'voided'> | undefined): TakingsGap {
  const heldUnsold = row?.unsold ?? 0;
  const voidedNet = row?.voided ?? 0;
  return { heldUnsold, voidedNet, paidOtherPeriod: net - salesTotal - heldUnsold - voidedNet };
}

/**
 * The till's takings, one entry per currency (alphabetical), its methods in the payment panel's
 * order; a currency with neither sales nor money moved does not appear. Pure: the rows in, the
 * summary out.
 */
export function tillTakings(methods: readonly MethodRow[], sales: readonly SalesRow[], unsold: readonly UnsoldRow[] = []): TillTakings[] {
  const currencies = [...new Set([...methods.map((m) => m.currency), ...sales.map((s) => s.currency)])].sort();
  return currencies.map((currency) => {
    const own = methods.filter((m) => m.currency === currency);
    const byMethod: MethodTakings[] = paymentMethods.flatMap((method) => {
      const row = own.find((m) => m.method === method);
      return row ? [{ method, taken: row.taken, refunded: row.refunded }] : [];
    });
    const sold = sales.find((s) => s.currency === currency);
    const salesTotal = sold?.sales_total ?? 0;
    const net = byMethod.reduce((sum, m) => sum + m.taken - m.refunded, 0);
    return {
      currency,
      sales: sold?.sales ?? 0,
      salesTotal,
      voidedSales: sold?.voided ?? 0,
      methods: byMethod,
      net,
      ...takingsGap(net, salesTotal, unsold.find((u) => u.currency === currency)),
    };
  });
}

/** Reads a period's takings (`from` inclusive, `to` exclusive, ISO 8601 UTC) through the time indexes. */
export class TillTakingsQuery {
  private readonly methodsStmt: Statement<[string, string], MethodRow>;
  private readonly salesStmt: Statement<[string, string], SalesRow>;
  private readonly unsoldStmt: Statement<[string, string], UnsoldRow>;

  constructor(sqlite: Sqlite) {
    this.methodsStmt = sqlite.prepare(
      `select o.currency, t.method, sum(max(t.amount, 0)) as taken, sum(max(-t.amount, 0)) as refunded
       from transactions t join orders o on o.client_id = t.order_client_id
       where t.at >= ? and t.at < ? group by o.currency, t.method`,
    );
    this.salesStmt = sqlite.prepare(
      `select o.currency, sum(s.voided_at is null) as sales, sum(iif(s.voided_at is null, s.total, 0)) as sales_total,
         sum(s.voided_at is not null) as voided
       from sales s join orders o on o.client_id = s.order_client_id
       where s.created_at >= ? and s.created_at < ? group by o.currency`,
    );
    // An order has at most one sale (sales_order_idx), so the join counts each transaction once.
    this.unsoldStmt = sqlite.prepare(
      `select o.currency, sum(iif(s.client_id is null, t.amount, 0)) as unsold, sum(iif(s.voided_at is not null, t.amount, 0)) as voided
       from transactions t join orders o on o.client_id = t.order_client_id left join sales s on s.order_client_id = t.order_client_id
       where t.at >= ? and t.at < ? group by o.currency`,
    );
  }

  read(from: string, to: string): TillTakings[] {
    // Stored times are compared as text, so the bounds must be written as they are
    // (`…T10:00:00.000Z`): a bound without milliseconds would sort after 10:00:00.500Z.
    const [start, end] = [new Date(from).toISOString(), new Date(to).toISOString()];
    return tillTakings(this.methodsStmt.all(start, end), this.salesStmt.all(start, end), this.unsoldStmt.all(start, end));
  }
}
