import { formatMoney } from '../../common/money.ts';
import { useI18n } from '../use-i18n.ts';

/** Formats minor units in the UI language; every amount on screen goes through this. */
export function useMoney(): (minor: number, currency: string) => string {
  const { locale } = useI18n();
  return (minor, currency) => formatMoney(minor, currency, locale);
}
