import Database from 'better-sqlite3';
import { drizzle, migrate } from './drizzle.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Sqlite = Database.Database;

/**
 * How hard a commit waits for the disk. `normal` (the default): WAL with `synchronous=NORMAL`,
 * a commit is an append to the WAL without fsync; it survives a crash of the process, and only
 * a power cut or OS crash can lose the last commits (never corrupt the file). `full`: fsync on
 * every commit (~30× slower per commit), survives a power cut too.
 */
export type Durability = 'normal' | 'full';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens (creating if needed) and migrates the server's database. `:memory:` for tests. */
export function openServerDatabase(file: string, durability: Durability): Sqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    migrate(drizzle(sqlite), { migrationsFolder });
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Describes the setting in force, for the start line and `GET /__test/info`. */
export function describeDurability(sqlite: Sqlite, durability: Durability): string {
  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  return `journal_mode=${journal} synchronous=${durability === 'full' ? 'FULL' : 'NORMAL'}`;
}
