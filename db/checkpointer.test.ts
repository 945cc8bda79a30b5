import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';
import { openDatabase } from './connection.ts';

describe('WAL checkpointer thread', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** A terminal database in a folder of its own (removed after the test). */
  const tempDatabase = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-ckpt-'));
    dirs.push(dir);
    const file = join(dir, 'terminal.sqlite');
    return { file, sqlite: openDatabase({ file }).sqlite };
  };

  it('copies committed WAL frames into the database file from its own thread once enough wait', async () => {
    const { file, sqlite } = tempDatabase();
    const checkpointer = startCheckpointer(sqlite, { thresholdFrames: 64, intervalMs: 5 });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    sqlite.exec('create table filler (id integer primary key, v blob)');
    const sizeBefore = statSync(file).size;
    const insert = sqlite.prepare('insert into filler (v) values (randomblob(3000))');
    // 300 commits of a page or so each: far below the connection's own auto-checkpoint.
    for (let i = 0; i < 300; i++) insert.run();
    await vi.waitFor(() => expect(checkpointer.stats.checkpoints).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
    await checkpointer.stop();
    expect(checkpointer.stats.errors).toBe(0);
    expect(checkpointer.stats.frames).toBeGreaterThanOrEqual(64);
    // The frames are in the database file itself now, not only in the WAL.
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 64 * 4096);
    expect(sqlite.prepare('select count(*) as n from filler').get()).toEqual({ n: 300 });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
  });

  it('keeps the WAL from growing under steady writes: it copies until none waits, so the next write starts the WAL over', async () => {
    const { file, sqlite } = tempDatabase();
    const checkpointer = startCheckpointer(sqlite, { thresholdFrames: 200, intervalMs: 2 });
    sqlite.exec('create table filler (id integer primary key, v blob)');
    const insert = sqlite.prepare('with recursive n(i) as (select 1 union all select i + 1 from n where i < 20) insert into filler (v) select randomblob(3000) from n');
    // How many frames the WAL holds now: the wal-index header's mxFrame (the -shm file, offset 16).
    const shm = openSync(`${file}-shm`, 'r');
    const header = Buffer.alloc(4);
    const walFrames = () => (readSync(shm, header, 0, 4, 16), header.readUInt32LE(0));
    // Commits of 20 new pages a millisecond apart, as the outbox's ticks come while it drains:
    // each checkpoint has new frames behind it by the time it ends, so the WAL starts over only
    // if those are copied too. The worker needs one moment where it has caught up before the
    // next commit; on a busy machine (other test files running beside this one) that can take
    // hundreds of commits, so they go on until the WAL has started over, and stop well before
    // the connection's own fallback checkpoint could be what starts it over.
    // (A commit writes about 23 frames: 20 row pages and the tree's.)
    const maxCommits = Math.floor(FALLBACK_AUTOCHECKPOINT_PAGES / 25) - 40;
    let commits = 0;
    let largest = 0;
    let startedOver = false;
    while (!startedOver && commits < maxCommits) {
      const before = walFrames();
      insert.run();
      commits++;
      const after = walFrames();
      largest = Math.max(largest, after);
      startedOver = after < before;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await checkpointer.stop();
    closeSync(shm);
    expect(checkpointer.stats.errors).toBe(0);
    expect(startedOver, `the WAL never started over in ${commits} commits (it reached ${largest} frames)`).toBe(true);
    expect(largest).toBeLessThan(FALLBACK_AUTOCHECKPOINT_PAGES);
    expect(sqlite.prepare('select count(*) as n from filler').get()).toEqual({ n: commits * 20 });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    sqlite.close();
  });

  it('refuses an in-memory database, which has no WAL', () => {
    const { sqlite } = openDatabase({ file: ':memory:' });
    expect(() => startCheckpointer(sqlite)).toThrow(/in-memory/);
    sqlite.close();
  });
});
