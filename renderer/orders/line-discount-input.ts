import { decimalSeparator, formatMoney, minorDigits } from '../../common/money.ts';
import { readMajorAmount } from '../payments/amount-input.ts';
import { amountRefusalText } from '../payments/amount-refusal-text.ts';
import type { I18n } from '../use-i18n.ts';

/**
 * A line's discount as typed by the staff: the amount off in minor units (empty or 0 takes it
 * off), or why it is refused. An amount that does not read as money is refused in the words the
 * payment panel uses for one (amountRefusalText), so that both say the same thing of "1,5" yen;
 * an amount above what the line is worth says that limit.
 */
export function readLineDiscount(i18n: Pick<I18n, 't' | 'locale'>, text: string, worth: number, currency: string): { value: number } | { problem: string } {
  if (text.trim() === '') return { value: 0 };
  const reading = readMajorAmount(text, minorDigits(currency) ?? 2, decimalSeparator(i18n.locale));
  if (!reading.ok) return { problem: amountRefusalText(i18n, reading.refusal, currency) };
  if (reading.minor > worth) return { problem: i18n.t('editor.discountOverWorth', { max: formatMoney(worth, currency, i18n.locale) }) };
  return { value: reading.minor };
}
