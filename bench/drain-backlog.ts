import { uuidv7 } from '../common/ids.ts';
import type { Terminal } from '../main/terminal.ts';

/**
 * Stores a backlog of `orders` counter orders, each with five operations waiting in the outbox
 * (create, two updates, sale, close), as a terminal that sold offline for a long time would have.
 * Written straight through SQL (services would fold the never-sent updates into the create).
 */
export function storeBacklog(terminal: Terminal, orders: number): void {
  const db = terminal.ctx.sqlite;
  const now = new Date().toISOString();
  const order = db.prepare(
    `insert into orders (client_id, server_id, version, status, sync_status, currency, customer, total, local_rev, created_at, updated_at)
     values (?, 0, 0, 'Done', 'Charging', 'EUR', '{"name":"Walk-in"}', 620, 4, ?, ?)`,
  );
  const line = db.prepare(`insert into order_lines (line_id, order_client_id, position, sku, name, qty, unit_price, discount) values (?, ?, ?, ?, ?, ?, ?, 0)`);
  const sale = db.prepare(`insert into sales (client_id, order_client_id, receipt_no, total, created_at) values (?, ?, ?, 620, ?)`);
  const tx = db.prepare(`insert into transactions (tx_id, order_client_id, sale_client_id, method, amount, tendered, change, at) values (?, ?, ?, 'cash', 620, 1000, 380, ?)`);
  const op = db.prepare(
    `insert into outbox (op_id, order_client_id, kind, target_id, fields, order_rev, idempotency_key, keys, depends_on, state, attempts, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, '[]', ?, 'pending', 0, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < orders; i++) {
      const id = uuidv7();
      const saleId = uuidv7();
      order.run(id, now, now);
      line.run(uuidv7(), id, 1, 'A1', 'Coffee', 2, 250);
      line.run(uuidv7(), id, 2, 'B2', 'Bun', 1, 120);
      sale.run(saleId, id, `BL-${String(i).padStart(6, '0')}`, now);
      tx.run(uuidv7(), id, saleId, now);
      const create = Number(op.run(uuidv7(), id, 'create', null, null, 1, crypto.randomUUID(), null, now, now).lastInsertRowid);
      op.run(uuidv7(), id, 'update', null, '["lines"]', 2, crypto.randomUUID(), create, now, now);
      op.run(uuidv7(), id, 'update', null, '["customer"]', 3, crypto.randomUUID(), create, now, now);
      op.run(uuidv7(), id, 'sale', saleId, null, 4, crypto.randomUUID(), create, now, now);
      op.run(uuidv7(), id, 'close', null, null, 4, crypto.randomUUID(), create, now, now);
    }
  })();
}
