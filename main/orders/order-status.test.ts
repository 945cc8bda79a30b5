import { describe, expect, it } from 'vitest';
import { orderStatuses, type OrderStatus } from '../../common/entities.ts';
import { DomainError } from '../errors.ts';
import { canMoveOrderStatus, isFinal } from '../../common/order-status.ts';
import { assertEditable, assertOrderMove } from './order-status.ts';

const allowed: Record<OrderStatus, OrderStatus[]> = {
  InProgress: ['InDelivery', 'Delayed', 'Done', 'Deleted'],
  InDelivery: ['Delayed', 'Done', 'Deleted'],
  Delayed: ['InDelivery', 'Done', 'Deleted'],
  Done: [],
  Deleted: [],
};

describe('order status machine', () => {
  for (const from of orderStatuses) {
    for (const to of orderStatuses) {
      if (from === to) continue;
      it(`${from} → ${to}`, () => expect(canMoveOrderStatus(from, to)).toBe(allowed[from].includes(to)));
    }
  }

  it('final statuses refuse every edit with a clear error', () => {
    for (const status of ['Done', 'Deleted'] as const) {
      expect(isFinal(status)).toBe(true);
      expect(() => assertEditable(status, 'o1')).toThrow(DomainError);
      expect(() => assertEditable(status, 'o1')).toThrow(/can no longer be changed/);
    }
    expect(() => assertEditable('Delayed', 'o1')).not.toThrow();
  });

  it('refuses a move the table does not allow', () => {
    expect(() => assertOrderMove('InDelivery', 'InProgress', 'o1')).toThrow(/cannot go from InDelivery to InProgress/);
  });
});
