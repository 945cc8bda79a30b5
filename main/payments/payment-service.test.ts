import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedPaymentDriver } from './driver-simulator.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';

let t: TempTerminal;
beforeEach(() => {
  t = tempTerminal();
});
afterEach(() => t.cleanup());

async function order(total = 1000) {
  return t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: total }] });
}

describe('payments', () => {
  it('takes split tenders in steps and records cash change', async () => {
    const o = await order(1000);
    await t.call('payments.record', { orderClientId: o.clientId, method: 'giftcard', amount: 300, reference: 'GC-1' });
    await t.call('payments.record', { orderClientId: o.clientId, method: 'cheque', amount: 200, reference: 'CHQ-9' });
    const paid = await t.call('payments.record', { orderClientId: o.clientId, method: 'cash', amount: 500, tendered: 2000 });
    expect(paid.balance).toBe(0);
    expect(paid.paid).toBe(1000);
    expect(paid.transactions.map((x) => [x.method, x.amount, x.tendered, x.change])).toEqual([
      ['giftcard', 300, null, null],
      ['cheque', 200, null, null],
      ['cash', 500, 2000, 1500],
    ]);
  });

  it('partial payment, then more lines raise the balance', async () => {
    const o = await order(1000);
    await t.call('payments.record', { orderClientId: o.clientId, method: 'cash', amount: 1000 });
    const more = await t.call('orders.addLine', { orderClientId: o.clientId, sku: 'B', name: 'B', qty: 2, unitPrice: 150 });
    expect(more.balance).toBe(300);
  });

  it('refuses a non-cash overpayment and records nothing', async () => {
    const o = await order(1000);
    const result = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1001 });
    // The amounts it names travel with it, for the UI to say it in the staff's language.
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'overpayment', params: { amount: { minor: 1001, currency: 'EUR' }, due: { minor: 1000, currency: 'EUR' } } },
    });
    expect(t.driver.received).toHaveLength(0);
    expect((await t.call('orders.get', { orderClientId: o.clientId })).transactions).toEqual([]);
  });

  it('a declined card records no payment', async () => {
    const o = await order(1000);
    t.driver.next('decline');
    const result = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'payment_declined' } });
    expect(result.ok || result.error.params).not.toHaveProperty('reason');
    const view = await t.call('orders.get', { orderClientId: o.clientId });
    expect(view.transactions).toEqual([]);
    expect(view.unresolvedAttempts).toEqual([]);
    // A gift card declined says so, as a gift card (its words: error.payment_declined.giftcard).
    t.driver.next('decline');
    const gift = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'giftcard', amount: 1000 });
    expect(gift).toMatchObject({ ok: false, error: { code: 'payment_declined', params: { reason: 'giftcard', detail: expect.any(String) } } });
  });

  it('a timed-out card charge is reconciled, never charged again', async () => {
    const o = await order(1000);
    t.driver.next('timeout-approved');
    const first = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1000 });
    // No answer in time: the refusal and the attempt say so with the time waited (for the staff's words).
    expect(first).toMatchObject({ ok: false, error: { code: 'payment_unknown', params: { reason: 'timeout', seconds: expect.any(Number) } } });
    const held = await t.call('orders.get', { orderClientId: o.clientId });
    expect(held.unresolvedAttempts).toMatchObject([{ state: 'unknown', amount: 1000, error: { code: 'no_answer', params: { seconds: expect.any(Number) }, message: expect.stringMatching(/^no answer from the card terminal within \d+ ms$/) } }]);
    // The unknown charge holds the balance: no second charge, no sale, no deletion.
    const again = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1000 });
    expect(again).toMatchObject({ ok: false, error: { code: 'nothing_to_pay', params: { reason: 'held', held: { minor: 1000, currency: 'EUR' } } } });
    expect(await t.terminal.dispatch('sales.complete', { orderClientId: o.clientId })).toMatchObject({ ok: false, error: { code: 'payment_unresolved' } });
    expect(await t.terminal.dispatch('orders.delete', { orderClientId: o.clientId })).toMatchObject({ ok: false, error: { code: 'payment_unresolved' } });
    expect(t.driver.received).toHaveLength(1);

    const reconciled = await t.call('payments.reconcile', { attemptId: held.unresolvedAttempts[0]!.attemptId });
    expect(reconciled.unresolvedAttempts).toEqual([]);
    expect(reconciled.transactions).toMatchObject([{ method: 'card', amount: 1000, reference: 'SIM-000001' }]);
    expect(reconciled.balance).toBe(0);
    expect(t.driver.received).toHaveLength(1);
    const sold = await t.call('sales.complete', { orderClientId: o.clientId });
    expect(sold.status).toBe('Done');
  });

  it('the demo card terminal answers by the amount: …13 declined, …14 no answer (approved when reconciled), others approved', async () => {
    t.cleanup();
    t = tempTerminal({}, { paymentDriver: new SimulatedPaymentDriver({ byAmount: true }) });
    const o = await order(2020);
    const declined = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 513 });
    expect(declined).toMatchObject({ ok: false, error: { code: 'payment_declined' } });
    const unanswered = await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'giftcard', amount: 514 });
    expect(unanswered).toMatchObject({ ok: false, error: { code: 'payment_unknown', params: { reason: 'timeout' } } });
    const held = await t.call('orders.get', { orderClientId: o.clientId });
    const reconciled = await t.call('payments.reconcile', { attemptId: held.unresolvedAttempts[0]!.attemptId });
    const approved = await t.call('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1506 });
    expect([reconciled.transactions.map((x) => x.amount), approved.transactions.map((x) => x.amount), approved.balance]).toEqual([[514], [514, 1506], 0]);
  });

  it('a timed-out charge that was in fact declined frees the balance after reconciling', async () => {
    const o = await order(1000);
    t.driver.next('timeout-declined');
    await t.terminal.dispatch('payments.record', { orderClientId: o.clientId, method: 'card', amount: 1000 });
    const attemptId = (await t.call('orders.get', { orderClientId: o.clientId })).unresolvedAttempts[0]!.attemptId;
    const result = await t.terminal.dispatch('payments.reconcile', { attemptId });
    expect(result).toMatchObject({ ok: false, error: { code: 'payment_declined' } });
    const paid = await t.call('payments.record', { orderClientId: o.clientId, method: 'cash', amount: 1000 });
    expect(paid.balance).toBe(0);
  });

  it('a charge cut off by a stop is unknown after restart', async () => {
    const o = await order(1000);
    t.terminal.ctx.stores.payments.insertAttempt({ attemptId: '01a20000-0000-7000-8000-000000000001', orderClientId: o.clientId, method: 'card', amount: 1000, reference: null, now: new Date().toISOString() });
    t.terminal.close();
    const again = tempTerminal({ dataDir: t.dataDir });
    const view = await again.call('orders.get', { orderClientId: o.clientId });
    again.terminal.close();
    expect(view.unresolvedAttempts).toMatchObject([{ state: 'unknown', error: { code: 'interrupted', message: 'the terminal stopped while the charge was in progress' } }]);
  });

  it('refunds a card payment through the driver, within what is left', async () => {
    const o = await order(1000);
    const paid = await t.call('payments.record', { orderClientId: o.clientId, method: 'card', amount: 600 });
    const txId = paid.transactions[0]!.txId;
    const refunded = await t.call('payments.refund', { orderClientId: o.clientId, txId, amount: 200 });
    expect(refunded.transactions.map((x) => [x.method, x.amount])).toEqual([
      ['card', 600],
      ['card', -200],
    ]);
    expect(t.driver.received.map((r) => [r.kind, r.amount])).toEqual([
      ['charge', 600],
      ['refund', 200],
    ]);
    expect(await t.terminal.dispatch('payments.refund', { orderClientId: o.clientId, txId, amount: 401 })).toMatchObject({
      ok: false,
      error: { code: 'over_refund' },
    });
  });
});
