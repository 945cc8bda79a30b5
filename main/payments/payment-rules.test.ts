import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { balanceOf, checkSaleAllowed, planPayment, planRefund, refundableOf, type Tender } from './payment-rules.ts';

const pay = (txId: string, amount: number, method: Tender['method'] = 'cash', refundOf: string | null = null): Tender => ({
  txId,
  method,
  amount,
  refundOf,
});

describe('planPayment', () => {
  it('records cash change when more is tendered than the amount', () => {
    expect(planPayment({ currency: 'EUR', total: 1000, tenders: [], reserved: 0, method: 'cash', amount: 1000, tendered: 2000 })).toEqual({
      amount: 1000,
      tendered: 2000,
      change: 1000,
    });
  });

  it('refuses any method above the balance due, naming the due amount', () => {
    for (const method of ['card', 'cash', 'cheque', 'giftcard', 'other'] as const) {
      expect(() => planPayment({ currency: 'EUR', total: 1000, tenders: [pay('a', 400)], reserved: 0, method, amount: 601 })).toThrow(/exceeds the balance due €6\.00/);
    }
  });

  it('holds unresolved charges against the balance, and says what they hold', () => {
    const refusal = (req: Omit<Parameters<typeof planPayment>[0], 'currency' | 'method'>) => {
      try {
        planPayment({ currency: 'EUR', method: 'card', ...req });
      } catch (error) {
        return error instanceof DomainError ? error.problem() : error;
      }
      return null;
    };
    expect(refusal({ total: 1000, tenders: [], reserved: 700, amount: 400 })).toMatchObject({
      code: 'overpayment',
      message: expect.stringMatching(/due €3\.00 \(€7\.00 is held by a charge awaiting an answer\)/),
      params: { reason: 'held', amount: { minor: 400 }, due: { minor: 300 }, held: { minor: 700 } },
    });
    // All that is due is held: nothing more can be taken, and the refusal names the held amount, not a balance of 0.
    expect(refusal({ total: 590, tenders: [], reserved: 590, amount: 590 })).toEqual({
      code: 'nothing_to_pay',
      message: 'nothing more can be taken: €5.90 is held by a charge awaiting an answer',
      params: { reason: 'held', held: { minor: 590, currency: 'EUR' } },
    });
    expect(refusal({ total: 500, tenders: [pay('a', 500)], reserved: 0, amount: 1 })).toMatchObject({ code: 'nothing_to_pay', params: { balance: { minor: 0 } } });
  });

  it('refuses tendered for non-cash and tendered below the amount', () => {
    expect(() => planPayment({ currency: 'EUR', total: 1000, tenders: [], reserved: 0, method: 'card', amount: 100, tendered: 200 })).toThrow(/cash only/);
    expect(() => planPayment({ currency: 'EUR', total: 1000, tenders: [], reserved: 0, method: 'cash', amount: 500, tendered: 400 })).toThrow(/less than the amount/);
  });

  it('refuses fractional, zero and negative amounts and a fully paid order', () => {
    for (const amount of [0.5, 0, -1, Number.NaN]) {
      expect(() => planPayment({ currency: 'EUR', total: 1000, tenders: [], reserved: 0, method: 'cash', amount })).toThrow(DomainError);
    }
    expect(() => planPayment({ currency: 'EUR', total: 500, tenders: [pay('a', 500)], reserved: 0, method: 'cash', amount: 1 })).toThrow(/nothing is due/);
  });
});

describe('refunds', () => {
  const tenders = [pay('p1', 600, 'card'), pay('p2', 400), pay('r1', -100, 'card', 'p1')];

  it('gives back at most what is left of the payment, through its method', () => {
    expect(refundableOf(tenders, 'p1')).toBe(500);
    expect(planRefund(tenders, 'p1', 500, 'EUR')).toEqual({ method: 'card', amount: -500 });
    expect(() => planRefund(tenders, 'p1', 501, 'EUR')).toThrow(/refund €5\.01 exceeds what is left of payment p1 \(€5\.00\)/);
    expect(() => planRefund(tenders, 'r1', 1, 'EUR')).toThrow(/is a refund/);
    expect(() => planRefund(tenders, 'nope', 1, 'EUR')).toThrow(/not on this order/);
  });
});

describe('checkSaleAllowed', () => {
  it('only at balance exactly zero, with a total and nothing unresolved', () => {
    expect(() => checkSaleAllowed(1000, [pay('a', 1000)], 0, 'EUR')).not.toThrow();
    expect(() => checkSaleAllowed(1000, [pay('a', 999)], 0, 'EUR')).toThrow(/€0\.01 still due/);
    expect(() => checkSaleAllowed(1000, [pay('a', 1200)], 0, 'EUR')).toThrow(/refund €2\.00/);
    expect(() => checkSaleAllowed(0, [], 0, 'EUR')).toThrow(/no value/);
    expect(() => checkSaleAllowed(1000, [pay('a', 1000)], 1, 'EUR')).toThrow(/unresolved/);
  });
});

describe('payment arithmetic (property)', () => {
  type Step = { kind: 'line'; delta: number } | { kind: 'pay'; method: Tender['method']; amount: number; extra: number } | { kind: 'refund'; pick: number; amount: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('line' as const), delta: fc.integer({ min: -5000, max: 20_000 }) }),
    fc.record({
      kind: fc.constant('pay' as const),
      method: fc.constantFrom('cash', 'card', 'cheque', 'giftcard', 'other'),
      amount: fc.integer({ min: 1, max: 30_000 }),
      extra: fc.integer({ min: 0, max: 5000 }),
    }),
    fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), amount: fc.integer({ min: 1, max: 30_000 }) }),
  );

  it('balance = total − Σ amounts in whole cents; non-cash never overpays; a sale only at zero', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let total = 0;
        const tenders: Tender[] = [];
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'line') {
            total = Math.max(0, total + s.delta);
          } else if (s.kind === 'pay') {
            const due = balanceOf(total, tenders);
            try {
              const plan = planPayment({ currency: 'EUR', total, tenders, reserved: 0, method: s.method, amount: s.amount, tendered: s.method === 'cash' ? s.amount + s.extra : undefined });
              expect(plan.amount).toBeLessThanOrEqual(due);
              if (plan.change !== null) expect(plan.change).toBe(s.extra);
              tenders.push(pay(`t${n++}`, plan.amount, s.method));
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect(s.amount > due || due <= 0).toBe(true);
            }
          } else {
            const payments = tenders.filter((t) => t.amount > 0);
            const target = payments[s.pick % Math.max(1, payments.length)];
            if (!target) continue;
            try {
              const plan = planRefund(tenders, target.txId, s.amount, 'EUR');
              tenders.push(pay(`t${n++}`, plan.amount, plan.method, target.txId));
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
            }
          }
          const balance = balanceOf(total, tenders);
          expect(Number.isSafeInteger(balance)).toBe(true);
          expect(balance).toBe(total - tenders.reduce((a, t) => a + t.amount, 0));
          for (const t of tenders.filter((x) => x.amount > 0)) expect(refundableOf(tenders, t.txId)).toBeGreaterThanOrEqual(0);
          let sold = true;
          try {
            checkSaleAllowed(total, tenders, 0, 'EUR');
          } catch {
            sold = false;
          }
          expect(sold).toBe(balance === 0 && total > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
