import { lineTotal, MAX_MINOR, orderTotal } from '../../common/money.ts';
import { DomainError } from '../errors.ts';

/** Pure rules for an order's lines: data in, data out. */
export interface Line {
  lineId: string;
  sku: string;
  name: string;
  qty: number;
  unitPrice: number;
  discount: number;
}

export function checkLine(line: Line): void {
  const gross = line.qty * line.unitPrice;
  if (!Number.isSafeInteger(gross) || gross > MAX_MINOR) {
    throw new DomainError('amount_too_large', `line ${line.sku}: quantity × unit price is too large`, { reason: 'line', sku: line.sku });
  }
  if (line.discount > gross) {
    throw new DomainError('discount_too_large', `line ${line.sku}: discount ${line.discount} exceeds the line's value ${gross}`, { sku: line.sku });
  }
}

export function addLine(lines: readonly Line[], line: Line): Line[] {
  if (lines.some((l) => l.lineId === line.lineId)) {
    throw new DomainError('duplicate_line', `line ${line.lineId} is already on the order`);
  }
  checkLine(line);
  return [...lines, line];
}

export type LineChange = Partial<Pick<Line, 'qty' | 'unitPrice' | 'discount' | 'name'>>;

export function changeLine(lines: readonly Line[], lineId: string, change: LineChange): Line[] {
  const index = lines.findIndex((l) => l.lineId === lineId);
  const current = lines[index];
  if (!current) throw new DomainError('not_found', `line ${lineId} is not on the order`, { reason: 'line' });
  const next: Line = { ...current, ...change };
  checkLine(next);
  return lines.map((l, i) => (i === index ? next : l));
}

export function removeLine(lines: readonly Line[], lineId: string): Line[] {
  if (!lines.some((l) => l.lineId === lineId)) {
    throw new DomainError('not_found', `line ${lineId} is not on the order`, { reason: 'line' });
  }
  return lines.filter((l) => l.lineId !== lineId);
}

export function totalOf(lines: readonly Line[]): number {
  const total = orderTotal(lines);
  if (total > MAX_MINOR) throw new DomainError('amount_too_large', 'the order total is too large', { reason: 'total' });
  return total;
}

export { lineTotal };
