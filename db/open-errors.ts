import { backupsDirFor } from './backups.ts';

/** The database file could not be opened or brought up to date; the message says why and what to do. */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}

/** SQLite's result code on an error thrown by better-sqlite3 (`SQLITE_NOTADB`, `SQLITE_IOERR_WRITE`, …). */
function sqliteCode(error: unknown): string | null {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * What staff or support read when the terminal's database cannot be opened: SQLite's own words
 * ("file is not a database") name neither the file nor a way out. Errors of other kinds (a
 * database from a newer version, a bug) pass through as they are.
 */
export function explainOpenError(file: string, error: unknown): unknown {
  const code = sqliteCode(error);
  if (code === null) return error;
  const detail = `${(error as Error).message}, ${code}`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseOpenError(
      `The data file ${file} is damaged or is not a Counter POS database (${detail}). It was left as it is: ` +
        `put the newest copy from ${backupsDirFor(file)} (the terminal keeps one a day) in its place, or move it elsewhere ` +
        '(keep it: it may hold sales not yet sent) to start with an empty one.',
      { cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) {
    return new DatabaseOpenError(`The data file ${file} is in use by another program (${detail}). Close it, then start Counter POS again.`, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new DatabaseOpenError(
      `The data file ${file} cannot be opened or written (${detail}). Check that the disk has room and that its folder may be written.`,
      { cause: error },
    );
  }
  return error;
}
