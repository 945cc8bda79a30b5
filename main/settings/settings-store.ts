import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';

/** Device settings and counters, one JSON value per key. */
export class SettingsStore {
  private readonly getStmt: Statement<[string], { value: string }>;
  private readonly setStmt: Statement<[string, string]>;
  private readonly nextStmt: Statement<[string], { value: string }>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(sqlite: Sqlite) {
    this.getStmt = sqlite.prepare('select value from device_settings where key = ?');
    this.setStmt = sqlite.prepare(
      'insert into device_settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    );
    this.nextStmt = sqlite.prepare(
      `insert into device_settings (key, value) values (?, '1')
       on conflict (key) do update set value = cast(value as integer) + 1
       returning value`,
    );
    this.deleteStmt = sqlite.prepare('delete from device_settings where key = ?');
  }

  get<T>(key: string): T | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }

  /** Next value of a durable counter (1, 2, 3, …); call inside the transaction that uses it. */
  next(counter: string): number {
    const row = this.nextStmt.get(counter);
    return Number(row?.value);
  }
}
