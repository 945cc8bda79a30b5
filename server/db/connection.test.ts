import Database from 'better-sqlite3';
import { drizzle, migrate } from './drizzle.ts';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.ts';
import { describeDurability, openServerDatabase } from './connection.ts';

const TABLES = [
  'changes',
  'idempotency_records',
  'order_lines',
  'order_state_rules',
  'orders',
  'products',
  'sale_transactions',
  'sales',
  'settings',
  'shipments',
  'state_history',
  'step_states',
];

describe('openServerDatabase', () => {
  it('creates the folder and the tables, in WAL with the chosen durability, and migrates only once', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'nested', 'server.sqlite');
      const first = openServerDatabase(file, 'full');
      const tables = first
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(TABLES);
      expect(describeDurability(first, 'full')).toBe('journal_mode=wal synchronous=FULL');
      expect(first.pragma('synchronous', { simple: true })).toBe(2);
      first.prepare("INSERT INTO settings (name, value) VALUES ('probe', 1)").run();
      first.close();

      const second = openServerDatabase(file, 'normal');
      expect(second.pragma('synchronous', { simple: true })).toBe(1);
      expect(second.prepare('SELECT value FROM settings WHERE name = ?').get('probe')).toEqual({ value: 1 });
      second.close();
    } finally {
      cleanup();
    }
  });
});

/** A database file in `dir` as the first `count` migrations left it. */
function migratedUpTo(dir: string, count: number): Database.Database {
  const migrations = fileURLToPath(new URL('./migrations', import.meta.url));
  const journal = JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const folder = join(dir, 'migrations');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  for (const { tag } of journal.entries.slice(0, count)) copyFileSync(join(migrations, `${tag}.sql`), join(folder, `${tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  const old = new Database(join(dir, 'server.sqlite'));
  migrate(drizzle(old), { migrationsFolder: folder });
  return old;
}

describe('migration 0002_order_lines', () => {
  it('indexes the lines of the orders already stored, each order holding a line listed (two orders sharing one too)', () => {
    const { dir, cleanup } = tempDir();
    try {
      // Orders stored before the index, when a lineId was unique only within its order.
      const old = migratedUpTo(dir, 2);
      const time = '2026-11-21T10:00:00.000Z';
      const order = old.prepare(
        `INSERT INTO orders (client_id, device_id, status, currency, lines, total, version, created_at, updated_at)
         VALUES (?, 'till-1', 'InProgress', 'EUR', ?, 0, 1, ?, ?)`,
      );
      const line = (lineId: string) => ({ lineId, sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 0, discount: 0 });
      for (const [n, lineIds] of [[1, ['l1', 'shared']], [2, ['shared', 'l2']], [3, []]] as const) {
        order.run(`o${n}`, JSON.stringify(lineIds.map(line)), time, time);
      }
      old.close();

      const migrated = openServerDatabase(join(dir, 'server.sqlite'), 'normal');
      const index = migrated
        .prepare<[], { line_id: string; client_id: string }>(
          'SELECT l.line_id, o.client_id FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY l.line_id, o.client_id',
        )
        .all();
      migrated.close();
      expect(index).toEqual([
        { line_id: 'l1', client_id: 'o1' },
        { line_id: 'l2', client_id: 'o2' },
        { line_id: 'shared', client_id: 'o1' },
        { line_id: 'shared', client_id: 'o2' },
      ]);
    } finally {
      cleanup();
    }
  });
});

describe('migration 0001_sale_transactions', () => {
  it("indexes the transactions of the sales already recorded, a txId two sales share going to the first", () => {
    const { dir, cleanup } = tempDir();
    try {
      // A database as the first migration left it, with sales recorded before the index existed.
      const old = migratedUpTo(dir, 1);
      const file = join(dir, 'server.sqlite');
      const time = '2026-11-21T10:00:00.000Z';
      const order = old.prepare(
        `INSERT INTO orders (client_id, device_id, status, currency, lines, total, version, created_at, updated_at)
         VALUES (?, 'till-1', 'InProgress', 'EUR', '[]', 0, 1, ?, ?)`,
      );
      const sale = old.prepare(
        `INSERT INTO sales (client_id, order_id, device_id, receipt_no, total, transactions, created_at)
         VALUES (?, ?, 'till-1', 'T1-1', 0, ?, ?)`,
      );
      const tx = (txId: string) => ({ txId, method: 'card', amount: 0, at: time });
      for (const [n, txIds] of [[1, ['t1', 'shared']], [2, ['shared', 't2']]] as const) {
        const orderId = Number(order.run(`o${n}`, time, time).lastInsertRowid);
        sale.run(`s${n}`, orderId, JSON.stringify(txIds.map(tx)), time);
      }
      old.close();

      const migrated = openServerDatabase(file, 'normal');
      const index = migrated
        .prepare<[], { tx_id: string; client_id: string }>(
          'SELECT t.tx_id, s.client_id FROM sale_transactions t JOIN sales s ON s.id = t.sale_id ORDER BY t.tx_id',
        )
        .all();
      migrated.close();
      expect(index).toEqual([
        { tx_id: 'shared', client_id: 's1' },
        { tx_id: 't1', client_id: 's1' },
        { tx_id: 't2', client_id: 's2' },
      ]);
    } finally {
      cleanup();
    }
  });
});
