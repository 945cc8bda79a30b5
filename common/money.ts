import { z } from 'zod';

/**
 * Money is always an integer number of minor units (cents) of the order's currency.
 * Floating point never holds an amount; `Intl.NumberFormat` is used only to show one.
 */

/** Largest amount accepted anywhere: 10^13 minor units keeps every sum far inside 2^53. */
export const MAX_MINOR = 10_000_000_000_000;

export const minorAmount = z
  .number({ error: 'must be a number of minor units' })
  .int({ error: 'must be a whole number of minor units (no fractions of a cent)' })
  .min(-MAX_MINOR, { error: 'is too large' })
  .max(MAX_MINOR, { error: 'is too large' });

export const nonNegativeMinor = minorAmount.min(0, { error: 'must not be negative' });
export const positiveMinor = minorAmount.min(1, { error: 'must be greater than zero' });

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as EUR' })
  .refine((code) => minorDigits(code) !== undefined, { error: 'is not a currency this terminal knows' });

export function isMinor(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= MAX_MINOR;
}

/** Sum of minor amounts; throws on a non-integer so a bug can never round silently. */
export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not an amount in minor units: ${v}`);
    total += v;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts overflows');
  return total;
}

export interface LineAmount {
  qty: number;
  unitPrice: number;
  discount: number;
}

export function lineTotal(line: LineAmount): number {
  return line.qty * line.unitPrice - line.discount;
}

export function orderTotal(lines: Iterable<LineAmount>): number {
  const totals: number[] = [];
  for (const line of lines) totals.push(lineTotal(line));
  return sumMinor(totals);
}

const digitCache = new Map<string, number | undefined>();
const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Number of minor digits of a currency (2 for EUR, 0 for JPY), from Intl's data. */
export function minorDigits(currency: string): number | undefined {
  if (digitCache.has(currency)) return digitCache.get(currency);
  let digits: number | undefined;
  if (!knownCurrencies.has(currency)) {
    digitCache.set(currency, undefined);
    return undefined;
  }
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    digits = undefined;
  }
  digitCache.set(currency, digits);
  return digits;
}

const formatterCache = new Map<string, Intl.NumberFormat>();
const separatorCache = new Map<string, string>();

/** The decimal separator people write in `locale`: "." in English, "," in Russian and Spanish. */
export function decimalSeparator(locale = 'en'): string {
  let separator = separatorCache.get(locale);
  if (separator === undefined) {
    separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
    separatorCache.set(locale, separator);
  }
  return separator;
}

/** Formats minor units for people, e.g. formatMoney(1250, 'EUR', 'en') → "€12.50". */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatterCache.set(key, formatter);
  }
  const digits = minorDigits(currency) ?? 2;
  return formatter.format(minor / 10 ** digits);
}
