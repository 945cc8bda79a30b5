import type { Statement } from 'better-sqlite3';
import type { Customer, FinishedOrderSummary, OrderSummary } from '../../common/entities.ts';
import { foldText } from '../../common/fold.ts';
import { CLIENT_ID_SEARCH_MIN, orderSearchText } from '../../common/order-label.ts';
import type { Sqlite } from '../../db/connection.ts';
import { serverFinalCopy } from '../sync/server-final-status.ts';
import type { OrderRow } from './order-store.ts';

type ListedRow = OrderRow & { paid: number; line_count: number };
type FinishedRow = ListedRow & { receipt_no: string | null; voided_at: string | null };

/**
 * How many of the newest finished orders a search looks through for a part of a name, phone or
 * number (about 9 ms here, 4 without folding accents); any older one is found by its exact order
 * or receipt number.
 */
export const FINISHED_SEARCH_WINDOW = 5_000;

/**
 * What a search finds on both lists: the customer's name (accents and case aside: `fold`), or
 * phone, the end of the client id (the number shown before the server numbers the order, or the
 * whole id; at least CLIENT_ID_SEARCH_MIN characters, as fewer match most orders; not its start,
 * which is the time it was made (UUID v7), shared by every order of the day), the server's number
 * exactly, and `more`. Its parameters: the text (null for no search), the LIKE pattern of the
 * folded text, the text's, the client id's end pattern, the text, then more's (`searchParams`).
 */
const matches = (more = '') => `(? is null
  or fold(iif(json_valid(o.customer), json_extract(o.customer, '$.name'), o.customer)) like ? escape '\\'
  or iif(json_valid(o.customer), json_extract(o.customer, '$.phone'), null) like ? escape '\\'
  or o.client_id like ? escape '\\' or cast(o.server_id as text) = +?${more})`;

/** What each row carries besides the order: what was paid and how many lines. */
const TOTALS = `coalesce((select sum(amount) from transactions t where t.order_client_id = o.client_id), 0) as paid,
  (select count(*) from order_lines l where l.order_client_id = o.client_id) as line_count`;

/** What a search looks for: as typed, without spaces around it or the label an order's number is shown with ("Order #"). */
function searchTerm(search: string | undefined): string | undefined {
  return search === undefined ? undefined : orderSearchText(search) || undefined;
}

/** `search` with LIKE's wildcards taken literally. */
const literal = (search: string) => search.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern finding `search` anywhere; null for no search. */
function containing(search: string | undefined): string | null {
  return search ? `%${literal(search)}%` : null;
}

/** The parameters of `matches()` for a search (its own `more` apart). */
function searchParams(search: string | undefined): unknown[] {
  const idEnd = search && search.length >= CLIENT_ID_SEARCH_MIN ? `%${literal(search)}` : null;
  return [search ?? null, containing(search && foldText(search)), containing(search), idEnd, search ?? null];
}

/** Orders Blocked with no operation open, read through the partial index of Blocked orders: a handful, whatever the orders kept. */
const BLOCKED_WHERE = `o.sync_status = 'Blocked'
    and not exists (select 1 from outbox x where x.order_client_id = o.client_id and x.state in ('pending', 'failed', 'blocked'))`;
export const BLOCKED_SQL = `select o.client_id from orders o where ${BLOCKED_WHERE} order by o.created_at desc limit +?`;
/** How many there are (`sync.status`). */
export const BLOCKED_COUNT_SQL = `select count(*) from orders o where ${BLOCKED_WHERE}`;

function summary(r: ListedRow): OrderSummary {
  return {
    clientId: r.client_id,
    serverId: r.server_id,
    status: r.status,
    syncStatus: r.sync_status,
    currency: r.currency,
    total: r.total,
    paid: r.paid,
    balance: r.total - r.paid,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    customerName: r.customer ? ((JSON.parse(r.customer) as Customer).name ?? null) : null,
    lineCount: r.line_count,
    finalOnServer: serverFinalCopy(r)?.status ?? null,
  };
}

