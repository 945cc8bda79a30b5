/**
 * The backup check's thread (see check-copy.ts): opens a finished copy read-only and runs
 * SQLite's `quick_check` over every page of it, which takes seconds on a large file — the
 * terminal's own thread never waits for it. Posts the problems found (none when whole) and ends.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckCopyData {
  file: string;
}

export interface CheckCopyResult {
  problems: string[];
}

const { file } = workerData as CheckCopyData;
let result: CheckCopyResult;
try {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // One row `ok` when whole; otherwise a row per problem (at most 20 asked for).
    const rows = db.pragma('quick_check(20)', { simple: false }) as Array<{ quick_check: string }>;
    result = { problems: rows.map((r) => r.quick_check).filter((line) => line !== 'ok') };
  } finally {
    db.close();
  }
} catch (error) {
  // A file SQLite cannot even open as a database (its header is damaged) is a problem too.
  result = { problems: [(error as Error).message] };
}
parentPort!.postMessage(result);
