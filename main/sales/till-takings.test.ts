import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { takingsGap, tillTakings } from './till-takings.ts';

describe('tillTakings (pure)', () => {
  it('gives one entry per currency, its methods in the payment panel’s order, and the net of all of them', () => {
    const summary = tillTakings(
      [
        { currency: 'EUR', method: 'giftcard', taken: 500, refunded: 0 },
        { currency: 'EUR', method: 'cash', taken: 1200, refunded: 300 },
        { currency: 'USD', method: 'card', taken: 900, refunded: 0 },
      ],
      [{ currency: 'EUR', sales: 2, sales_total: 1400, voided: 1 }],
    );
    expect(summary).toEqual([
      {
        currency: 'EUR',
        sales: 2,
        salesTotal: 1400,
        voidedSales: 1,
        methods: [
          { method: 'cash', taken: 1200, refunded: 300 },
          { method: 'giftcard', taken: 500, refunded: 0 },
        ],
        net: 1400,
        heldUnsold: 0,
        voidedNet: 0,
        paidOtherPeriod: 0,
      },
      { currency: 'USD', sales: 0, salesTotal: 0, voidedSales: 0, methods: [{ method: 'card', taken: 900, refunded: 0 }], net: 900, heldUnsold: 0, voidedNet: 0, paidOtherPeriod: 900 },
    ]);
    expect(tillTakings([], [])).toEqual([]);
  });
});

describe('takingsGap (pure)', () => {
  it('splits what the net holds beyond the sales: money on orders not sold, refunds on void sales, sales paid in another period', () => {
    // 5 sales of 89.90 and 2.00 paid towards an order not yet sold: 91.90 in the drawer.
    expect(takingsGap(9190, 8990, { unsold: 200, voided: 0 })).toEqual({ heldUnsold: 200, voidedNet: 0, paidOtherPeriod: 0 });
    // A sale voided today whose 4.00 was taken yesterday, and a sale of 10.00 half paid yesterday.
    expect(takingsGap(500 - 400, 1000, { unsold: 0, voided: -400 })).toEqual({ heldUnsold: 0, voidedNet: -400, paidOtherPeriod: -500 });
    // Nothing but sales: nothing to explain.
    expect(takingsGap(1250, 1250, undefined)).toEqual({ heldUnsold: 0, voidedNet: 0, paidOtherPeriod: 0 });
  });
});

describe('sales.takings', () => {
  let t: TempTerminal;
  beforeEach(() => {
    t = tempTerminal();
  });
  afterEach(() => t.cleanup());

  const period = (fromMs: number, toMs: number) => ({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
  const line = (unitPrice: number) => ({ sku: 'A', name: 'A', qty: 1, unitPrice });

  it('adds up what the drawer and the card terminal took: the amount of a cash payment (not what was handed over), refunds apart, open orders too', async () => {
    const a = await t.call('orders.create', { lines: [line(1000)] });
    await t.call('payments.record', { orderClientId: a.clientId, method: 'cash', amount: 1000, tendered: 2000 });
    await t.call('sales.complete', { orderClientId: a.clientId });
    const b = await t.call('orders.create', { lines: [line(700)] });
    await t.call('payments.record', { orderClientId: b.clientId, method: 'card', amount: 500 });
    await t.call('payments.record', { orderClientId: b.clientId, method: 'cash', amount: 200 });
    const soldB = await t.call('sales.complete', { orderClientId: b.clientId });
    const open = await t.call('orders.create', { lines: [line(900)] });
    await t.call('payments.record', { orderClientId: open.clientId, method: 'cash', amount: 300 });
    const deleted = await t.call('orders.create', { lines: [line(400)] });
    const paid = await t.call('payments.record', { orderClientId: deleted.clientId, method: 'cash', amount: 400 });
    await t.call('payments.refund', { orderClientId: deleted.clientId, txId: paid.transactions[0]!.txId, amount: 400 });
    await t.call('orders.delete', { orderClientId: deleted.clientId });
    // A sale voided since (the server would not take it): counted apart, not as a sale.
    t.terminal.ctx.stores.payments.voidSale(soldB.clientId, new Date().toISOString(), { code: 'test', message: 'test' });

    const now = Date.now();
    const takings = await t.call('sales.takings', period(now - 3_600_000, now + 3_600_000));
    expect(takings.currencies).toEqual([
      {
        currency: 'EUR',
        sales: 1,
        salesTotal: 1000,
        voidedSales: 1,
        methods: [
          { method: 'cash', taken: 1900, refunded: 400 },
          { method: 'card', taken: 500, refunded: 0 },
        ],
        net: 2000,
        // 300 on the open order (the deleted order's 400 was refunded); the voided sale's 700 not refunded yet.
        heldUnsold: 300,
        voidedNet: 700,
        paidOtherPeriod: 0,
      },
    ]);
    // The numbers add up: the net is what the orders hold.
    const held = await Promise.all([a, b, open, deleted].map((o) => t.call('orders.get', { orderClientId: o.clientId })));
    expect(held.reduce((sum, o) => sum + o.paid, 0)).toBe(2000);

    expect((await t.call('sales.takings', period(now - 7_200_000, now - 3_600_000))).currencies).toEqual([]);
  });

  it('puts a payment made half a second past the hour in that hour when the bounds are written without milliseconds', async () => {
    const at = Date.parse('2026-11-21T10:00:00.500Z');
    const pinned = tempTerminal({}, { clock: { now: () => at, iso: () => new Date(at).toISOString() } });
    try {
      const order = await pinned.call('orders.create', { lines: [line(500)] });
      await pinned.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 500 });
      await pinned.call('sales.complete', { orderClientId: order.clientId });
      const hour = async (from: string, to: string) => (await pinned.call('sales.takings', { from, to })).currencies;
      expect(await hour('2026-11-21T09:00:00Z', '2026-11-21T10:00:00Z')).toEqual([]);
      expect(await hour('2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z')).toEqual([
        { currency: 'EUR', sales: 1, salesTotal: 500, voidedSales: 0, methods: [{ method: 'cash', taken: 500, refunded: 0 }], net: 500, heldUnsold: 0, voidedNet: 0, paidOtherPeriod: 0 },
      ]);
    } finally {
      pinned.cleanup();
    }
  });

  it('refuses a period that ends before it starts, spans more than 31 days, or is not an ISO time, naming the field, and changes nothing', async () => {
    const before = snapshotDatabase(t.terminal);
    const now = Date.now();
    const refused = async (input: unknown) => {
      const result = await t.terminal.dispatch('sales.takings', input);
      expect(result.ok).toBe(false);
      return result.ok ? '' : `${result.error.code}: ${result.error.message}`;
    };
    expect(await refused(period(now, now - 1))).toMatch(/invalid_input: .*to: must be after from/);
    expect(await refused(period(now, now + 32 * 86_400_000))).toMatch(/to: must be at most 31 days after from/);
    expect(await refused({ from: 'today', to: new Date(now).toISOString() })).toMatch(/from: must be an ISO 8601 UTC time/);
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });
});
