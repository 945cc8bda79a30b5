import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DataFolderInUseError } from '../db/instance-lock.ts';
import { createTerminal } from './terminal.ts';
import { snapshotDatabase, tempTerminal } from './testing/temp-terminal.ts';

describe('a second terminal on a data folder in use', () => {
  it('is refused before it opens the database: the running one is untouched and goes on; once it closes, the folder opens', async () => {
    const first = tempTerminal({}, { stateTimers: false, backups: false });
    try {
      const order = await first.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 250 }] });
      const before = snapshotDatabase(first.terminal);
      const second = () => createTerminal({ dataDir: first.dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1' }, { stateTimers: false, backups: false });
      expect(second).toThrow(DataFolderInUseError);
      expect(snapshotDatabase(first.terminal)).toEqual(before);
      // The running terminal still writes.
      await first.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 250 });
      first.terminal.close();
      const reopened = second();
      try {
        expect(reopened.orders.get(order.clientId).paid).toBe(250);
      } finally {
        reopened.close();
      }
    } finally {
      first.cleanup();
    }
  });

  it('that cannot start (a damaged setting) closes its database again and leaves the folder free', async () => {
    const first = tempTerminal({}, { stateTimers: false, backups: false });
    const { dataDir } = first;
    first.terminal.close();
    const file = join(dataDir, 'terminal.sqlite');
    const raw = new Database(file);
    raw.prepare(`update device_settings set value = 'not json' where key = 'receipt.prefix'`).run();
    raw.close();
    /** This process's open handles on the database file (Linux). */
    const handles = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
    const before = handles();
    const start = () => createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1' }, { stateTimers: false, backups: false });
    try {
      expect(start).toThrow(SyntaxError);
      // Its checkpoint thread's connection closes a moment later, on that thread.
      await expect.poll(handles).toBe(before);
      // Not refused as in use: the failed start let go of the folder.
      expect(start).toThrow(SyntaxError);
    } finally {
      first.cleanup();
    }
  });
});
