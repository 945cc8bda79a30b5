import { decimalSeparator, formatMoney, MAX_MINOR, minorDigits } from '../../common/money.ts';
import type { I18n } from '../use-i18n.ts';
import { minorToMajorInput, type AmountRefusal } from './amount-input.ts';

/**
 * Why a typed amount is refused, in the staff's language, with an amount they could type instead
 * written for the currency (1250 for JPY, 12.50 for EUR, 12,500 for KWD in Spanish) and the UI
 * language's decimal separator: the cashier sees what to change, not only that something is wrong.
 */
export function amountRefusalText(i18n: Pick<I18n, 't' | 'locale'>, refusal: AmountRefusal, currency: string): string {
  const digits = minorDigits(currency) ?? 2;
  const example = minorToMajorInput(1250 * 10 ** Math.max(0, digits - 2), digits, decimalSeparator(i18n.locale));
  return i18n.t(`pay.badAmount.${refusal}`, { example, currency, digits, max: formatMoney(MAX_MINOR, currency, i18n.locale) });
}
