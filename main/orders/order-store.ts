import type { Statement } from 'better-sqlite3';
import { orderStatuses, type Customer, type OrderStatus, type ShipmentView, type SyncStatus } from '../../common/entities.ts';
import { orderNumber } from '../../common/order-label.ts';
import { isFinal } from '../../common/order-status.ts';
import { storedFacts, type Problem } from '../../common/problem.ts';
import type { Sqlite } from '../../db/connection.ts';
import { DomainError } from '../errors.ts';
import type { Line } from './order-lines.ts';

export type OrderSyncFacts = Pick<OrderRow, 'status' | 'sync_status' | 'blocked_reason' | 'blocked_problem'>;

export interface OrderRow {
  client_id: string;
  server_id: number;
  version: number;
  status: OrderStatus;
  sync_status: SyncStatus;
  blocked_reason: string | null;
  /** `blocked_reason`'s code and params (common/problem.ts `storedFacts`). */
  blocked_problem: string | null;
  currency: string;
  customer: string | null;
  delivery_address: string | null;
  total: number;
  local_rev: number;
  order_state_process_required: number;
  order_state: string | null;
  order_state_since: string | null;
  server_base: string | null;
  created_at: string;
  updated_at: string;
}

/** Done and Deleted, as common/order-status.ts decides: bound into SQL so the list is never written twice. */
const FINAL_STATUSES: readonly OrderStatus[] = orderStatuses.filter(isFinal);

interface LineRow {
  line_id: string;
  sku: string;
  name: string;
  qty: number;
  unit_price: number;
  discount: number;
}

/** SQL for orders, their lines and shipments: prepared once, run inside the services' transactions. */
export class OrderStore {
  private readonly sqlite: Sqlite;
  private readonly getStmt: Statement<[string], OrderRow>;
  private readonly syncFactsStmt: Statement<[string], OrderSyncFacts>;
  private readonly activeStmt: Statement<OrderStatus[], number>;
  private readonly linesStmt: Statement<[string], LineRow>;
  private readonly shipmentsStmt: Statement<[string], { shipment_id: string; carrier: string; tracking_no: string }>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly insertLineStmt: Statement<unknown[]>;
  private readonly updateLineStmt: Statement<unknown[]>;
  private readonly deleteLineStmt: Statement<unknown[]>;
  private readonly touchStmt: Statement<unknown[], { local_rev: number }>;
  private readonly setCustomerStmt: Statement<unknown[]>;
  private readonly setAddressStmt: Statement<unknown[]>;
  private readonly upsertShipmentStmt: Statement<unknown[]>;
  private readonly setStatusStmt: Statement<unknown[]>;
  private readonly setSyncStatusStmt: Statement<unknown[]>;
  private readonly maxLinePosStmt: Statement<[string], { p: number | null }>;
  private readonly shipmentOwnerStmt: Statement<[string], { order_client_id: string; server_id: number }>;
  private readonly lineOwnerStmt: Statement<[string], string>;

