import { MAX_LINE_QTY } from '../../common/entities.ts';

/** The largest quantity as the staff read it in `locale` ("100,000"), for the refusal's message. */
export function quantityLimit(locale: string): string {
  return new Intl.NumberFormat(locale).format(MAX_LINE_QTY);
}

/** A quantity typed at a line, or null when it is not a whole number from 1 to MAX_LINE_QTY. */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,7}$/.test(trimmed)) return null;
  const qty = Number(trimmed);
  return qty >= 1 && qty <= MAX_LINE_QTY ? qty : null;
}

/**
 * What the barcode field holds, split at a leading multiplier: `12*` then a scan (or a typed
 * SKU or name) adds twelve. `qty` is 1 without one, null when the multiplier is not a quantity.
 */
export function splitMultiplier(text: string): { qty: number | null; code: string } {
  const match = /^\s*([^*\s][^*]*?)\s*\*\s*(.*)$/.exec(text);
  if (!match) return { qty: 1, code: text.trim() };
  return { qty: parseQuantity(match[1]!), code: match[2]!.trim() };
}
