import type { Statement } from 'better-sqlite3';
import { orderSearchText } from '../../common/order-label.ts';
import type { Sqlite } from '../../db/connection.ts';
import type { CurrentState } from './types.ts';

export interface ShippingIndexRow {
  id: number;
  shipment_id: string;
  order_client_id: string;
  order_number: string;
  customer: string;
  address: string;
  carrier: string;
  tracking_no: string;
  last_step: string | null;
  order_state: string | null;
  order_state_since: string | null;
}

const MAX_TOKENS = 8;
/**
 * Matching shipments read past the `limit` asked for, kept only for the orders already found:
 * mostly the rest of the last one's (an order's shipments are added together), for a few rows
 * more rather than a second query.
 */
const READ_AHEAD = 10;

/**
 * What splits typed text into the index's words: anything but a letter or a digit, and the few
 * letters unicode61 splits on all the same. Its tables are Unicode 6.1's, where these were
 * spacing marks (New Tai Lue vowel signs U+19B0–19C0, U+19C8–19C9; Vedic signs U+1CF2–1CF3), not
 * letters as today. The test checks every letter and digit against SQLite's own tokenizer.
 */
const SEPARATORS = /(?:[^\p{L}\p{N}]|[\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3])+/u;

/**
 * Turns what the staff typed into an FTS5 query that cannot be a syntax error: words (letters
 * and digits, as the unicode61 tokenizer splits them) quoted and ANDed; the last one is a prefix
 * (type-ahead) once it has two characters. The index keeps prefixes of 2 to 10 characters
 * (migration 0009), so a prefix of up to ten is answered from its own entries; a longer one merges
 * the lists of every term that starts with it (bench/states.ts measures both kinds). Each quoted
 * word is one token, the only kind of phrase an index without positions (detail=none) allows.
 * Returns null when there is nothing to search for.
 */
export function ftsQuery(text: string): string | null {
  const tokens = text.normalize('NFC').split(SEPARATORS).filter(Boolean).slice(0, MAX_TOKENS);
  if (tokens.length === 0) return null;
  return tokens
    .map((t, i) => {
      const quoted = `"${t.replaceAll('"', '')}"`;
      return i === tokens.length - 1 && [...t].length >= 2 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/**
 * The ShippingIndex. Its descriptive columns (and their FTS rows) are kept by triggers (migration
 * 0002); the reconstruction writes only `order_state` and `order_state_since` — the FTS update
 * trigger is declared on the other columns, so this write never touches the full-text index.
 */
export class ShippingIndexStore {
  private readonly setStateStmt: Statement<[string | null, string | null, string]>;
  private readonly forOrderStmt: Statement<[string], ShippingIndexRow>;
  private readonly searchStmt: Statement<[string, number], ShippingIndexRow>;
  private readonly olderIdsStmt: Statement<[string, number], number>;
  private readonly searchOnStmt: Statement<[string, number, number], ShippingIndexRow>;

  constructor(sqlite: Sqlite) {
    this.setStateStmt = sqlite.prepare(
      'update shipping_index set order_state = ?, order_state_since = ? where order_client_id = ?',
    );
    this.forOrderStmt = sqlite.prepare('select * from shipping_index where order_client_id = +? order by id');
    // Newest shipments first.
    this.searchStmt = sqlite.prepare(
      `select s.* from shipping_index_fts f join shipping_index s on s.id = f.rowid
       where shipping_index_fts match ? order by f.rowid desc limit +?`,
    );
    // The ids of some orders' (a JSON array) rows older than a row: from the order index alone.
    this.olderIdsStmt = sqlite
      .prepare<[string, number], number>('select s.id from json_each(?) o join shipping_index s on s.order_client_id = o.value where s.id < ?')
      .pluck();
    // The search again, below a row. Only an upper bound: FTS5 walks down to a lower one slowly
    // (milliseconds for a common word), so the caller stops reading instead.
    this.searchOnStmt = sqlite.prepare(
      `select s.* from shipping_index_fts f join shipping_index s on s.id = f.rowid
       where shipping_index_fts match ? and f.rowid < ? order by f.rowid desc limit +?`,
    );
  }

  /** Step 5: the order-state columns of all the order's rows. Returns the rows written. */
  setOrderState(orderClientId: string, current: CurrentState | null): number {
    return this.setStateStmt.run(current?.state ?? null, current?.since ?? null, orderClientId).changes;
  }

  forOrder(orderClientId: string): ShippingIndexRow[] {
    return this.forOrderStmt.all(orderClientId);
  }

  /**
   * The shipments matching what the staff typed, each order's together (in the order they were
   * added), orders newest first: the deliveries screen lists an order once. An order's label typed
   * as shown ("Order #4", "Pedido n.º 4", "Заказ №4", "Order 4") searches for its number, as the
   * counter's order search does; an order not yet synced is shown and indexed by the end of its
   * client id ("#A1B2C3", `order_number`: migration 0016), so its label finds it alike. The orders
   * are those of the `limit` newest matching shipments (FTS5 walks rowids backwards and stops
   * there, so a common word costs no more than a rare one),
   * with their older matching shipments too: the rest of the last one's, a few rows further on,
   * or one added to an order before other orders' newer ones, found by reading on down to the
   * lowest of their rows (at most `limit` rows further), keeping only theirs.
   */
  search(text: string, limit: number): ShippingIndexRow[] {
    const query = ftsQuery(orderSearchText(text));
    if (query === null) return [];
    const read = this.searchStmt.all(query, limit + READ_AHEAD);
    const orders = new Map<string, ShippingIndexRow[]>();
    read.forEach((row, i) => {
      const rows = orders.get(row.order_client_id);
      if (rows) rows.push(row);
      else if (i < limit) orders.set(row.order_client_id, [row]);
    });
    const last = read.at(-1);
    if (last && read.length === limit + READ_AHEAD) {
      const older = new Set(this.olderIdsStmt.all(JSON.stringify([...orders.keys()]), last.id));
      const lowest = Math.min(...older);
      for (const row of older.size === 0 ? [] : this.searchOnStmt.iterate(query, last.id, limit)) {
        if (row.id < lowest) break;
        if (older.has(row.id)) orders.get(row.order_client_id)!.push(row);
      }
    }
    return [...orders.values()].flatMap((rows) => rows.reverse());
  }
}
