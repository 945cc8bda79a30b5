import { lineAmountProblem, lineTotal, MAX_MINOR, orderTotal } from '../../common/money.ts';
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

/** The line rule both sides keep (common/money.ts `lineAmountProblem`), refused in the staff's words naming the SKU. */
export function checkLine(line: Line): void {
  const problem = lineAmountProblem(line);
  if (problem?.code === 'amount_too_large') {
    throw new DomainError('amount_too_large', `line ${line.sku}: ${problem.message}`, { reason: 'line', sku: line.sku });
  }
  if (problem?.code === 'discount_too_large') throw new DomainError('discount_too_large', `line ${line.sku}: ${problem.message}`, { sku: line.sku });
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
