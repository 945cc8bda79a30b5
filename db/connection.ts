import Database from 'better-sqlite3';
import { drizzle, migrate } from './drizzle.ts';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';
import { foldText } from '../common/fold.ts';
import { checkJournalBeside, explainOpenError } from './open-errors.ts';
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
    checkJournalBeside(options.file);
    sqlite = new Database(options.file);
    applyPragmas(sqlite);
    registerFunctions(sqlite);
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

/** Only ASCII: LIKE already sets its case aside, and there is no accent to drop. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * SQL functions the terminal's queries use: `fold(text)`, text as a search compares it
 * (common/fold.ts) for a LIKE pattern folded the same way. Plain ASCII is passed as it is (LIKE
 * ignores its case), which keeps a search over thousands of names near the cost of no fold.
 */
export function registerFunctions(sqlite: Sqlite): void {
  sqlite.function('fold', { deterministic: true }, (text: unknown) => (typeof text !== 'string' || ASCII.test(text) ? text : foldText(text)));
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
