import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder } from './instance-lock.ts';

const lockModule = fileURLToPath(new URL('./instance-lock.ts', import.meta.url));

/** Another process that takes the folder's lock and holds it until it is killed. */
async function holderProcess(dir: string) {
  const script = `import { lockDataFolder } from ${JSON.stringify(lockModule)}; lockDataFolder(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'locked' && resolve());
    child.on('exit', (code) => reject(new Error(`the lock holder ended (${code}) before it locked`)));
  });
  return { child, exited };
}

describe('one terminal per data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second lock in the same process, naming the folder, until the first is released', () => {
    const first = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUseError);
    expect(() => lockDataFolder(dir)).toThrow(`The data folder ${dir} is in use by another Counter POS`);
    first.release();
    first.release(); // twice is harmless
    lockDataFolder(dir).release();
  });

  it('refuses while another process holds it, and is free again once that process is killed (no stale lock)', async () => {
    const holder = await holderProcess(dir);
    try {
      expect(() => lockDataFolder(dir)).toThrow(DataFolderInUseError);
    } finally {
      holder.child.kill('SIGKILL');
    }
    expect(await holder.exited).toBe('SIGKILL');
    const lock = lockDataFolder(dir);
    lock.release();
  });

  it('locks different folders independently', () => {
    const other = mkdtempSync(join(tmpdir(), 'pos-lock-'));
    try {
      const a = lockDataFolder(dir);
      const b = lockDataFolder(other);
      a.release();
      b.release();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('names its file and what to check when the folder cannot hold the lock', () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    expect(() => lockDataFolder(notAFolder)).toThrow(new RegExp(`^The data file ${notAFolder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/terminal\\.lock cannot be opened or written`));
  });
});
