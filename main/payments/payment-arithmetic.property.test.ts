import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';

/**
 * The payment arithmetic through the real services (IPC dispatcher, SQLite): for any sequence of
 * line edits, payments and refunds, balance = total − Σ amounts in whole cents, non-cash never
 * overpays, and a sale completes exactly when the balance is zero on an order worth something.
 */
type Step =
  | { kind: 'add'; qty: number; price: number; discount: number }
  | { kind: 'qty'; pick: number; qty: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'pay'; method: 'cash' | 'card' | 'cheque' | 'giftcard' | 'other'; share: number; extra: number }
  | { kind: 'refund'; pick: number; share: number }
  | { kind: 'sell' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), qty: fc.integer({ min: 1, max: 5 }), price: fc.integer({ min: 0, max: 5000 }), discount: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant('qty' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pay' as const), method: fc.constantFrom('cash', 'card', 'cheque', 'giftcard', 'other'), share: fc.double({ min: 0.01, max: 1.3, noNaN: true }), extra: fc.integer({ min: 0, max: 2000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
  fc.constant({ kind: 'sell' as const }),
);

let t: TempTerminal;
beforeAll(() => {
  t = tempTerminal();
});
afterAll(() => t.cleanup());

describe('payment arithmetic through the services (property)', () => {
  it('holds for any sequence of line edits, payments, refunds and sale attempts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        let order = await t.call('orders.create', {});
        const id = order.clientId;
        for (const s of steps) {
          if (order.status === 'Done') break;
          const before = order;
          let result;
          switch (s.kind) {
            case 'add':
              result = await t.terminal.dispatch('orders.addLine', { orderClientId: id, sku: 'P', name: 'P', qty: s.qty, unitPrice: s.price, discount: Math.min(s.discount, s.qty * s.price) });
              break;
            case 'qty': {
              const line = order.lines[s.pick % Math.max(1, order.lines.length)];
              if (line) result = await t.terminal.dispatch('orders.updateLine', { orderClientId: id, lineId: line.lineId, qty: Math.max(s.qty, Math.ceil(line.discount / Math.max(1, line.unitPrice))) });
              break;
            }
            case 'remove': {
              const line = order.lines[s.pick % Math.max(1, order.lines.length)];
              if (line) result = await t.terminal.dispatch('orders.removeLine', { orderClientId: id, lineId: line.lineId });
              break;
            }
            case 'pay': {
              const amount = Math.max(1, Math.round(order.balance * s.share));
              result = await t.terminal.dispatch('payments.record', { orderClientId: id, method: s.method, amount, ...(s.method === 'cash' ? { tendered: amount + s.extra } : {}) });
              if (result.ok) {
                const tx = (result.value as typeof order).transactions.at(-1)!;
                expect(tx.amount).toBe(amount);
                if (s.method === 'cash') expect(tx.change).toBe(s.extra);
              } else {
                // Refused only when it would overpay or nothing is due.
                expect(amount > order.balance || order.balance <= 0).toBe(true);
              }
              break;
            }
            case 'refund': {
              const payments = order.transactions.filter((x) => x.amount > 0);
              const payment = payments[s.pick % Math.max(1, payments.length)];
              if (!payment) break;
              const amount = Math.max(1, Math.round(payment.amount * s.share));
              result = await t.terminal.dispatch('payments.refund', { orderClientId: id, txId: payment.txId, amount });
              // Refused exactly when it asks back more than is left of the payment (what the view shows).
              expect(result.ok).toBe(amount <= payment.refundable);
              break;
            }
            case 'sell':
              result = await t.terminal.dispatch('sales.complete', { orderClientId: id });
              expect(result.ok).toBe(before.balance === 0 && before.total > 0);
              break;
          }
          order = await t.call('orders.get', { orderClientId: id });
          const sum = order.transactions.reduce((a, x) => a + x.amount, 0);
          expect(order.balance).toBe(order.total - sum);
          expect(order.total).toBe(order.lines.reduce((a, l) => a + l.qty * l.unitPrice - l.discount, 0));
          // What is left of each payment to give back is its amount less the refunds that name it.
          for (const x of order.transactions) {
            const back = order.transactions.filter((r) => r.refundOf === x.txId).reduce((a, r) => a + r.amount, 0);
            expect(x.refundable).toBe(x.amount > 0 ? x.amount + back : 0);
            expect(x.refundable).toBeGreaterThanOrEqual(0);
            if (x.amount < 0) expect(order.transactions.find((p) => p.txId === x.refundOf)?.amount).toBeGreaterThan(0);
          }
          for (const value of [order.balance, order.total, order.paid, ...order.transactions.map((x) => x.amount)]) {
            expect(Number.isSafeInteger(value)).toBe(true);
          }
          // No payment ever took the order above what was due when it was taken.
          if (result && !result.ok) expect(order.transactions).toEqual(before.transactions);
          if (order.status === 'Done') expect(order.balance).toBe(0);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
