import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.ts';
import { describeDurability, openServerDatabase } from './connection.ts';

const TABLES = [
  'changes',
  'idempotency_records',
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

describe('migration 0001_sale_transactions', () => {
  it("indexes the transactions of the sales already recorded, a txId two sales share going to the first", () => {
    const { dir, cleanup } = tempDir();
    try {
      // A database as the first migration left it, with sales recorded before the index existed.
      const migrations = fileURLToPath(new URL('./migrations', import.meta.url));
      const onlyFirst = join(dir, 'migrations');
      mkdirSync(join(onlyFirst, 'meta'), { recursive: true });
      copyFileSync(join(migrations, '0000_server_foundation.sql'), join(onlyFirst, '0000_server_foundation.sql'));
      const journal = JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      writeFileSync(join(onlyFirst, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
      const file = join(dir, 'server.sqlite');
      const old = new Database(file);
      migrate(drizzle(old), { migrationsFolder: onlyFirst });
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
