import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import { tempTerminal } from '../testing/temp-terminal.ts';
import { drained, FAST_SYNC, outboxRows, startServer } from './testing/sync-harness.ts';
import { syncProblemText } from '../../renderer/shared/error-text.ts';
import { i18nFor } from '../../renderer/use-i18n.ts';

/** A terminal started from a backup copy syncs what it holds without tripping over what it sent after the copy. */
let server: CounterPosServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

/** A terminal started on `copy`, put in place of its database in a new data folder (the file it replaced is lost). */
function restored(dataDir: string, copy: string, settings: Parameters<typeof tempTerminal>[0]) {
  const restoredDir = join(dataDir, 'restored');
  mkdirSync(restoredDir);
  copyFileSync(copy, join(restoredDir, 'terminal.sqlite'));
  return tempTerminal({ ...settings, dataDir: restoredDir }, { sync: FAST_SYNC, stateTimers: false, backups: false });
}

describe('a database put back from a copy', () => {
  it('sends an order created before the copy and sent after it, then edited, without a reused key: the server keeps one order, with the edit', async () => {
    const settings = { serverUrl: server.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! };
    const t = tempTerminal(settings, { sync: FAST_SYNC, stateTimers: false });
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    const copy = await t.terminal.backups!.backupNow();
    // After the copy, the create goes out (the copy still has it waiting, under the same key).
    t.terminal.sync.start();
    await drained(t);
    await t.terminal.shutdown();

    const r = restored(t.dataDir, copy, settings);
    try {
      await r.call('orders.addLine', { orderClientId: order.clientId, sku: 'B', name: 'B', qty: 1, unitPrice: 50 });
      r.terminal.sync.start();
      await drained(r);
      expect(outboxRows(r, order.clientId).map((op) => `${op.kind}:${op.state}`)).toEqual(['create:done', 'update:done']);
      const held = (await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: Array<{ clientId: string; lines: Array<{ sku: string }> }> };
      expect(held.orders.filter((o) => o.clientId === order.clientId).map((o) => o.lines.map((l) => l.sku))).toEqual([['A', 'B']]);
      expect((await r.call('orders.get', { orderClientId: order.clientId })).syncStatus).toBe('Synced');
      expect(outboxViolations(r.terminal.ctx.sqlite)).toEqual([]);
    } finally {
      await r.terminal.shutdown();
      r.cleanup();
      t.cleanup();
    }
  });

  it('does not ask to refund a customer for an order that may have been sold here after the copy', async () => {
    const settings = { serverUrl: server.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! };
    const t = tempTerminal(settings, { sync: FAST_SYNC, stateTimers: false });
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100 });
    const copy = await t.terminal.backups!.backupNow();
    // Sold after the copy, and on the server: then the file is lost, and the copy put back.
    await t.call('sales.complete', { orderClientId: order.clientId });
    t.terminal.sync.start();
    await drained(t);
    await t.terminal.shutdown();

    const r = restored(t.dataDir, copy, settings);
    try {
      await r.terminal.sync.puller.pullOnce();
      const local = await r.call('orders.get', { orderClientId: order.clientId });
      expect(local.syncStatus).toBe('Blocked');
      expect(local.blockedReason).toMatchObject({ code: 'server_final', params: { reason: 'done_after_restore', held: { minor: 100, currency: 'EUR' } } });
      expect(local.blockedReason!.message).toMatch(/may have been sold here after that copy\. Check the receipts before refunding the €1\.00 held here$/);
      expect(syncProblemText(i18nFor('es'), local.blockedReason!)).toMatch(/^El pedido se completó en el servidor, y este terminal arrancó desde la copia de seguridad del .+: pudo venderse aquí/);
      // The money stays on record here; nothing is sent.
      expect(local.transactions.map((tx) => tx.amount)).toEqual([100]);
    } finally {
      await r.terminal.shutdown();
      r.cleanup();
      t.cleanup();
    }
  });

  it('sends the deletion of an order whose create the copy holds as refused: the staff may have retried it since', async () => {
    const settings = { serverUrl: server.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! };
    const t = tempTerminal(settings, { sync: FAST_SYNC, stateTimers: false });
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
    t.terminal.ctx.sqlite.prepare('update orders set total = total + 1 where client_id = ?').run(order.clientId);
    t.terminal.sync.start();
    await drained(t);
    expect(outboxRows(t, order.clientId).map((op) => `${op.kind}:${op.state}`)).toEqual(['create:failed']);
    const copy = await t.terminal.backups!.backupNow();
    await t.terminal.shutdown();

    const r = restored(t.dataDir, copy, settings);
    try {
      await r.call('orders.delete', { orderClientId: order.clientId });
      expect(outboxRows(r, order.clientId).map((op) => `${op.kind}:${op.state}`)).toEqual(['create:failed', 'delete:pending']);
      expect(outboxViolations(r.terminal.ctx.sqlite)).toEqual([]);
    } finally {
      await r.terminal.shutdown();
      r.cleanup();
      t.cleanup();
    }
  });
});
