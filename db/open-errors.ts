import { closeSync, openSync, readSync, statSync } from 'node:fs';
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
        `(keep it: it may hold sales not yet sent) to start with an empty one. Either way move ${file}-wal and ${file}-shm away ` +
        'with it, if they are there: they belong to the damaged file.',
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

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** Byte 18 of a database header: 1 for a rollback-journal file (every backup copy), 2 for WAL. */
function writeVersion(file: string): number | null {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(20);
    return readSync(fd, header, 0, 20, 0) === 20 ? header[18]! : null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses to open a data file beside a journal (`-wal`) that holds work not in it, where SQLite
 * would act on the journal without a word: a missing or emptied file gets a new empty database
 * and the journal is deleted (the unsaved sales with it); a backup copy put in place of the file,
 * but not its old journal, gets that journal applied over it (the copy is not what starts).
 * Nothing is changed; the message says what to move.
 */
export function checkJournalBeside(file: string): void {
  if (file === ':memory:' || file === '') return;
  const wal = `${file}-wal`;
  if (!sizeOf(wal)) return;
  const size = sizeOf(file);
  if (size === null || size === 0) {
    throw new DatabaseOpenError(
      `The data file ${file} is ${size === null ? 'missing' : 'empty'}, but ${wal} beside it holds work not yet written into it, ` +
        'which opening it would delete. Nothing was changed: put the data file back, or, to start from a copy instead, put the ' +
        `newest one from ${backupsDirFor(file)} in its place and move ${wal} and ${file}-shm elsewhere (keep them).`,
    );
  }
  if (writeVersion(file) === 1) {
    throw new DatabaseOpenError(
      `The data file ${file} is a copy put in place (its journal mode is a copy's), but ${wal} beside it belongs to the file it ` +
        `replaced, and opening it would apply that over the copy. Nothing was changed: move ${wal} and ${file}-shm elsewhere ` +
        '(keep them), then start again.',
    );
  }
}