/** The counter's two lists of orders: the active ones, and the finished ones (to find a sale again, reprint its receipt). */
export class OrderLists {
  private readonly activeStmt: Statement<unknown[], ListedRow>;
  private readonly finishedStmt: Statement<unknown[], FinishedRow>;
  private readonly exactStmt: Statement<unknown[], FinishedRow>;
  private readonly blockedStmt: Statement<unknown[], { client_id: string }>;

  constructor(sqlite: Sqlite) {
    this.activeStmt = sqlite.prepare(
      `select o.*, ${TOTALS} from orders o
       where o.status in ('InProgress', 'InDelivery', 'Delayed') and ${matches()}
       order by cast(o.server_id as text) = +? desc, o.created_at desc limit +?`,
    );
    // The newest finished orders: one backward range of the status index per final status, so
    // neither a year's orders nor their sorting is read (rowids, then the rows themselves).
    this.finishedStmt = sqlite.prepare(
      `select o.*, s.receipt_no, s.voided_at, ${TOTALS} from (
         select id, created_at from (select rowid as id, created_at from orders where status = 'Done' order by created_at desc limit +?)
         union all
         select id, created_at from (select rowid as id, created_at from orders where status = 'Deleted' order by created_at desc limit +?)
         order by created_at desc limit +?) r
       join orders o on o.rowid = r.id left join sales s on s.order_client_id = o.client_id
       where ${matches(` or s.receipt_no like ? escape '\\'`)}
       order by o.created_at desc limit +?`,
    );
    // Older ones by what names one exactly: the order's number or its receipt's. The two index
    // lookups drive the query (as an IN list, the planner may scan every finished order instead).
    this.exactStmt = sqlite.prepare(
      `select o.*, s.receipt_no, s.voided_at, ${TOTALS}
       from (select client_id as id from orders where server_id = +? union select order_client_id from sales where receipt_no = +?) x
       join orders o on o.client_id = x.id left join sales s on s.order_client_id = o.client_id
       where o.status in ('Done', 'Deleted')`,
    );
    this.blockedStmt = sqlite.prepare(BLOCKED_SQL);
  }

  /** The orders Blocked with no operation open in the outbox (what the sync panel lists beside it), newest first. */
  blockedIds(limit: number): string[] {
    return this.blockedStmt.all(limit).map((r) => r.client_id);
  }

  /** Active orders (InProgress, InDelivery, Delayed), newest first (the one whose number was searched for first), with what was paid. */
  active(typed: string | undefined, limit: number): OrderSummary[] {
    const search = searchTerm(typed);
    return this.activeStmt.all(...searchParams(search), search ?? null, limit).map(summary);
  }

  /**
   * Finished orders (Done, Deleted), newest first, with their sale's receipt number (none for an
   * order deleted, or completed on another terminal). A search finds what the active list's does
   * and a part of the receipt number among the newest FINISHED_SEARCH_WINDOW finished orders, and
   * any finished order by its exact order or receipt number.
   */
  finished(typed: string | undefined, limit: number): FinishedOrderSummary[] {
    const search = searchTerm(typed);
    const like = containing(search);
    // Without a search the newest `limit` of each status are all there is to read.
    const window = search ? FINISHED_SEARCH_WINDOW : limit;
    const rows = this.finishedStmt.all(window, window, window, ...searchParams(search), like, limit);
    if (search) {
      const number = /^\d{1,15}$/.test(search) ? Number(search) : null;
      const seen = new Set(rows.map((r) => r.client_id));
      for (const row of this.exactStmt.all(number, search.toUpperCase())) if (!seen.has(row.client_id)) rows.push(row);
      // The order whose number was searched for first, then the newest.
      const exact = (r: FinishedRow) => (r.server_id === number ? 0 : 1);
      rows.sort((x, y) => exact(x) - exact(y) || (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : 0));
    }
    return rows.slice(0, limit).map((r) => ({ ...summary(r), receiptNo: r.receipt_no, saleVoided: r.voided_at !== null }));
  }
}