  constructor(sqlite: Sqlite) {
    this.sqlite = sqlite;
    this.getStmt = sqlite.prepare('select * from orders where client_id = ?');
    this.syncFactsStmt = sqlite.prepare('select status, sync_status, blocked_reason, blocked_problem from orders where client_id = ?');
    this.activeStmt = sqlite
      .prepare<OrderStatus[], number>(`select count(*) from orders where status not in (${FINAL_STATUSES.map(() => '?').join(', ')})`)
      .pluck();
    this.linesStmt = sqlite.prepare(
      'select line_id, sku, name, qty, unit_price, discount from order_lines where order_client_id = +? order by position',
    );
    this.shipmentsStmt = sqlite.prepare(
      'select shipment_id, carrier, tracking_no from shipments where order_client_id = +? order by position',
    );
    this.insertStmt = sqlite.prepare(
      `insert into orders (client_id, server_id, version, status, sync_status, currency, customer, total, local_rev,
         created_at, updated_at)
       values (?, 0, 0, 'InProgress', ?, ?, ?, ?, 1, ?, ?)`,
    );
    this.insertLineStmt = sqlite.prepare(
      `insert into order_lines (line_id, order_client_id, position, sku, name, qty, unit_price, discount)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateLineStmt = sqlite.prepare(
      'update order_lines set name = ?, qty = ?, unit_price = ?, discount = ? where line_id = ? and order_client_id = ?',
    );
    this.deleteLineStmt = sqlite.prepare('delete from order_lines where line_id = ? and order_client_id = ?');
    this.touchStmt = sqlite.prepare(
      'update orders set total = ?, local_rev = local_rev + 1, updated_at = ? where client_id = ? returning local_rev',
    );
    this.setCustomerStmt = sqlite.prepare('update orders set customer = ? where client_id = ?');
    this.setAddressStmt = sqlite.prepare('update orders set delivery_address = ? where client_id = ?');
    this.upsertShipmentStmt = sqlite.prepare(
      `insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no) values (?, ?, ?, ?, ?)
       on conflict (shipment_id) do update set position = excluded.position, carrier = excluded.carrier,
         tracking_no = excluded.tracking_no`,
    );
    this.setStatusStmt = sqlite.prepare('update orders set status = ? where client_id = ?');
    this.setSyncStatusStmt = sqlite.prepare('update orders set sync_status = ?, blocked_reason = ?, blocked_problem = ? where client_id = ?');
    this.maxLinePosStmt = sqlite.prepare('select max(position) as p from order_lines where order_client_id = ?');
    this.shipmentOwnerStmt = sqlite.prepare(
      'select s.order_client_id, o.server_id from shipments s join orders o on o.client_id = s.order_client_id where s.shipment_id = ?',
    );
    this.lineOwnerStmt = sqlite.prepare<[string], string>('select order_client_id from order_lines where line_id = ?').pluck();
  }

  get(clientId: string): OrderRow | undefined {
    return this.getStmt.get(clientId);
  }

  /** What the order's sync status depends on (not its content or server copy): read on every answer. */
  syncFacts(clientId: string): OrderSyncFacts | undefined {
    return this.syncFactsStmt.get(clientId);
  }

  /** Active orders (SPEC §3.2): any of them may still take lines and payments, in the order's currency. */
  countActive(): number {
    return this.activeStmt.get(...FINAL_STATUSES) ?? 0;
  }

  lines(clientId: string): Line[] {
    return this.linesStmt.all(clientId).map((r) => ({
      lineId: r.line_id,
      sku: r.sku,
      name: r.name,
      qty: r.qty,
      unitPrice: r.unit_price,
      discount: r.discount,
    }));
  }

  shipments(clientId: string): ShipmentView[] {
    return this.shipmentsStmt.all(clientId).map((r) => ({
      shipmentId: r.shipment_id,
      carrier: r.carrier,
      trackingNo: r.tracking_no,
    }));
  }

  insert(o: { clientId: string; syncStatus: SyncStatus; currency: string; customer: Customer | null; total: number; now: string }): void {
    this.insertStmt.run(o.clientId, o.syncStatus, o.currency, o.customer ? JSON.stringify(o.customer) : null, o.total, o.now, o.now);
  }

  /** The order a line id is a line of, if any (a line id is unique across orders). */
  lineOwner(lineId: string): string | undefined {
    return this.lineOwnerStmt.get(lineId);
  }

  insertLine(orderClientId: string, line: Line): void {
    const position = (this.maxLinePosStmt.get(orderClientId)?.p ?? 0) + 1;
    this.insertLineStmt.run(line.lineId, orderClientId, position, line.sku, line.name, line.qty, line.unitPrice, line.discount);
  }

  updateLine(orderClientId: string, line: Line): void {
    this.updateLineStmt.run(line.name, line.qty, line.unitPrice, line.discount, line.lineId, orderClientId);
  }

  deleteLine(orderClientId: string, lineId: string): void {
    this.deleteLineStmt.run(lineId, orderClientId);
  }

  /** Records a local change: new total, next localRev, updated time. Returns the new localRev. */
  touch(clientId: string, total: number, now: string): number {
    const row = this.touchStmt.get(total, now, clientId);
    if (!row) throw new Error(`order ${clientId} vanished inside its transaction`);
    return row.local_rev;
  }

  setCustomer(clientId: string, customer: Customer | null): void {
    this.setCustomerStmt.run(customer ? JSON.stringify(customer) : null, clientId);
  }

  /**
   * Sets the delivery address and shipments; shipments no longer listed are removed. A shipment
   * another order lists is refused (`shipment_conflict`), unless the content is the server's
   * (`fromServer`: pulled, or merged with the server's copy): the server decides which order owns
   * a shipment, so it is moved here, its step states with it. Returns the orders it was taken from.
   */
  setDelivery(clientId: string, address: string | null, shipments: readonly ShipmentView[], options: { fromServer?: boolean } = {}): string[] {
    const takenFrom: string[] = [];
    for (const s of shipments) {
      const owner = this.shipmentOwnerStmt.get(s.shipmentId);
      if (owner !== undefined && owner.order_client_id !== clientId) {
        const order = orderNumber({ serverId: owner.server_id, clientId: owner.order_client_id });
        if (!options.fromServer) {
          throw new DomainError('shipment_conflict', `shipment ${s.shipmentId} belongs to another order (${owner.order_client_id})`, { order, trackingNo: s.trackingNo });
        }
        // Its row leaves the other order (the index row goes, and that order, one shipment short,
        // is marked for a full reconstruction if it has notices); its notices follow it, so the
        // row inserted below gets its last step and marks this order the same way.
        this.sqlite.prepare('delete from shipments where shipment_id = ?').run(s.shipmentId);
        this.sqlite.prepare('update step_states set order_client_id = ? where shipment_id = ?').run(clientId, s.shipmentId);
        if (!takenFrom.includes(owner.order_client_id)) takenFrom.push(owner.order_client_id);
      }
    }
    this.setAddressStmt.run(address, clientId);
    const keep = new Set(shipments.map((s) => s.shipmentId));
    for (const existing of this.shipments(clientId)) {
      if (!keep.has(existing.shipmentId)) {
        this.sqlite.prepare('delete from shipments where shipment_id = ?').run(existing.shipmentId);
      }
    }
    shipments.forEach((s, i) => this.upsertShipmentStmt.run(s.shipmentId, clientId, i + 1, s.carrier, s.trackingNo));
    return takenFrom;
  }

  setStatus(clientId: string, status: OrderStatus): void {
    this.setStatusStmt.run(status, clientId);
  }

  setSyncStatus(clientId: string, status: SyncStatus, blocked: Problem | null): void {
    this.setSyncStatusStmt.run(status, blocked?.message ?? null, blocked && storedFacts(blocked), clientId);
  }
}
