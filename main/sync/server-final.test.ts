import { afterEach, describe, expect, it } from 'vitest';
import { strings } from '../../renderer/i18n.ts';
import { syncProblemText } from '../../renderer/shared/error-text.ts';
import { i18nFor } from '../../renderer/use-i18n.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { doubleSaleReason, serverFinalReason } from './server-final.ts';
import { otherOrderAnswer, serverFinal, soldElsewhere } from './sync-problems.ts';

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

  it('counts a charge whose outcome is unknown: reconcile it first, the money kept on record', async () => {
    t = tempTerminal();
    const order = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 250 }] });
    const { ctx } = t.terminal;
    ctx.stores.payments.insertAttempt({ attemptId: '01a20000-0000-7000-8000-000000000001', orderClientId: order.clientId, method: 'card', amount: 200, reference: null, now: new Date().toISOString() });
    expect(serverFinalReason(ctx, order.clientId, 'Deleted', 0)).toEqual({
      code: 'server_final',
      params: { reason: 'deleted_unresolved', unresolved: { minor: 200, currency: 'EUR' } },
      message: 'the order was deleted on the server while a charge of €2.00 made here is unresolved: reconcile it, and refund here what it took; the money is kept on record',
    });
    expect(serverFinalReason(ctx, order.clientId, 'Done', 0).params).toMatchObject({ reason: 'done_unresolved' });
    // Money held as well: the money held is what the staff refund first.
    expect(serverFinalReason(ctx, order.clientId, 'Deleted', 50).params).toMatchObject({ reason: 'deleted_held' });
  });
});

describe('the words of the problems the sync engine adds for orders the server made final or sold elsewhere', () => {
  it('has them in every language', () => {
    const eur = (minor: number) => ({ minor, currency: 'EUR' });
    const problems = [
      serverFinal('Deleted', eur(0), undefined, eur(100)),
      serverFinal('Done', eur(0), undefined, eur(100)),
      soldElsewhere(),
      soldElsewhere(eur(100)),
      otherOrderAnswer('create', 4242, '01900000-0000-7000-8000-000000000011'),
    ];
    for (const problem of problems) {
      const key = `syncProblem.${problem.code}.${String(problem.params?.reason)}`;
      expect(Object.hasOwn(strings.en, key), key).toBe(true);
      for (const lang of ['en', 'ru', 'es'] as const) {
        const text = syncProblemText(i18nFor(lang), problem);
        if (lang !== 'en') expect(text, `${lang} ${key}`).not.toBe(problem.message);
        expect(text, `${lang} ${key}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(syncProblemText(i18nFor('es'), soldElsewhere())).toBe('Otro terminal vendió este pedido: la eliminación hecha aquí no se aplicó; queda el pedido del servidor.');
    expect(syncProblemText(i18nFor('en'), otherOrderAnswer('create', 4242, 'x'))).toBe('Create order: the server answered with order #4242, not this one; nothing of its answer was taken.');
  });
});
