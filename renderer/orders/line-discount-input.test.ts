import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../common/money.ts';
import { readMajorAmount } from '../payments/amount-input.ts';
import { amountRefusalText } from '../payments/amount-refusal-text.ts';
import { i18nFor } from '../use-i18n.ts';
import { readLineDiscount } from './line-discount-input.ts';

const en = i18nFor('en');

describe('a line discount typed at the counter', () => {
  it('is the amount off in minor units; empty or 0 takes the discount off', () => {
    expect(readLineDiscount(en, '2.50', 1250, 'EUR')).toEqual({ value: 250 });
    expect(readLineDiscount(en, '12.50', 1250, 'EUR')).toEqual({ value: 1250 });
    expect(readLineDiscount(en, '', 1250, 'EUR')).toEqual({ value: 0 });
    expect(readLineDiscount(en, '  ', 1250, 'EUR')).toEqual({ value: 0 });
    expect(readLineDiscount(en, '0', 1250, 'EUR')).toEqual({ value: 0 });
    expect(readLineDiscount(i18nFor('es'), '2,5', 1250, 'EUR')).toEqual({ value: 250 });
    expect(readLineDiscount(en, '300', 1500, 'JPY')).toEqual({ value: 300 });
  });

  it('not read as money: says why in the payment panel’s words, one definition for both', () => {
    expect(readLineDiscount(en, 'abc', 1250, 'EUR')).toEqual({ problem: 'Not an amount: type one such as 12.50.' });
    expect(readLineDiscount(en, '1.5', 1500, 'JPY')).toEqual({ problem: 'Amounts in JPY have no decimals: type a whole number, such as 1250.' });
    expect(readLineDiscount(en, '-2', 1250, 'EUR')).toEqual({ problem: 'Type the amount without a minus sign, such as 12.50.' });
    expect(readLineDiscount(i18nFor('es'), '1.500', 200_000, 'EUR')).toEqual({ problem: 'Escriba el importe sin separador de miles, como 12,50.' });
    expect(readLineDiscount(i18nFor('ru'), '2,505', 1250, 'EUR')).toEqual({ problem: 'Суммы в EUR имеют не больше 2 знаков после запятой: введите, например, 12,50.' });
    for (const [text, currency] of [['abc', 'EUR'], ['1,5', 'JPY'], ['1,500', 'EUR'], ['12.5055', 'KWD'], ['123456789012345', 'EUR']] as const) {
      const reading = readMajorAmount(text, { EUR: 2, JPY: 0, KWD: 3 }[currency], '.');
      if (reading.ok) throw new Error(`${text} is taken`);
      expect(readLineDiscount(en, text, 1_000_000, currency), text).toEqual({ problem: amountRefusalText(en, reading.refusal, currency) });
    }
  });

  it('above what the line is worth: says the most it can be, in the UI language’s money', () => {
    expect(readLineDiscount(en, '12.51', 1250, 'EUR')).toEqual({ problem: `A discount can be at most ${formatMoney(1250, 'EUR', 'en-GB')}, what the line is worth; 0 takes it off.` });
    expect(readLineDiscount(i18nFor('es'), '13', 1250, 'EUR')).toEqual({
      problem: `El descuento puede ser como máximo ${formatMoney(1250, 'EUR', 'es-ES')} (el valor de la línea); 0 quita el descuento.`,
    });
    expect(readLineDiscount(i18nFor('ru'), '1600', 1500, 'JPY')).toEqual({ problem: `Скидка может быть не больше ${formatMoney(1500, 'JPY', 'ru-RU')} (стоимость строки); 0 снимает скидку.` });
  });
});
