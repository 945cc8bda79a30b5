import { afterEach, describe, expect, it } from 'vitest';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { doubleSaleReason, serverFinalReason } from './server-final.ts';

let t: TempTerminal | undefined;
afterEach(() => t?.cleanup());

describe('serverFinalReason, doubleSaleReason', () => {
  it('names the money held in the order’s currency, and with none held says what taking the server’s order drops', async () => {
    t = tempTerminal();
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 250 }] });
    const { ctx } = t.terminal;
    const eur = (minor: number) => ({ minor, currency: 'EUR' });
    expect(serverFinalReason(ctx, order.clientId, 'Deleted', 250)).toEqual({
      code: 'server_final',
      params: { reason: 'deleted_held', held: eur(250) },
      message: 'the order was deleted on the server while this terminal holds €2.50 in payments; the money is kept on record here — refund it, or ask the back office',
    });
    expect(serverFinalReason(ctx, order.clientId, 'Done', 250)).toEqual({
      code: 'server_final',
      params: { reason: 'done_held', held: eur(250) },
      message: 'the order was completed elsewhere while this terminal holds €2.50 in payments: refund them here',
    });
    // Nothing held: no "€0.00 to refund", but what the staff can do.
    expect(serverFinalReason(ctx, order.clientId, 'Deleted', 0)).toEqual({
      code: 'server_final',
      params: { reason: 'deleted_unsent' },
      message: "the order was deleted on the server; the edits made here were not sent (Take the server's order to drop them)",
    });
    expect(serverFinalReason(ctx, order.clientId, 'Done', 0)).toEqual({
      code: 'server_final',
      params: { reason: 'done_unsent' },
      message: "the order was completed elsewhere; the edits made here were not sent (Take the server's order to drop them)",
    });
    // Another terminal's sale: the refund due, and the server's own words when it gave them.
    expect(doubleSaleReason(ctx, order.clientId, 100, 'sale exists')).toEqual({
      code: 'double_sale',
      params: { held: eur(100), detail: 'sale exists' },
      message: 'another terminal already sold this order: the customer may have paid twice — refund €1.00 here (sale exists)',
    });
  });
});
