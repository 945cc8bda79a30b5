import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.ts';
import { describeDurability, openServerDatabase } from './connection.ts';

const TABLES = [
  'changes',
  'idempotency_records',
  'order_state_rules',
  'orders',
  'products',
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
