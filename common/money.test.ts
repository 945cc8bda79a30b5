import { describe, expect, it } from 'vitest';
import { currencyCode, formatMoney, minorAmount, minorDigits, orderTotal, sumMinor } from './money.ts';

describe('money', () => {
  it('formats minor units through Intl with the currency digits', () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(1250, 'JPY', 'en')).toBe('¥1,250');
    expect(formatMoney(-5, 'USD', 'en')).toBe('-$0.05');
    expect(minorDigits('BHD')).toBe(3);
  });

  it('sums only whole minor units', () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(() => sumMinor([1, 0.5])).toThrow(/not an amount/);
    expect(orderTotal([{ qty: 3, unitPrice: 199, discount: 50 }, { qty: 1, unitPrice: 1, discount: 0 }])).toBe(548);
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
