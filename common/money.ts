import { z } from 'zod';
import { iso4217Exponent } from './iso-currencies.ts';

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

/**
 * Sum of minor amounts; throws on a non-integer so a bug can never round silently. Every partial
 * sum is checked: 2^53 − 1 + 2 rounds, and a later − (2^53 − 1) would hide it in a plausible total.
 */
export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not an amount in minor units: ${v}`);
    total += v;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts overflows');
  }
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

/** Why a line's amounts can't stand, naming the field to fix; the terminal and the server refuse the same lines. */
export interface LineAmountProblem {
  code: 'amount_too_large' | 'discount_too_large';
  field: 'unitPrice' | 'discount';
  message: string;
}

/** A line is worth at most MAX_MINOR, and its discount at most its value (no negative line totals). */
export function lineAmountProblem(line: LineAmount): LineAmountProblem | null {
  const gross = line.qty * line.unitPrice;
  if (!Number.isSafeInteger(gross) || gross > MAX_MINOR) {
    return { code: 'amount_too_large', field: 'unitPrice', message: 'quantity × unit price is too large' };
  }
  if (line.discount > gross) {
    return { code: 'discount_too_large', field: 'discount', message: `discount ${line.discount} exceeds the line's value ${gross}` };
  }
  return null;
}

/** What a recorded payment says of the money handed over: only cash has any. */
export interface TenderedCash {
  method: string;
  amount: number;
  tendered: number | null;
  change: number | null;
}

/**
 * Why a transaction's cash fields disagree with its amount, or null: tendered is at least the
 * amount, change is exactly tendered − amount, and neither is given for another method.
 */
export function cashProblem(tx: TenderedCash): { field: 'tendered' | 'change'; message: string } | null {
  if (tx.method !== 'cash') {
    if (tx.tendered !== null) return { field: 'tendered', message: `applies to cash only, not ${tx.method}` };
    if (tx.change !== null) return { field: 'change', message: `applies to cash only, not ${tx.method}` };
    return null;
  }
  if (tx.tendered === null) return tx.change === null ? null : { field: 'change', message: 'is given without tendered' };
  if (tx.tendered < tx.amount) return { field: 'tendered', message: `${tx.tendered} is less than the amount ${tx.amount}` };
  if (tx.change !== null && tx.change !== tx.tendered - tx.amount) {
    return { field: 'change', message: `must be tendered − amount (${tx.tendered - tx.amount}), not ${tx.change}` };
  }
  return null;
}

export function orderTotal(lines: Iterable<LineAmount>): number {
  const totals: number[] = [];
  for (const line of lines) totals.push(lineTotal(line));
  return sumMinor(totals);
}

const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * Number of minor digits of a currency (2 for EUR, 0 for JPY, 3 for IQD) as ISO 4217 fixes it,
 * for the codes Intl knows; undefined for any other code.
 */
export function minorDigits(currency: string): number | undefined {
  return knownCurrencies.has(currency) ? iso4217Exponent(currency) : undefined;
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
  const digits = minorDigits(currency) ?? 2;
  if (!formatter) {
    // Intl's own digits come from CLDR (IQD 0); the amount has the ISO 4217 ones, so show exactly those.
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatterCache.set(key, formatter);
  }
  return formatter.format(minor / 10 ** digits);
}
