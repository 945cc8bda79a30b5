import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';
import { explainOpenError } from './open-errors.ts';
import { assertSchemaNotNewer } from './schema-guard.ts';

export type Sqlite = Database.Database;

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Path of the database file, or ':memory:' for tests. */
  file: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  migrationsFolder?: string;
}

/**
 * Opens the terminal's database: WAL so readers never wait on the writer, `synchronous=FULL`
 * so a recorded payment survives a power cut, foreign keys on, and a busy timeout so a second
 * connection (a tool, a test) waits instead of failing. A database a newer version wrote is
 * refused before any migration (schema-guard.ts); a damaged or unreachable file gets an error
 * naming it and what to do (open-errors.ts).
 */
export function openDatabase(options: OpenOptions) {
  let sqlite: Sqlite | undefined;
  try {
    sqlite = new Database(options.file);
    applyPragmas(sqlite);
    const db = drizzle(sqlite, { schema });
    if (options.migrate !== false) {
      const folder = options.migrationsFolder ?? migrationsFolder;
      assertSchemaNotNewer(sqlite, options.file, folder);
      migrate(db, { migrationsFolder: folder });
    }
    return { sqlite, db };
  } catch (error) {
    sqlite?.close();
    throw explainOpenError(options.file, error);
  }
}

export function applyPragmas(sqlite: Sqlite): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint less often than the default 1,000 pages: the same rows (an order, its outbox
  // operations) are rewritten many times in a row, and a larger WAL copies each page back once.
  // Every commit is still flushed to the WAL with synchronous=FULL.
  sqlite.pragma('wal_autocheckpoint = 8000');
}

export type TerminalDb = ReturnType<typeof openDatabase>['db'];
