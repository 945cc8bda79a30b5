import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { checkCopy } from './check-copy.ts';
import type { Sqlite } from './connection.ts';

export interface BackupPolicy {
  /** Where the copies go (the terminal uses `backups/` beside its database). */
  dir: string;
  /** Copies kept; older ones are removed after each new copy. */
  keep: number;
  /** A new copy once the newest is this old. */
  everyMs: number;
  /** The first look after start (a terminal just started has better things to do). */
  firstCheckAfterMs: number;
  /** How often to look whether a copy is due. */
  checkEveryMs: number;
}

export const DEFAULT_BACKUP_POLICY: Omit<BackupPolicy, 'dir'> = {
  keep: 7,
  everyMs: 24 * 3_600_000,
  firstCheckAfterMs: 10 * 60_000,
  checkEveryMs: 3_600_000,
};

/** Where a terminal keeps the copies of a database file: `backups/` beside it. */
export function backupsDirFor(databaseFile: string): string {
  return join(dirname(databaseFile), 'backups');
}

/**
 * The device setting each copy carries and a live database never does: a terminal that finds it
 * at start runs from a copy put back (main/restored-copy.ts). Its value: `CopyMark`.
 */
export const COPY_MARK_KEY = 'backup.copy';
export interface CopyMark {
  takenAt: string;
}

/**
 * A copy that SQLite's check found damaged: the live database holds the damage (a copy is its
 * pages as they are), so it was not kept, and no older copy was removed for it.
 */
export class DamagedCopyError extends Error {
  readonly problems: readonly string[];
  /** The first few problems on one line (SQLite's rows may hold several lines each). */
  readonly summary: string;
  constructor(problems: readonly string[]) {
    const lines = problems.flatMap((p) => p.split('\n')).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('***'));
    const summary = `${lines.slice(0, 3).join('; ')}${lines.length > 3 ? ` (and ${lines.length - 3} more)` : ''}`;
    super(`the database has damage that a copy would carry (SQLite quick_check: ${summary}); the copy was not kept, and the older copies stay`);
    this.name = 'DamagedCopyError';
    this.problems = problems;
    this.summary = summary;
  }
}

/** The last copy that could not be made, until one is: what the staff are shown. */
export interface BackupFailure {
  at: number;
  error: Error;
}

const NAME = /^terminal-(\d{8}T\d{6}Z)\.sqlite$/;
const PARTIAL = '.partial';

/** `terminal-20261202T003512Z.sqlite`: sortable by name, and the time it was taken. */
export function backupName(at: number): string {
  return `terminal-${new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}.sqlite`;
}

function takenAt(name: string): number | null {
  const stamp = NAME.exec(name)?.[1];
  if (!stamp) return null;
  return Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
}

/** The copies in `dir`, newest first. */
export function listBackups(dir: string): { file: string; takenAt: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const at = takenAt(name);
      return at === null ? [] : [{ file: join(dir, name), takenAt: at }];
    })
    .sort((a, b) => b.takenAt - a.takenAt);
}

/**
 * Daily copies of the terminal's database, so a file damaged on disk does not take the day's
 * unsent sales with it (the damaged-file error points here). A copy is SQLite's online backup
 * from the terminal's own connection, 100 pages per step between other work (the counter never
 * waits for it), written under a temporary name and renamed when complete, so a copy that exists
 * is whole; each is one self-contained file (no WAL). Before that, SQLite's `quick_check` reads
 * every page of it on another thread (check-copy.ts): a damaged copy means the live database is
 * damaged, so it is not kept and the older copies are not rotated away for it. A copy put back
 * later re-sends what it held as unsent, with its idempotency keys: the server keeps each
 * operation once.
 */
export class DatabaseBackups {
  private readonly sqlite: Sqlite;
  private readonly policy: BackupPolicy;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string> | null = null;
  private stopped = false;
  private failure: BackupFailure | null = null;

  constructor(sqlite: Sqlite, policy: BackupPolicy, now: () => number = Date.now) {
    this.sqlite = sqlite;
    this.policy = policy;
    this.now = now;
  }

  /** The last copy that failed (damaged, or not written), unless one was made since. */
  get lastFailure(): BackupFailure | null {
    return this.failure;
  }

  /** How many copies are kept (the newest). */
  get keep(): number {
    return this.policy.keep;
  }

  /** Looks after `firstCheckAfterMs`, then every `checkEveryMs`; timers never keep the process alive. */
  start(): void {
    const check = (delay: number) => {
      this.timer = setTimeout(() => {
        if (this.stopped) return;
        if (this.due()) {
          this.backupNow().catch((error: unknown) => {
            if (!this.stopped) console.error(`database backup failed (the next try is in ${Math.round(this.policy.checkEveryMs / 60_000)} min):`, error);
          });
        }
        check(this.policy.checkEveryMs);
      }, delay);
      this.timer.unref();
    };
    check(this.policy.firstCheckAfterMs);
  }

  /** Stops the timers; a copy in progress ends at its next step, its temporary file removed. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Whether no copy was taken within `everyMs` of now. Either side of now: a copy dated ahead
   * (the clock was set back since) counts only as far as it is near, so a clock that once ran a
   * month ahead does not stop the daily copies for a month.
   */
  due(): boolean {
    const now = this.now();
    return !listBackups(this.policy.dir).some((b) => Math.abs(now - b.takenAt) < this.policy.everyMs);
  }

  /** Takes a copy now (one at a time), then removes all but the newest `keep`. Resolves to its path. */
  backupNow(): Promise<string> {
    this.running ??= this.copy()
      .then(
        (file) => {
          this.failure = null;
          return file;
        },
        (error: unknown) => {
          if (!this.stopped) this.failure = { at: this.now(), error: error instanceof Error ? error : new Error(String(error)) };
          throw error;
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async copy(): Promise<string> {
    const { dir, keep } = this.policy;
    mkdirSync(dir, { recursive: true });
    const takenAt = this.now();
    const file = join(dir, backupName(takenAt));
    const partial = file + PARTIAL;
    try {
      await this.sqlite.backup(partial, {
        progress: () => {
          if (this.stopped) throw new Error('the terminal is closing');
          return 100;
        },
      });
      // A plain rollback-journal file, so a copy carries no -wal/-shm beside it, reading it
      // creates none, and putting it in place is copying one file (the terminal turns WAL on);
      // and the mark that tells a terminal started on it that it was put back.
      const copy = new Database(partial);
      try {
        copy.pragma('journal_mode = DELETE');
        const mark: CopyMark = { takenAt: new Date(takenAt).toISOString() };
        copy.prepare('insert or replace into device_settings (key, value) values (?, ?)').run(COPY_MARK_KEY, JSON.stringify(mark));
      } finally {
        copy.close();
      }
      const problems = await checkCopy(partial);
      if (problems.length > 0) throw new DamagedCopyError(problems);
      if (this.stopped) throw new Error('the terminal is closing');
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    // The copy just made always stays, however its date ranks (the clock may have been set back
    // since the others were taken); of the others, the newest `keep - 1`.
    for (const old of listBackups(dir).filter((b) => b.file !== file).slice(keep - 1)) rmSync(old.file, { force: true });
    for (const name of readdirSync(dir)) if (name.endsWith(PARTIAL) && join(dir, name) !== partial) rmSync(join(dir, name), { force: true });
    return file;
  }
}
