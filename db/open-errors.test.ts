import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';
import { DatabaseOpenError } from './open-errors.ts';

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
});
