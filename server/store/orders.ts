import type { Customer, Delivery, Line, Order, OrderStatus } from '../../common/backend-api.ts';
import type { Sqlite } from '../db/connection.ts';

interface OrderRow {
  id: number;
  client_id: string;
  device_id: string;
  status: string;
  currency: string;
  lines: string;
  total: number;
  customer: string | null;
  delivery: string | null;
  sale_id: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type NewOrder = Omit<Order, 'id'>;

/** Orders, and the shipment → order and line → order indexes kept in step with their deliveries and lines. */
export function createOrderStore(sqlite: Sqlite) {
  const byId = sqlite.prepare<[number], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const byClientId = sqlite.prepare<[string], OrderRow>('SELECT * FROM orders WHERE client_id = ?');
  const all = sqlite.prepare<[], OrderRow>('SELECT * FROM orders ORDER BY id');
  const insert = sqlite.prepare(
    `INSERT INTO orders (client_id, device_id, status, currency, lines, total, customer, delivery, sale_id,
       version, created_at, updated_at)
     VALUES (@clientId, @deviceId, @status, @currency, @lines, @total, @customer, @delivery, @saleId,
       @version, @createdAt, @updatedAt)`,
  );
  const update = sqlite.prepare(
    `UPDATE orders SET status = @status, lines = @lines, total = @total, customer = @customer,
       delivery = @delivery, sale_id = @saleId, version = @version, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const shipmentOwner = sqlite.prepare<[string], { order_id: number }>(
    'SELECT order_id FROM shipments WHERE shipment_id = ?',
  );
  const clearShipments = sqlite.prepare<[number]>('DELETE FROM shipments WHERE order_id = ?');
  const insertShipment = sqlite.prepare<[string, number]>('INSERT INTO shipments (shipment_id, order_id) VALUES (?, ?)');
  const lineHolder = sqlite.prepare<[string, number], { order_id: number }>(
    'SELECT order_id FROM order_lines WHERE line_id = +? AND order_id <> ? ORDER BY order_id LIMIT 1',
  );
  const clearLines = sqlite.prepare<[number]>('DELETE FROM order_lines WHERE order_id = ?');
  const insertLine = sqlite.prepare<[string, number]>('INSERT OR IGNORE INTO order_lines (line_id, order_id) VALUES (?, ?)');

  function indexShipments(orderId: number, delivery: Delivery | null): void {
    clearShipments.run(orderId);
    for (const shipment of delivery?.shipments ?? []) insertShipment.run(shipment.shipmentId, orderId);
  }

  function indexLines(orderId: number, lines: readonly Line[]): void {
    clearLines.run(orderId);
    for (const line of lines) insertLine.run(line.lineId, orderId);
  }

  return {
    byId(id: number): Order | undefined {
      const row = byId.get(id);
      return row && toOrder(row);
    },
    byClientId(clientId: string): Order | undefined {
      const row = byClientId.get(clientId);
      return row && toOrder(row);
    },
    all(): Order[] {
      return all.all().map(toOrder);
    },
    insert(order: NewOrder): Order {
      const result = insert.run(toParams(order));
      const created = { id: Number(result.lastInsertRowid), ...order };
      indexShipments(created.id, created.delivery);
      indexLines(created.id, created.lines);
      return created;
    },
    /** Writes every changeable column of `order` (already carrying its new version). */
    update(order: Order, changed: { delivery: boolean; lines: boolean }): void {
      update.run({ ...toParams(order), id: order.id });
      if (changed.delivery) indexShipments(order.id, order.delivery);
      if (changed.lines) indexLines(order.id, order.lines);
    },
    /** The order a shipment belongs to, if any order's delivery lists it. */
    orderIdOfShipment(shipmentId: string): number | undefined {
      return shipmentOwner.get(shipmentId)?.order_id;
    },
    /** An order other than `orderId` (null: none yet) that holds a line `lineId`, if any. */
    otherOrderOfLine(lineId: string, orderId: number | null): number | undefined {
      return lineHolder.get(lineId, orderId ?? 0)?.order_id;
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;

function toParams(order: NewOrder) {
  return {
    clientId: order.clientId,
    deviceId: order.deviceId,
    status: order.status,
    currency: order.currency,
    lines: JSON.stringify(order.lines),
    total: order.total,
    customer: order.customer === null ? null : JSON.stringify(order.customer),
    delivery: order.delivery === null ? null : JSON.stringify(order.delivery),
    saleId: order.saleId,
    version: order.version,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    clientId: row.client_id,
    deviceId: row.device_id,
    status: row.status as OrderStatus,
    currency: row.currency,
    lines: JSON.parse(row.lines) as Line[],
    total: row.total,
    customer: row.customer === null ? null : (JSON.parse(row.customer) as Customer),
    delivery: row.delivery === null ? null : (JSON.parse(row.delivery) as Delivery),
    saleId: row.sale_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
