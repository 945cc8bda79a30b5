import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../common/ids.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { BLOCKED_COUNT_SQL, BLOCKED_SQL, FINISHED_SEARCH_WINDOW } from './order-lists.ts';

let t: TempTerminal;
beforeEach(() => {
  t = tempTerminal();
});
afterEach(() => t.cleanup());

const coffee = { sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 250 };

/** Rings up and sells an order for `customer`; returns it as sold. */
async function sell(customer: string) {
  const order = await t.call('orders.create', { lines: [coffee], customer: { name: customer, phone: '600 123 456' } });
  await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 250 });
  return t.call('sales.complete', { orderClientId: order.clientId });
}

describe('active orders searched by number', () => {
  it('finds the order numbered 4 by "4", "#4" or its label in any language, first; a digit does not match every client id', async () => {
    const { sqlite } = t.terminal.ctx;
    const orders = [];
    for (let i = 0; i < 12; i++) orders.push(await t.call('orders.create', { lines: [coffee] }));
    // The server numbered them 1…12 (newest last), and one customer's phone has a 4 in it.
    orders.forEach((o, i) => sqlite.prepare('update orders set server_id = ? where client_id = ?').run(i + 1, o.clientId));
    const phone = await t.call('orders.create', { customer: { name: 'Ana', phone: '600 444 000' } });
    const four = orders[3]!.clientId;
    const ids = async (search: string) => (await t.call('orders.listActive', { search })).map((o) => o.clientId);
    for (const typed of ['4', '#4', ' # 4 ', 'Order #4', 'order #4', 'Заказ №4', 'Pedido n.º 4']) {
      expect(await ids(typed), typed).toEqual([four, phone.clientId]);
    }
    expect(await ids('12')).toEqual([orders[11]!.clientId]);
  });

  it('finds an order not yet numbered by the end of its client id shown (4 characters or more) or the whole id, not by its start', async () => {
    const a = await t.call('orders.create', {});
    const b = await t.call('orders.create', {});
    const ids = async (search: string) => (await t.call('orders.listActive', { search })).map((o) => o.clientId);
    const shown = b.clientId.slice(-6).toUpperCase();
    expect(await ids(shown)).toEqual([b.clientId]);
    expect(await ids(`Order #${shown}`)).toEqual([b.clientId]);
    expect(await ids(shown.slice(-4))).toEqual([b.clientId]);
    expect(await ids(b.clientId)).toEqual([b.clientId]);
    // The start of a UUID v7 is the time it was made: every order of the day shares it.
    expect(a.clientId.slice(0, 4)).toBe(b.clientId.slice(0, 4));
    expect(await ids(b.clientId.slice(0, 4))).toEqual([]);
    // Fewer characters than four of its end match no client id (most orders would share them).
    expect(await ids(shown.slice(-3))).not.toContain(b.clientId);
  });
});

describe('orders blocked with nothing to send', () => {
  it('lists an order Blocked with no operation open, with why; not one whose operation the outbox shows, nor one synced', async () => {
    const { sqlite, stores } = t.terminal.ctx;
    const held = await t.call('orders.create', { lines: [coffee] });
    await t.call('payments.record', { orderClientId: held.clientId, method: 'cash', amount: 250 });
    const waiting = await t.call('orders.create', { lines: [coffee] });
    await t.call('orders.create', { lines: [coffee] });
    // The server deleted `held` while its money is here: nothing is left to send for it.
    const reason = { code: 'server_final', params: { reason: 'deleted_held', held: { minor: 250, currency: 'EUR' } }, message: 'deleted on the server while 2.50 is held' };
    sqlite.prepare(`update outbox set state = 'done' where order_client_id = ?`).run(held.clientId);
    stores.orders.setSyncStatus(held.clientId, 'Blocked', reason);
    stores.orders.setSyncStatus(waiting.clientId, 'Blocked', reason);
    const listed = await t.call('orders.listBlocked', {});
    expect(listed.map((o) => o.clientId)).toEqual([held.clientId]);
    expect(listed[0]).toMatchObject({ syncStatus: 'Blocked', paid: 250, blockedReason: { code: 'server_final', params: { reason: 'deleted_held' } } });
    // Found through the partial index of Blocked orders, not by reading every order kept.
    const plan = sqlite.prepare(`explain query plan ${BLOCKED_SQL}`).all(5);
    expect(plan.map((r) => (r as { detail: string }).detail).join(' | ')).toContain('orders_blocked_idx');
    const countPlan = sqlite.prepare(`explain query plan ${BLOCKED_COUNT_SQL}`).all();
    expect(countPlan.map((r) => (r as { detail: string }).detail).join(' | ')).toContain('orders_blocked_idx');
    // The sync tab's count of what needs the staff reads them with the sync status.
    expect((await t.call('sync.status', {})).blockedOrders).toBe(1);
  });
});

