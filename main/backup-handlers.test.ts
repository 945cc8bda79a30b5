import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupsDirFor, DatabaseBackups, DEFAULT_BACKUP_POLICY } from '../db/backups.ts';
import { damagedDatabase } from '../db/testing/damaged-database.ts';
import { backupHandlers } from './backup-handlers.ts';

describe('backups.run and backups.status on damaged data', () => {
  const root = mkdtempSync(join(tmpdir(), 'pos-backup-handlers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuse the copy as database_damaged, naming what SQLite found, and show the failure until a good copy', async () => {
    const damaged = damagedDatabase(root);
    const dir = backupsDirFor(damaged.file);
    const at = Date.parse('2026-12-02T09:00:00.000Z');
    let backups = new DatabaseBackups(damaged.sqlite, { ...DEFAULT_BACKUP_POLICY, dir }, () => at);
    let handlers = backupHandlers(backups, dir);
    try {
      await expect(handlers['backups.run']()).rejects.toMatchObject({ code: 'database_damaged', params: { detail: expect.stringMatching(/\S/) } });
      const status = handlers['backups.status']();
      expect(status).toMatchObject({ enabled: true, latest: null, kept: 0, failure: { at: '2026-12-02T09:00:00.000Z', damaged: true } });
      expect(status.failure?.detail).toMatch(/\S/);
      expect(readdirSync(dir)).toEqual([]);
      backups = new DatabaseBackups(damaged.mend(), { ...DEFAULT_BACKUP_POLICY, dir }, () => at);
      handlers = backupHandlers(backups, dir);
      expect(await handlers['backups.run']()).toMatchObject({ kept: 1, failure: null });
    } finally {
      damaged.sqlite.close();
    }
  });
});
