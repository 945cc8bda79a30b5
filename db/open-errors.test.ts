import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';
import { DatabaseOpenError } from './open-errors.ts';
import Database from 'better-sqlite3';

describe('a database file that cannot be opened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-open-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is named, called damaged, and left byte for byte as it was when it is not a database', () => {
    const file = join(dir, 'terminal.sqlite');
    const bytes = randomBytes(8192);
    writeFileSync(file, bytes);
    let thrown: unknown;
    try {
      openDatabase({ file });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseOpenError);
    expect((thrown as Error).message).toContain(`The data file ${file} is damaged or is not a Counter POS database (file is not a database, SQLITE_NOTADB)`);
    expect((thrown as Error).message).toContain(`put the newest copy from ${join(dir, 'backups')}`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('is named when its folder cannot hold it', () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const file = join(notAFolder, 'terminal.sqlite');
    expect(() => openDatabase({ file })).toThrow(new RegExp(`^The data file ${notAFolder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/terminal\\.sqlite cannot be opened or written \\(.*SQLITE_CANTOPEN`));
  });

  /** A live database whose last writes are still in its -wal (as when the terminal was killed), and the folder it is in. */
  async function liveWithJournal(name: string) {
    const live = join(dir, name);
    mkdirSync(live);
    const file = join(live, 'terminal.sqlite');
    const { sqlite } = openDatabase({ file });
    sqlite.prepare('insert into device_settings (key, value) values (?, ?)').run('unsaved', '"a sale"');
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    return { file, sqlite };
  }

  it('is refused, untouched, when it is missing or emptied but its journal holds unsaved work', async () => {
    const { file, sqlite } = await liveWithJournal('emptied');
    const moved = join(dir, 'emptied-copy');
    mkdirSync(moved);
    const target = join(moved, 'terminal.sqlite');
    copyFileSync(`${file}-wal`, `${target}-wal`);
    sqlite.close();
    const journal = readFileSync(`${target}-wal`);
    expect(() => openDatabase({ file: target })).toThrow(new DatabaseOpenError(`The data file ${target} is missing, but ${target}-wal beside it holds work not yet written into it, which opening it would delete. Nothing was changed: put the data file back, or, to start from a copy instead, put the newest one from ${join(moved, 'backups')} in its place and move ${target}-wal and ${target}-shm elsewhere (keep them).`));
    writeFileSync(target, '');
    expect(() => openDatabase({ file: target })).toThrow(/is empty, but .*-wal beside it holds work not yet written into it/);
    expect(readFileSync(`${target}-wal`).equals(journal)).toBe(true);
    expect(statSync(target).size).toBe(0);
  });

  it('is refused when a backup copy was put in its place but the old journal was left beside it; opens once the journal is moved', async () => {
    const { file, sqlite } = await liveWithJournal('copied');
    const copy = join(dir, 'copy.sqlite');
    await sqlite.backup(copy);
    const plain = new Database(copy);
    plain.pragma('journal_mode = DELETE'); // as db/backups.ts leaves every copy
    plain.close();
    const moved = join(dir, 'copied-in-place');
    mkdirSync(moved);
    const target = join(moved, 'terminal.sqlite');
    copyFileSync(copy, target);
    copyFileSync(`${file}-wal`, `${target}-wal`);
    sqlite.close();
    expect(() => openDatabase({ file: target })).toThrow(/is a copy put in place .* move .*-wal and .*-shm elsewhere \(keep them\), then start again/);
    renameSync(`${target}-wal`, join(moved, 'kept-wal'));
    const reopened = openDatabase({ file: target });
    expect(reopened.sqlite.prepare('select value from device_settings where key = ?').pluck().get('unsaved')).toBe('"a sale"');
    reopened.sqlite.close();
  });
});
