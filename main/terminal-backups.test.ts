import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../db/backups.ts';
import { RESTORED_COPY_NOTIFICATION } from '../common/order-states.ts';
import { noticeText } from '../renderer/shared/error-text.ts';
import { i18nFor } from '../renderer/use-i18n.ts';
import { createTerminal } from './terminal.ts';
import { tempTerminal, type TempTerminal } from './testing/temp-terminal.ts';

/** A sale of one line paid in cash; its receipt number. */
async function sell(t: TempTerminal): Promise<string> {
  const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
  await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
  return (await t.call('sales.complete', { orderClientId: order.clientId })).sale!.receiptNo;
}

describe('a terminal’s database backups', () => {
  it('go into backups/ beside the database, with what it holds (the timers are db/backups.test.ts’s)', async () => {
    const t = tempTerminal({}, { stateTimers: false });
    try {
      const order = await t.call('orders.create', {});
      expect(t.terminal.backups?.due()).toBe(true);
      await t.terminal.backups?.backupNow();
      expect(listBackups(join(t.dataDir, 'backups'))).toHaveLength(1);
      expect(t.terminal.backups?.due()).toBe(false);
      const copy = new Database(listBackups(join(t.dataDir, 'backups'))[0]!.file, { readonly: true });
      try {
        expect(copy.prepare('select client_id from orders').pluck().all()).toEqual([order.clientId]);
      } finally {
        copy.close();
      }
    } finally {
      t.cleanup();
    }
  });

  it('are not taken when turned off, and a copy asked for says so', async () => {
    const t = tempTerminal({}, { stateTimers: false, backups: false });
    try {
      expect(t.terminal.backups).toBeNull();
      expect(await t.call('backups.status', {})).toEqual({ enabled: false, dir: join(t.dataDir, 'backups'), latest: null, kept: 0, keep: 0, failure: null });
      expect(await t.terminal.dispatch('backups.run', {})).toEqual({
        ok: false,
        error: { code: 'backups_off', message: 'backups are turned off on this terminal' },
      });
      expect(existsSync(join(t.dataDir, 'backups'))).toBe(false);
    } finally {
      t.cleanup();
    }
  });

  it('keep as many copies as the configuration says (`backupsKept`), and none at 0', async () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    const clock = { now: () => now, iso: () => new Date(now).toISOString() };
    const t = tempTerminal({ backupsKept: 2 }, { stateTimers: false, clock });
    try {
      for (let day = 0; day < 3; day++, now += 24 * 3_600_000) await t.terminal.backups!.backupNow();
      expect(listBackups(join(t.dataDir, 'backups')).map((b) => new Date(b.takenAt).toISOString())).toEqual([
        '2026-12-03T10:00:00.000Z',
        '2026-12-02T10:00:00.000Z',
      ]);
    } finally {
      t.cleanup();
    }
    const off = tempTerminal({ backupsKept: 0 }, { stateTimers: false });
    try {
      expect(off.terminal.backups).toBeNull();
      expect((await off.call('backups.status', {})).enabled).toBe(false);
    } finally {
      off.cleanup();
    }
    // Refused before anything is made: not even the data folder.
    const dataDir = join(tmpdir(), `pos-never-${process.pid}`);
    expect(() => createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1', backupsKept: -1 })).toThrow(/backupsKept/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('put back in place of a damaged database, go on with receipts in a new series, and tell the staff once', async () => {
    const t = tempTerminal({}, { stateTimers: false });
    let copy: string;
    const before: string[] = [];
    try {
      before.push(await sell(t), await sell(t));
      copy = (await t.terminal.backups!.backupNow());
      // Sold after the copy: these numbers are lost with the damaged file, but were printed.
      before.push(await sell(t), await sell(t));
    } finally {
      t.terminal.close();
    }
    expect(before).toEqual(['TILL1-000001', 'TILL1-000002', 'TILL1-000003', 'TILL1-000004']);

    const restoredDir = join(t.dataDir, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(copy, join(restoredDir, 'terminal.sqlite'));
    const r = tempTerminal({ dataDir: restoredDir }, { stateTimers: false, backups: false });
    let prefix: string;
    try {
      prefix = (await r.call('terminal.info', {})).receiptPrefix;
      expect(prefix).toMatch(/^TILL1R[0-9A-Z]+$/);
      const next = await sell(r);
      expect(next).toBe(`${prefix}-000003`);
      expect(before).not.toContain(next);
      const told = await r.call('states.notifications', {});
      expect(told.filter((n) => n.kind === RESTORED_COPY_NOTIFICATION)).toHaveLength(1);
      expect(told.find((n) => n.kind === RESTORED_COPY_NOTIFICATION)!.message).toContain(`New receipts are numbered ${prefix}-`);
      // What the UI says it from: the copy's moment and the new series.
      const detail = told.find((n) => n.kind === RESTORED_COPY_NOTIFICATION)!.detail!;
      expect(detail).toMatchObject({ code: 'restored_copy', params: { prefix, takenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
      // …which the screen says in the staff's words, the moment in their format.
      const inRussian = noticeText(i18nFor('ru'), detail);
      expect(inRussian).toMatch(new RegExp(`^Копия сделана .+; .* Новые чеки нумеруются ${prefix}-…$`));
      expect(inRussian).not.toMatch(/\d{4}-\d\d-\d\dT/);
    } finally {
      r.terminal.close();
    }
    // Started again: the same series, and no second notice.
    const again = tempTerminal({ dataDir: restoredDir }, { stateTimers: false, backups: false });
    try {
      expect((await again.call('terminal.info', {})).receiptPrefix).toBe(prefix);
      expect(await sell(again)).toBe(`${prefix}-000004`);
      expect((await again.call('states.notifications', {})).filter((n) => n.kind === RESTORED_COPY_NOTIFICATION)).toHaveLength(1);
    } finally {
      again.cleanup();
      t.cleanup();
    }
  });
});
