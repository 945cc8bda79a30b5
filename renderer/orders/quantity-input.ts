import { MAX_LINE_QTY } from '../../common/entities.ts';

/** A quantity typed at a line, or null when it is not a whole number from 1 to MAX_LINE_QTY. */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,7}$/.test(trimmed)) return null;
  const qty = Number(trimmed);
  return qty >= 1 && qty <= MAX_LINE_QTY ? qty : null;
}
