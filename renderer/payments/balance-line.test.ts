import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../common/entities.ts';
import { languages, translate } from '../i18n.ts';
import { balanceLine } from './balance-line.ts';

type Money = Pick<OrderView, 'status' | 'finalOnServer' | 'paid' | 'balance'>;
const order = (over: Partial<Money>): Money => ({ status: 'InProgress', finalOnServer: null, paid: 0, balance: 0, ...over });

describe('the payment panel’s balance line', () => {
  it('a sold order, paid in full, says so rather than a remaining balance of nothing', () => {
    expect(balanceLine(order({ status: 'Done', paid: 1250, balance: 0 }))).toEqual({ kind: 'paidInFull' });
  });

  it('an open order shows what remains, even once paid in full (its sale is still to complete), or what is owed back', () => {
    expect(balanceLine(order({ paid: 500, balance: 750 }))).toEqual({ kind: 'remaining', amount: 750 });
    expect(balanceLine(order({ paid: 1250, balance: 0 }))).toEqual({ kind: 'remaining', amount: 0 });
    expect(balanceLine(order({ status: 'InDelivery', paid: 1940, balance: -690 }))).toEqual({ kind: 'refundDue', amount: 690 });
    // Nothing on it yet, nothing paid: not "paid in full".
    expect(balanceLine(order({ status: 'Done', paid: 0, balance: 0 }))).toEqual({ kind: 'remaining', amount: 0 });
  });

  it('a Done order that does not hold its total shows what remains, not paid in full', () => {
    expect(balanceLine(order({ status: 'Done', paid: 0, balance: 590 }))).toEqual({ kind: 'remaining', amount: 590 });
  });

  it('a deleted order, or one made final by the server, owes nothing: what it still holds is due back', () => {
    expect(balanceLine(order({ status: 'Deleted', paid: 200, balance: 0 }))).toEqual({ kind: 'refundDue', amount: 200 });
    expect(balanceLine(order({ status: 'Deleted', paid: 0, balance: 0 }))).toBeNull();
    expect(balanceLine(order({ finalOnServer: 'Deleted', paid: 200, balance: 390 }))).toEqual({ kind: 'refundDue', amount: 200 });
    expect(balanceLine(order({ status: 'Done', finalOnServer: 'Done', paid: 0, balance: 0 }))).toBeNull();
  });

  it.each(languages)('"paid in full" has its own words in %s', (lang) => {
    expect(translate(lang, 'pay.paidInFull')).not.toBe(translate(lang, 'pay.remaining'));
    expect(translate(lang, 'pay.paidInFull')).toMatch(/\S/);
  });
});
