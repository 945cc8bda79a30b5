import Database from 'better-sqlite3';
import { join } from 'node:path';
import { explainOpenError } from './open-errors.ts';

/** The file whose lock says a terminal is running on a data folder (an empty SQLite database). */
export const LOCK_FILE_NAME = 'terminal.lock';

/** A second terminal on a data folder one already runs on, refused before it touched anything. */
export class DataFolderInUseError extends Error {
  readonly dataDir: string;
  constructor(dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Counter POS on this computer (a window or an \`npm start\` still running). ` +
        'Close that one first; nothing was changed.',
    );
    this.name = 'DataFolderInUseError';
    this.dataDir = dataDir;
  }
}

export interface DataFolderLock {
  /** Lets another terminal start on the folder (closing the process does as much). */
  release(): void;
}

/** The connections holding a lock: kept here so that no garbage collection closes one (and frees its folder) early. */
const held = new Set<Database.Database>();

/**
 * One terminal per data folder: two would both send the same outbox and number receipts from one
 * sequence. The lock is an exclusive SQLite transaction held open on `terminal.lock` in the folder,
 * so the operating system drops it when the process ends, however it ends (a crash or a kill
 * leaves no stale lock to clear by hand), and a second holder in the same process is refused too.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    // SQLite's "unable to open database file" names neither the file nor what to check.
    throw explainOpenError(file, error);
  }
  try {
    // Ask once: a folder in use answers at once, it does not wait.
    db.pragma('busy_timeout = 0');
    db.exec('begin exclusive');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataFolderInUseError(dataDir);
    throw error;
  }
  held.add(db);
  return {
    release() {
      if (!held.delete(db)) return;
      db.close(); // an open transaction is rolled back, and the lock goes with it
    },
  };
}
