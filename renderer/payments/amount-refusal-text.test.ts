import { describe, expect, it } from 'vitest';
import { formatMoney, MAX_MINOR } from '../../common/money.ts';
import { i18nFor } from '../use-i18n.ts';
import { readMajorAmount, type AmountRefusal } from './amount-input.ts';
import { amountRefusalText } from './amount-refusal-text.ts';

/** What the payment panel says of `text` typed in `lang` for an order in `currency`. */
function said(lang: 'en' | 'ru' | 'es', text: string, currency: string): string {
  const i18n = i18nFor(lang);
  const separator = lang === 'en' ? '.' : ',';
  const digits = { JPY: 0, EUR: 2, KWD: 3 }[currency] ?? 2;
  const reading = readMajorAmount(text, digits, separator);
  if (reading.ok) throw new Error(`${text} is taken`);
  return amountRefusalText(i18n, reading.refusal, currency);
}

describe('a refused amount says why, with one that would be taken', () => {
  it('a fraction of a currency without minor units (JPY), whichever separator is typed', () => {
    expect(said('en', '1,5', 'JPY')).toBe('Amounts in JPY have no decimals: type a whole number, such as 1250.');
    expect(said('en', '1.5', 'JPY')).toBe('Amounts in JPY have no decimals: type a whole number, such as 1250.');
    expect(said('ru', '1,5', 'JPY')).toBe('Суммы в JPY не имеют дробной части: введите целое число, например 1250.');
    expect(said('es', '1.5', 'JPY')).toBe('Los importes en JPY no tienen decimales: escriba un número entero, como 1250.');
  });

  it('more decimals than the currency has, the example in its digits and the language’s separator', () => {
    expect(said('en', '12.505', 'EUR')).toBe('Amounts in EUR have at most 2 decimal places: type one such as 12.50.');
    expect(said('es', '12,5055', 'KWD')).toBe('Los importes en KWD tienen como máximo 3 decimales: escriba uno como 12,500.');
    expect(said('ru', '1,234', 'EUR')).toBe('Суммы в EUR имеют не больше 2 знаков после запятой: введите, например, 12,50.');
  });

  it('a thousands separator, a minus sign, too much, or no number at all', () => {
    expect(said('en', '1,500', 'EUR')).toBe('Type the amount without a thousands separator, such as 12.50.');
    expect(said('es', '1.500', 'EUR')).toBe('Escriba el importe sin separador de miles, como 12,50.');
    expect(said('en', '-5', 'EUR')).toBe('Type the amount without a minus sign, such as 12.50.');
    expect(said('en', '123456789012345', 'EUR')).toBe(`That is more than the terminal takes: ${formatMoney(MAX_MINOR, 'EUR', 'en-GB')} at most.`);
    expect(said('ru', 'abc', 'EUR')).toBe('Это не сумма: введите, например, 12,50.');
  });

  it.each(['en', 'ru', 'es'] as const)('has words for every reason in %s, each with the example or the limit filled in', (lang) => {
    const reasons: AmountRefusal[] = ['not_a_number', 'negative', 'no_fraction', 'too_many_decimals', 'grouping', 'too_large'];
    for (const reason of reasons) {
      const text = amountRefusalText(i18nFor(lang), reason, 'EUR');
      expect(text, reason).not.toMatch(/[{}]/);
      expect(text, reason).toMatch(/12[.,]50|000/);
    }
  });
});
