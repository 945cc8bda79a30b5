import { describe, expect, it } from 'vitest';
import { cashProblem, currencyCode, formatMoney, lineAmountProblem, minorAmount, minorDigits, orderTotal, sumMinor } from './money.ts';

describe('money', () => {
  it('formats minor units through Intl with the currency digits', () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(1250, 'JPY', 'en')).toBe('¥1,250');
    expect(formatMoney(-5, 'USD', 'en')).toBe('-$0.05');
    expect(minorDigits('BHD')).toBe(3);
  });

  it('takes the minor digits from ISO 4217, not from the locale data, so every process agrees', () => {
    // CLDR writes IQD and HUF without decimals; ISO 4217 (what amounts are counted in) does not.
    expect(['IQD', 'HUF', 'IDR', 'JPY', 'KWD', 'EUR'].map(minorDigits)).toEqual([3, 2, 2, 0, 3, 2]);
    expect(minorDigits('XYZ')).toBeUndefined();
    expect(minorDigits('constructor')).toBeUndefined();
  });

  it('shows exactly the currency’s minor digits', () => {
    expect(formatMoney(1234, 'IQD', 'en')).toMatch(/^IQD\s1\.234$/);
    expect(formatMoney(123456, 'HUF', 'en')).toMatch(/^HUF\s1,234\.56$/);
    expect(formatMoney(1234, 'KWD', 'es')).toMatch(/^1,234\sKWD$/);
  });

  it('sums only whole minor units', () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(() => sumMinor([1, 0.5])).toThrow(/not an amount/);
    // Rounded past 2^53 on the way, then brought back: a plausible 1 unless every step is checked.
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 2, -Number.MAX_SAFE_INTEGER])).toThrow(/overflows/);
    expect(orderTotal([{ qty: 3, unitPrice: 199, discount: 50 }, { qty: 1, unitPrice: 1, discount: 0 }])).toBe(548);
  });

  it('refuses a line worth more than MAX_MINOR or discounted below zero', () => {
    expect(lineAmountProblem({ qty: 2, unitPrice: 250, discount: 500 })).toBeNull();
    expect(lineAmountProblem({ qty: 2, unitPrice: 250, discount: 501 })).toMatchObject({ code: 'discount_too_large', field: 'discount' });
    expect(lineAmountProblem({ qty: 3, unitPrice: 5_000_000_000_000, discount: 0 })).toMatchObject({ code: 'amount_too_large' });
  });

  it('checks cash handed over against the amount: enough tendered, change exactly the difference, none for other methods', () => {
    const cash = (tendered: number | null, change: number | null) => cashProblem({ method: 'cash', amount: 730, tendered, change });
    expect(cash(1000, 270)).toBeNull();
    expect(cash(1000, null)).toBeNull();
    expect(cash(null, null)).toBeNull();
    expect(cash(100, 5000)?.field).toBe('tendered');
    expect(cash(1000, 5000)?.field).toBe('change');
    expect(cash(null, 270)?.field).toBe('change');
    expect(cashProblem({ method: 'card', amount: 730, tendered: 730, change: 0 })?.field).toBe('tendered');
    expect(cashProblem({ method: 'card', amount: 730, tendered: null, change: null })).toBeNull();
  });

  it('validates amounts and currencies with field-naming messages', () => {
    expect(minorAmount.safeParse(1.5).error?.issues[0]?.message).toMatch(/no fractions of a cent/);
    expect(minorAmount.safeParse(Number.NaN).success).toBe(false);
    expect(minorAmount.safeParse(1e15).success).toBe(false);
    expect(currencyCode.safeParse('EUR').success).toBe(true);
    expect(currencyCode.safeParse('eur').success).toBe(false);
    expect(currencyCode.safeParse('XYZ').success).toBe(false);
  });
});