describe('finished orders', () => {
  it('lists sold and deleted orders newest first, with the receipt number of the sale; the active list keeps the others', async () => {
    const sold = await sell('Ana García');
    const deleted = await t.call('orders.create', { lines: [coffee] });
    await t.call('orders.delete', { orderClientId: deleted.clientId });
    const open = await t.call('orders.create', { lines: [coffee] });

    const finished = await t.call('orders.listFinished', {});
    expect(finished.map((o) => [o.clientId, o.status, o.receiptNo])).toEqual([
      [deleted.clientId, 'Deleted', null],
      [sold.clientId, 'Done', sold.sale!.receiptNo],
    ]);
    expect(finished[1]).toMatchObject({ total: 250, paid: 250, balance: 0, customerName: 'Ana García', lineCount: 1 });
    expect((await t.call('orders.listActive', {})).map((o) => o.clientId)).toEqual([open.clientId]);
    expect(await t.call('orders.listFinished', { limit: 1 })).toHaveLength(1);
  });

  it('finds a sale by part of its receipt number, the customer, or the order number shown; wildcards are taken literally', async () => {
    const ana = await sell('Ana García');
    const bo = await sell('Bo Smith');
    const ids = async (search: string) => (await t.call('orders.listFinished', { search })).map((o) => o.clientId);
    expect(bo.sale!.receiptNo).toMatch(/-0*2$/);
    expect(await ids(bo.sale!.receiptNo)).toEqual([bo.clientId]);
    expect(await ids(bo.sale!.receiptNo.toLowerCase())).toEqual([bo.clientId]);
    expect(await ids(ana.sale!.receiptNo.slice(-6))).toEqual([ana.clientId]);
    expect(await ids('garcía')).toEqual([ana.clientId]);
    expect(await ids('Garcia')).toEqual([ana.clientId]); // accents and case aside
    expect(await ids('123 4')).toEqual([bo.clientId, ana.clientId]);
    expect(await ids(bo.clientId.slice(-6).toUpperCase())).toEqual([bo.clientId]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('Carla')).toEqual([]);
  });

  it(`looks for a part of a name among the newest ${FINISHED_SEARCH_WINDOW} finished orders, and finds older ones by their exact receipt or order number`, async () => {
    const old = await sell('Olga Ivanova');
    const { sqlite } = t.terminal.ctx;
    sqlite.prepare('update orders set server_id = 987654321 where client_id = ?').run(old.clientId);
    // A busy shop's later sales, written straight to the table (their content does not matter here).
    const later = sqlite.prepare(
      `insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, created_at, updated_at)
       values (?, 0, 1, 'Done', 'Charged', 'EUR', 100, 1, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < FINISHED_SEARCH_WINDOW; i++) {
        const at = new Date(Date.now() + 60_000 + i).toISOString();
        later.run(uuidv7(), at, at);
      }
    })();
    const ids = async (search: string) => (await t.call('orders.listFinished', { search })).map((o) => o.clientId);
    expect(await ids('Olga')).toEqual([]);
    expect(await ids(old.sale!.receiptNo.toLowerCase())).toEqual([old.clientId]);
    expect(await ids('987654321')).toEqual([old.clientId]);
    expect(await ids('#987654321')).toEqual([old.clientId]);
    const newest = await t.call('orders.listFinished', {});
    expect(newest).toHaveLength(50);
    expect(newest.map((o) => o.createdAt)).toEqual(newest.map((o) => o.createdAt).sort().reverse());
  });
});
