import { describe, expect, it } from 'vitest';
import { MAX_LINE_QTY } from '../../common/entities.ts';
import { parseQuantity, splitMultiplier } from './quantity-input.ts';

describe('parseQuantity', () => {
  it.each([
    ['24', 24],
    [' 3 ', 3],
    ['007', 7],
    ['1', 1],
    [String(MAX_LINE_QTY), MAX_LINE_QTY],
  ])('reads %j as %i', (text, qty) => {
    expect(parseQuantity(text)).toBe(qty);
  });

  it.each([[''], ['0'], ['-2'], ['2.5'], ['2,5'], ['1e3'], ['abc'], ['12 4'], [String(MAX_LINE_QTY + 1)], ['99999999']])('refuses %j', (text) => {
    expect(parseQuantity(text)).toBeNull();
  });
});

describe('splitMultiplier', () => {
  it.each([
    ['COF-250', 1, 'COF-250'],
    ['  sandw ', 1, 'sandw'],
    ['12*2000000000077', 12, '2000000000077'],
    ['3 * tea-100', 3, 'tea-100'],
    ['24*', 24, ''],
    ['0*COF-250', null, 'COF-250'],
    ['2.5*COF-250', null, 'COF-250'],
    ['x*COF-250', null, 'COF-250'],
  ])('reads %j as %s × %j', (text, qty, code) => {
    expect(splitMultiplier(text)).toEqual({ qty, code });
  });
});
