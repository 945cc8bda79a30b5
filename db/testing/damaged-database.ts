import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Sqlite } from '../connection.ts';

export interface DamagedDatabase {
  file: string;
  /** The terminal's schema, opened again over the damaged file (after `mend`, the mended one). */
  sqlite: Sqlite;
  /** Closes it, puts the damaged byte back as it was, and opens it again. */
  mend(): Sqlite;
}

/**
 * A terminal database in `dir` with one page damaged where none of the terminal's own queries
 * go: the type byte of an index page of an extra table. It opens and works; SQLite's
 * `quick_check`, and a backup copy of it, find the damage.
 */
export function damagedDatabase(dir: string): DamagedDatabase {
  const file = join(dir, 'terminal.sqlite');
  const before = openDatabase({ file }).sqlite;
  before.prepare('create table filler (x text)').run();
  before.prepare('create index filler_x on filler (x)').run();
  const insert = before.prepare('insert into filler values (?)');
  before.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`value ${i} `.repeat(8));
  })();
  const rootPage = before.prepare(`select rootpage from sqlite_schema where name = 'filler_x'`).pluck().get() as number;
  const at = (rootPage - 1) * (before.pragma('page_size', { simple: true }) as number);
  before.pragma('wal_checkpoint(TRUNCATE)');
  before.close();
  const swapByte = (value: number): number => {
    const fd = openSync(file, 'r+');
    try {
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, at);
      writeSync(fd, Buffer.from([value]), 0, 1, at);
      return byte[0]!;
    } finally {
      closeSync(fd);
    }
  };
  const original = swapByte(0x01);
  const damaged: DamagedDatabase = {
    file,
    sqlite: openDatabase({ file }).sqlite,
    mend: () => {
      damaged.sqlite.close();
      swapByte(original);
      damaged.sqlite = openDatabase({ file }).sqlite;
      return damaged.sqlite;
    },
  };
  return damaged;
}
