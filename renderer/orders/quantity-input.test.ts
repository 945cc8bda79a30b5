import { describe, expect, it } from 'vitest';
import { MAX_LINE_QTY } from '../../common/entities.ts';
import { parseQuantity } from './quantity-input.ts';

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
