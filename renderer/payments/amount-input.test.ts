import { describe, expect, it } from 'vitest';
import { decimalSeparator } from '../../common/money.ts';
import { applyKey, cashTaken, minorToMajorInput, parseMajorAmount, readMajorAmount } from './amount-input.ts';

describe('parseMajorAmount', () => {
  it.each([
    ['12.50', 2, 1250],
    ['12,5', 2, 1250],
    ['0.29', 2, 29],
    ['1.005', 3, 1005],
    ['  7 ', 2, 700],
    ['10.', 2, 1000],
    ['1250', 0, 1250],
    ['0', 2, 0],
    ['.5', 2, 50],
  ])('reads %j with %i minor digits as %i minor units', (text, digits, minor) => {
    expect(parseMajorAmount(text, digits)).toBe(minor);
  });

  it.each([['1.234'], ['-1'], ['1e3'], ['abc'], [''], ['.'], ['-.5'], ['1.2.3'], ['12 50'], ['99999999999999']])('refuses %j', (text) => {
    expect(parseMajorAmount(text, 2)).toBeNull();
  });

  it('reads a three-digit fraction only after the UI language’s own separator: the other could be grouping thousands', () => {
    // KWD and BHD have three minor digits: "1,500" typed in English may mean one thousand five hundred.
    expect(parseMajorAmount('1,500', 3, '.')).toBeNull();
    expect(parseMajorAmount('1.500', 3, '.')).toBe(1500);
    expect(parseMajorAmount('1.500', 3, ',')).toBeNull();
    expect(parseMajorAmount('1,500', 3, ',')).toBe(1500);
    // Two digits or fewer after either can only be a fraction.
    expect(parseMajorAmount('1,50', 3, '.')).toBe(1500);
    expect(parseMajorAmount('12,5', 2, '.')).toBe(1250);
    expect(parseMajorAmount(',500', 3, '.')).toBe(500);
  });

  it('refuses a fraction for a currency without minor units', () => {
    expect(parseMajorAmount('12.5', 0)).toBeNull();
  });

  it('is exact where float arithmetic is not', () => {
    for (let cents = 0; cents < 10_000; cents += 7) {
      expect(parseMajorAmount(minorToMajorInput(cents, 2), 2)).toBe(cents);
    }
  });
});

describe('readMajorAmount says why an amount is refused', () => {
  it.each([
    ['1,5', 0, '.', 'no_fraction'],
    ['1.5', 0, '.', 'no_fraction'],
    ['1,50', 0, ',', 'no_fraction'],
    ['1.234', 2, '.', 'too_many_decimals'],
    ['1,234', 2, ',', 'too_many_decimals'],
    ['0.0001', 3, '.', 'too_many_decimals'],
    // The separator the UI language does not use, before three digits: perhaps thousands.
    ['1,500', 2, '.', 'grouping'],
    ['1,500', 0, '.', 'grouping'],
    ['1.500', 3, ',', 'grouping'],
    ['-1', 2, '.', 'negative'],
    ['- 5,50', 2, ',', 'negative'],
    ['−3', 2, '.', 'negative'],
    ['99999999999999', 2, '.', 'too_large'],
    ['123456789012345', 2, '.', 'too_large'],
    ['abc', 2, '.', 'not_a_number'],
    ['1e3', 2, '.', 'not_a_number'],
    ['1.2.3', 2, '.', 'not_a_number'],
    ['12 50', 2, '.', 'not_a_number'],
    ['.', 2, '.', 'not_a_number'],
    ['-', 2, '.', 'not_a_number'],
  ] as const)('%j with %i minor digits (separator %j): %s', (text, digits, separator, refusal) => {
    expect(readMajorAmount(text, digits, separator)).toEqual({ ok: false, refusal });
    expect(parseMajorAmount(text, digits, separator)).toBeNull();
  });

  it('gives the amount it reads', () => {
    expect(readMajorAmount('12,5', 2, '.')).toEqual({ ok: true, minor: 1250 });
    expect(readMajorAmount('1250', 0, '.')).toEqual({ ok: true, minor: 1250 });
    expect(readMajorAmount('1.500', 3, '.')).toEqual({ ok: true, minor: 1500 });
  });
});

describe('minorToMajorInput', () => {
  it.each([
    [1250, 2, '12.50'],
    [5, 2, '0.05'],
    [-300, 2, '-3.00'],
    [1250, 0, '1250'],
  ])('writes %i (%i digits) as %j', (minor, digits, text) => {
    expect(minorToMajorInput(minor, digits)).toBe(text);
  });
});

describe('the decimal separator of the UI language', () => {
  it.each([
    ['en', '.'],
    ['ru', ','],
    ['es', ','],
  ])('in %s the keypad writes %j and amounts are pre-filled with it, and read back', (locale, separator) => {
    expect(decimalSeparator(locale)).toBe(separator);
    const typed = ['1', '2', 'decimal', '5'].reduce((text, key) => applyKey(text, key, 2, separator), '');
    expect(typed).toBe(`12${separator}5`);
    expect(parseMajorAmount(typed, 2, separator)).toBe(1250);
    expect(minorToMajorInput(590, 2, separator)).toBe(`5${separator}90`);
    expect(parseMajorAmount(minorToMajorInput(590, 2, separator), 2, separator)).toBe(590);
  });
});

describe('applyKey', () => {
  it('types an amount key by key', () => {
    const typed = ['1', '2', 'decimal', '5', '0', '9'].reduce((text, key) => applyKey(text, key, 2), '');
    expect(typed).toBe('12.50');
  });
  it('starts a fraction with a leading zero and allows one separator', () => {
    expect(applyKey('', 'decimal', 2)).toBe('0.');
    expect(applyKey('1.2', 'decimal', 2)).toBe('1.2');
    expect(applyKey('1,2', 'decimal', 2, ',')).toBe('1,2');
    expect(applyKey('12', 'decimal', 0)).toBe('12');
  });
  it('deletes and clears', () => {
    expect(applyKey('12.5', 'back', 2)).toBe('12.');
    expect(applyKey('12.5', 'clear', 2)).toBe('');
  });
  it('does not grow leading zeros', () => {
    expect(applyKey('0', '0', 2)).toBe('0');
    expect(applyKey('0', '7', 2)).toBe('7');
  });
});

describe('cashTaken', () => {
  it('takes cash typed above the balance as the balance, the typed sum handed over', () => {
    expect(cashTaken(true, 2000, undefined, 1250)).toEqual({ amount: 1250, tendered: 2000 });
  });
  it('takes what was typed otherwise: up to the balance, another method, a sum handed over typed apart, nothing due', () => {
    expect(cashTaken(true, 1250, undefined, 1250)).toEqual({ amount: 1250, tendered: undefined });
    expect(cashTaken(false, 2000, undefined, 1250)).toEqual({ amount: 2000, tendered: undefined });
    expect(cashTaken(true, 2000, 5000, 1250)).toEqual({ amount: 2000, tendered: 5000 });
    expect(cashTaken(true, 2000, undefined, -300)).toEqual({ amount: 2000, tendered: undefined });
    expect(cashTaken(true, null, undefined, 1250)).toEqual({ amount: null, tendered: undefined });
  });
});
