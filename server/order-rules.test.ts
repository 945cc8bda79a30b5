import { describe, expect, it } from 'vitest';
import type { Order } from '../common/backend-api.ts';
import { decideClose, decideDelete, decidePatch, decideReopen, saleRefusal } from './order-rules.ts';

const order = (overrides: Partial<Order> = {}): Order => ({
  id: 1,
  clientId: 'c1',
  deviceId: 'till-1',
  status: 'InProgress',
  currency: 'EUR',
  lines: [{ lineId: 'l1', sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250, discount: 0 }],
  total: 500,
  customer: null,
  delivery: null,
  saleId: null,
  version: 1,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

const code = (decision: ReturnType<typeof decideClose>) => ('refused' in decision ? decision.refused.code : decision.changes);

describe('order rules', () => {
  it('close: sale required for a total, free for 0, Done stays, Deleted is final', () => {
    expect(code(decideClose(order()))).toBe('sale_required');
    expect(code(decideClose(order({ total: 0, lines: [] })))).toEqual({ status: 'Done' });
    expect(code(decideClose(order({ saleId: 4 })))).toEqual({ status: 'Done' });
    expect(code(decideClose(order({ status: 'Done', saleId: 4 })))).toBeNull();
    expect(code(decideClose(order({ status: 'Deleted' })))).toBe('order_final');
  });

  it('reopen: Done without a sale → InProgress; a sale or Deleted refuse', () => {
    expect(code(decideReopen(order({ status: 'Done' })))).toEqual({ status: 'InProgress' });
    expect(code(decideReopen(order({ status: 'Done', saleId: 2 })))).toBe('sale_exists');
    expect(code(decideReopen(order({ status: 'Deleted' })))).toBe('order_final');
    expect(code(decideReopen(order()))).toBeNull();
  });

  it('delete: refused with a sale or when Done; Deleted stays', () => {
    expect(code(decideDelete(order()))).toEqual({ status: 'Deleted' });
    expect(code(decideDelete(order({ saleId: 2 })))).toBe('sale_exists');
    expect(code(decideDelete(order({ status: 'Done', total: 0 })))).toBe('order_final');
    expect(code(decideDelete(order({ status: 'Deleted' })))).toBeNull();
  });

  it('patch: only what differs; final orders refuse; totals must add up', () => {
    expect(code(decidePatch(order(), { status: 'Delayed' }))).toEqual({ status: 'Delayed' });
    expect(code(decidePatch(order(), { status: 'InProgress', customer: null }))).toBeNull();
    expect(code(decidePatch(order({ status: 'Done' }), { status: 'Delayed' }))).toBe('order_final');
    expect(code(decidePatch(order(), { lines: [], total: 1 }))).toBe('total_mismatch');
    expect(code(decidePatch(order(), { lines: [], total: 0 }))).toEqual({ lines: [], total: 0 });
  });

  it('sale: the order must be open, unsold, and paid exactly its total', () => {
    const paid = (amount: number) => ({ total: 500, transactions: [{ amount }] });
    expect(saleRefusal(order(), paid(500))).toBeNull();
    expect(saleRefusal(order(), paid(400))?.code).toBe('amount_mismatch');
    // Σ amounts is checked against the order first: a sale whose total and payments both disagree is amount_mismatch.
    expect(saleRefusal(order(), { total: 400, transactions: [{ amount: 400 }] })?.code).toBe('amount_mismatch');
    expect(saleRefusal(order(), { total: 400, transactions: [{ amount: 500 }] })).toMatchObject({ code: 'total_mismatch', field: 'total' });
    expect(saleRefusal(order({ status: 'Done' }), paid(500))?.code).toBe('order_closed');
    expect(saleRefusal(order({ status: 'Deleted' }), paid(500))?.code).toBe('order_final');
    expect(saleRefusal(order({ saleId: 3 }), paid(500))).toMatchObject({ status: 409, code: 'sale_exists' });
    // 2^53 − 1 + 2 rounds in floating point; summed naively this "adds up" to 1.
    const rounding = { total: 1, transactions: [Number.MAX_SAFE_INTEGER, 2, -Number.MAX_SAFE_INTEGER].map((amount) => ({ amount })) };
    expect(saleRefusal(order({ total: 1 }), rounding)).toMatchObject({ status: 422, code: 'amount_mismatch', field: 'transactions' });
  });
});
