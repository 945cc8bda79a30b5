import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupName, backupsDirFor, DamagedCopyError, DatabaseBackups, DEFAULT_BACKUP_POLICY, listBackups } from './backups.ts';
import { openDatabase } from './connection.ts';
import { damagedDatabase } from './testing/damaged-database.ts';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-12-01T08:00:00.000Z');

function database(dir: string) {
  const file = join(dir, 'terminal.sqlite');
  const { sqlite } = openDatabase({ file });
  sqlite.prepare(`insert into device_settings (key, value) values ('receipt.prefix', '"T1"')`).run();
  return { file, sqlite };
}

const settingsIn = (file: string) => {
  const copy = new Database(file, { readonly: true });
  try {
    return copy.prepare('select key, value from device_settings order by key').all();
  } finally {
    copy.close();
  }
};

describe('database backups', () => {
  const root = mkdtempSync(join(tmpdir(), 'pos-backups-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('copies the database into one readable file named for the time it was taken', async () => {
    const dir = mkdtempSync(join(root, 'copy-'));
    const { file, sqlite } = database(dir);
    const backups = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, dir: backupsDirFor(file) }, () => T0);
    try {
      const copy = await backups.backupNow();
      expect(copy).toBe(join(dir, 'backups', 'terminal-20261201T080000Z.sqlite'));
      expect(backupName(T0)).toBe('terminal-20261201T080000Z.sqlite');
      // The copy carries the mark that tells a terminal started on it that it was put back; the live database does not.
      expect(settingsIn(copy)).toEqual([
        { key: 'backup.copy', value: '{"takenAt":"2026-12-01T08:00:00.000Z"}' },
        { key: 'receipt.prefix', value: '"T1"' },
      ]);
      expect(sqlite.prepare(`select count(*) from device_settings where key = 'backup.copy'`).pluck().get()).toBe(0);
      expect(readdirSync(join(dir, 'backups'))).toEqual(['terminal-20261201T080000Z.sqlite']);
    } finally {
      sqlite.close();
    }
  });

  it('a copy put in place of the database opens as the terminal’s, with what it held', async () => {
    const dir = mkdtempSync(join(root, 'restore-'));
    const { file, sqlite } = database(dir);
    const copy = await new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, dir: backupsDirFor(file) }, () => T0).backupNow();
    sqlite.close();
    const restoredDir = mkdtempSync(join(root, 'restored-'));
    copyFileSync(copy, join(restoredDir, 'terminal.sqlite'));
    const restored = openDatabase({ file: join(restoredDir, 'terminal.sqlite') });
    try {
      expect(restored.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(restored.sqlite.prepare('select value from device_settings').pluck().get()).toBe('"T1"');
    } finally {
      restored.sqlite.close();
    }
  });

  it('is due when the newest copy is a day old, and keeps the newest `keep` copies', async () => {
    const dir = mkdtempSync(join(root, 'keep-'));
    const { file, sqlite } = database(dir);
    let now = T0;
    const backups = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, keep: 2, dir: backupsDirFor(file) }, () => now);
    try {
      expect(backups.due()).toBe(true);
      await backups.backupNow();
      now += DAY - 1;
      expect(backups.due()).toBe(false);
      now += 1;
      expect(backups.due()).toBe(true);
      sqlite.prepare(`update device_settings set value = '"T2"'`).run();
      await backups.backupNow();
      now += DAY;
      // A copy cut off by a crash leaves its temporary file: the next copy removes it.
      writeFileSync(join(dir, 'backups', 'terminal-20261201T090000Z.sqlite.partial'), 'half');
      await backups.backupNow();
      const kept = listBackups(join(dir, 'backups'));
      expect(kept.map((b) => new Date(b.takenAt).toISOString())).toEqual(['2026-12-03T08:00:00.000Z', '2026-12-02T08:00:00.000Z']);
      expect(readdirSync(join(dir, 'backups')).sort()).toEqual(['terminal-20261202T080000Z.sqlite', 'terminal-20261203T080000Z.sqlite']);
      expect(settingsIn(kept[0]!.file)).toContainEqual({ key: 'receipt.prefix', value: '"T2"' });
    } finally {
      sqlite.close();
    }
  });

  it('goes on after the clock is set back: the copy just made is kept, and copies dated ahead do not stop the daily ones', async () => {
    const dir = mkdtempSync(join(root, 'clock-'));
    const { file, sqlite } = database(dir);
    let now = T0 + 30 * DAY; // the clock ran a month ahead
    const backups = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, keep: 2, dir: backupsDirFor(file) }, () => now);
    try {
      await backups.backupNow();
      now += DAY;
      await backups.backupNow();
      now = T0; // set right again
      expect(backups.due()).toBe(true);
      sqlite.prepare(`update device_settings set value = '"T3"'`).run();
      const made = await backups.backupNow();
      expect(existsSync(made)).toBe(true);
      expect(settingsIn(made)).toContainEqual({ key: 'receipt.prefix', value: '"T3"' });
      expect(listBackups(join(dir, 'backups')).map((b) => new Date(b.takenAt).toISOString())).toEqual(['2027-01-01T08:00:00.000Z', '2026-12-01T08:00:00.000Z']);
      // Then daily, as usual.
      now += DAY - 1;
      expect(backups.due()).toBe(false);
      now += 1;
      expect(backups.due()).toBe(true);
    } finally {
      sqlite.close();
    }
  });

  it('takes the first copy on its own after start, and a failing copy neither throws nor leaves a file', async () => {
    const dir = mkdtempSync(join(root, 'timer-'));
    const { file, sqlite } = database(dir);
    const backups = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, firstCheckAfterMs: 0, dir: backupsDirFor(file) }, () => T0);
    backups.start();
    try {
      await expect.poll(() => listBackups(join(dir, 'backups')).length).toBe(1);
    } finally {
      backups.stop();
    }
    // `backups` is a plain file: no copy can be made there.
    const blocked = mkdtempSync(join(root, 'blocked-'));
    writeFileSync(join(blocked, 'backups'), 'not a folder');
    const failing = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, dir: join(blocked, 'backups') }, () => T0);
    await expect(failing.backupNow()).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(readdirSync(blocked)).toEqual(['backups']);
    // The failure is told until a copy is made.
    expect(failing.lastFailure?.error.message).toMatch(/EEXIST|ENOTDIR/);
    rmSync(join(blocked, 'backups'));
    await failing.backupNow();
    expect(failing.lastFailure).toBeNull();
    sqlite.close();
  });

  it('a copy cut off by closing the terminal removes its temporary file', async () => {
    const dir = mkdtempSync(join(root, 'stop-'));
    const { file, sqlite } = database(dir);
    // Enough pages that the copy takes several steps.
    sqlite.prepare('create table filler (x blob)').run();
    const insert = sqlite.prepare('insert into filler values (randomblob(4000))');
    sqlite.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run();
    })();
    const backups = new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, dir: backupsDirFor(file) }, () => T0);
    const copy = backups.backupNow();
    backups.stop();
    await expect(copy).rejects.toThrow(/closing/);
    expect(existsSync(join(dir, 'backups'))).toBe(true);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
    sqlite.close();
  });

  it('a copy SQLite finds damaged (so the live data is) is not kept, and no older copy is removed for it', async () => {
    const dir = mkdtempSync(join(root, 'damaged-'));
    const policy = { ...DEFAULT_BACKUP_POLICY, keep: 1, dir: backupsDirFor(join(dir, 'terminal.sqlite')) };
    let now = T0;
    const healthy = database(mkdtempSync(join(root, 'healthy-')));
    const good = await new DatabaseBackups(healthy.sqlite, policy, () => now).backupNow();
    healthy.sqlite.close();
    const damaged = damagedDatabase(dir);
    try {
      now = T0 + 2 * DAY;
      const backups = new DatabaseBackups(damaged.sqlite, policy, () => now);
      const failed = backups.backupNow();
      await expect(failed).rejects.toBeInstanceOf(DamagedCopyError);
      await expect(failed).rejects.toThrow(/damage .*quick_check.*not kept/);
      // The copy of two days ago stays (keep is 1), and nothing else is left in the folder.
      expect(readdirSync(policy.dir)).toEqual([basename(good)]);
      expect(backups.lastFailure?.at).toBe(now);
      expect((backups.lastFailure?.error as DamagedCopyError).summary).toMatch(/\S/);
      // The damage mended, the next copy is kept (and, keep being 1, the old one goes).
      now = T0 + 3 * DAY;
      const next = await new DatabaseBackups(damaged.mend(), policy, () => now).backupNow();
      expect(listBackups(policy.dir).map((b) => b.file)).toEqual([next]);
    } finally {
      damaged.sqlite.close();
    }
  });
});
